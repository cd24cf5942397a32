-- Virtual networks (Microsoft.Network/virtualNetworks) with their subnets, so that vault network rules can
-- name subnets. Identified by subscription, resource group and name (keys lower-cased by the application).

CREATE TABLE virtual_networks (
    network_key      TEXT    NOT NULL PRIMARY KEY,
    subscription_id  TEXT    NOT NULL,
    resource_group   TEXT    NOT NULL,
    name             TEXT    NOT NULL,
    location         TEXT    NOT NULL,
    tags             TEXT,
    address_prefixes TEXT    NOT NULL,
    subnets          TEXT    NOT NULL,
    created_by       TEXT,
    created_at       INTEGER NOT NULL,
    updated_by       TEXT,
    updated_at       INTEGER NOT NULL
) STRICT;
