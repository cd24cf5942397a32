-- Custom role definitions (built-in roles ship as data in coffer-core).

CREATE TABLE role_definitions (
    id_key            TEXT    NOT NULL PRIMARY KEY,
    id                TEXT    NOT NULL,
    tenant_id         TEXT    NOT NULL,
    role_name         TEXT    NOT NULL,
    description       TEXT,
    permissions       TEXT    NOT NULL,
    assignable_scopes TEXT    NOT NULL,
    created_by        TEXT,
    created_at        INTEGER NOT NULL,
    updated_at        INTEGER NOT NULL
) STRICT;
