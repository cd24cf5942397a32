-- Coffer's SQLite schema, version 1.
--
-- Conventions:
--  * Every identifier that callers look up by (names, ids) has a *_key column holding its lower-cased form
--    (computed in Java with Locale.ROOT) next to the display column that keeps the caller's casing.
--    Lookups and ordering use the key; rows are returned with the display value.
--  * Nested values (tags, access policies, network ACLs, extra metadata) are JSON text.
--  * Times are epoch seconds; booleans are 0/1.
--  * Tables are STRICT so a type mix-up fails loudly instead of being stored silently.

CREATE TABLE tenants (
    tenant_key   TEXT    NOT NULL PRIMARY KEY,
    tenant_id    TEXT    NOT NULL,
    display_name TEXT,
    created_at   INTEGER NOT NULL
) STRICT;

CREATE TABLE principals (
    object_key   TEXT    NOT NULL PRIMARY KEY,
    object_id    TEXT    NOT NULL,
    tenant_key   TEXT    NOT NULL,
    tenant_id    TEXT    NOT NULL,
    kind         TEXT,
    app_key      TEXT,
    app_id       TEXT,
    display_name TEXT,
    enabled      INTEGER NOT NULL,
    created_at   INTEGER NOT NULL
) STRICT;

CREATE INDEX principals_by_tenant ON principals (tenant_key, object_key);
CREATE INDEX principals_by_app ON principals (tenant_key, app_key) WHERE app_key IS NOT NULL;

-- Credentials belong to their principal: deleting the principal removes its password hashes too.
CREATE TABLE credentials (
    object_key     TEXT    NOT NULL REFERENCES principals (object_key) ON DELETE CASCADE,
    key_key        TEXT    NOT NULL,
    object_id      TEXT    NOT NULL,
    key_id         TEXT    NOT NULL,
    hash_algorithm TEXT,
    hash           BLOB,
    hint           TEXT,
    created_at     INTEGER NOT NULL,
    expires_at     INTEGER NOT NULL,
    PRIMARY KEY (object_key, key_key)
) STRICT;

CREATE TABLE keyring (
    term        INTEGER NOT NULL PRIMARY KEY,
    wrapped_key BLOB,
    created_at  INTEGER NOT NULL
) STRICT;

CREATE TABLE signing_keys (
    tenant_key         TEXT    NOT NULL,
    key_key            TEXT    NOT NULL,
    tenant_id          TEXT    NOT NULL,
    key_id             TEXT    NOT NULL,
    public_jwk         TEXT,
    sealed_private_jwk BLOB,
    created_at         INTEGER NOT NULL,
    retire_at          INTEGER NOT NULL,
    remove_at          INTEGER NOT NULL,
    PRIMARY KEY (tenant_key, key_key)
) STRICT;

CREATE TABLE subscriptions (
    subscription_key TEXT    NOT NULL PRIMARY KEY,
    subscription_id  TEXT    NOT NULL,
    tenant_key       TEXT    NOT NULL,
    tenant_id        TEXT    NOT NULL,
    display_name     TEXT,
    state            TEXT,
    created_at       INTEGER NOT NULL
) STRICT;

CREATE INDEX subscriptions_by_tenant ON subscriptions (tenant_key, subscription_key);

CREATE TABLE resource_groups (
    subscription_key TEXT    NOT NULL,
    name_key         TEXT    NOT NULL,
    subscription_id  TEXT    NOT NULL,
    name             TEXT    NOT NULL,
    location         TEXT,
    tags             TEXT    NOT NULL,
    created_at       INTEGER NOT NULL,
    PRIMARY KEY (subscription_key, name_key)
) STRICT;

-- Vault names are unique across the installation, soft-deleted vaults included.
CREATE TABLE vaults (
    name_key                          TEXT    NOT NULL PRIMARY KEY,
    name                              TEXT    NOT NULL,
    subscription_key                  TEXT    NOT NULL,
    subscription_id                   TEXT    NOT NULL,
    resource_group                    TEXT,
    location                          TEXT,
    tenant_id                         TEXT,
    sku_name                          TEXT,
    enable_rbac_authorization         INTEGER,
    enable_soft_delete                INTEGER NOT NULL,
    soft_delete_retention_in_days     INTEGER NOT NULL,
    enable_purge_protection           INTEGER NOT NULL,
    enabled_for_deployment            INTEGER NOT NULL,
    enabled_for_disk_encryption       INTEGER NOT NULL,
    enabled_for_template_deployment   INTEGER NOT NULL,
    public_network_access             TEXT,
    access_policies                   TEXT    NOT NULL,
    network_acls                      TEXT,
    tags                              TEXT    NOT NULL,
    created_by                        TEXT,
    created_at                        INTEGER NOT NULL,
    updated_by                        TEXT,
    updated_at                        INTEGER NOT NULL,
    deleted_at                        INTEGER,
    scheduled_purge_at                INTEGER
) STRICT;

CREATE INDEX vaults_by_subscription ON vaults (subscription_key, name_key);

CREATE TABLE role_assignments (
    name_key           TEXT    NOT NULL PRIMARY KEY,
    name               TEXT    NOT NULL,
    scope              TEXT,
    role_definition_id TEXT,
    principal_id       TEXT,
    principal_type     TEXT,
    description        TEXT,
    created_by         TEXT,
    created_at         INTEGER NOT NULL,
    not_before         INTEGER,
    not_after          INTEGER
) STRICT;

-- Name-level state of vault objects. latest_sequence points at the newest version so that listing the
-- live names of a vault is a range scan of one index, not a GROUP BY over every version.
CREATE TABLE object_names (
    id                 INTEGER PRIMARY KEY,
    vault_key          TEXT    NOT NULL,
    kind               TEXT    NOT NULL,
    name_key           TEXT    NOT NULL,
    vault_name         TEXT    NOT NULL,
    name               TEXT    NOT NULL,
    deleted_at         INTEGER,
    scheduled_purge_at INTEGER,
    latest_sequence    INTEGER,
    UNIQUE (vault_key, kind, name_key)
) STRICT;

-- Live names in name order, with the latest_sequence the listing joins on.
CREATE INDEX object_names_live ON object_names (vault_key, kind, name_key, latest_sequence)
    WHERE deleted_at IS NULL;
CREATE INDEX object_names_deleted ON object_names (vault_key, kind, name_key) WHERE deleted_at IS NOT NULL;
CREATE INDEX object_names_purge_due ON object_names (scheduled_purge_at) WHERE deleted_at IS NOT NULL;

-- AUTOINCREMENT so a sequence number is never handed out twice, even after the newest version is purged.
CREATE TABLE object_versions (
    sequence     INTEGER PRIMARY KEY AUTOINCREMENT,
    name_id      INTEGER NOT NULL REFERENCES object_names (id) ON DELETE CASCADE,
    version_key  TEXT    NOT NULL,
    version      TEXT    NOT NULL,
    enabled      INTEGER NOT NULL,
    not_before   INTEGER,
    expires      INTEGER,
    created      INTEGER NOT NULL,
    updated      INTEGER NOT NULL,
    content_type TEXT,
    tags         TEXT    NOT NULL,
    extra        TEXT    NOT NULL,
    sealed_value BLOB,
    UNIQUE (name_id, version_key)
) STRICT;

-- (name_id) alone also orders by sequence (the rowid), which is what versions() pages over.
CREATE INDEX object_versions_by_name ON object_versions (name_id);
