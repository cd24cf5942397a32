-- Identity: user principal names, group memberships, refresh tokens (hashes only) and tenant policy settings.

ALTER TABLE principals ADD COLUMN upn_key TEXT;
ALTER TABLE principals ADD COLUMN user_principal_name TEXT;
CREATE UNIQUE INDEX principals_by_upn ON principals (tenant_key, upn_key) WHERE upn_key IS NOT NULL;

CREATE TABLE group_members (
    group_key  TEXT NOT NULL REFERENCES principals (object_key) ON DELETE CASCADE,
    member_key TEXT NOT NULL,
    group_id   TEXT NOT NULL,
    member_id  TEXT NOT NULL,
    PRIMARY KEY (group_key, member_key)
) STRICT;

CREATE INDEX group_members_by_member ON group_members (member_key);

CREATE TABLE refresh_tokens (
    token_hash BLOB    NOT NULL PRIMARY KEY,
    object_key TEXT    NOT NULL REFERENCES principals (object_key) ON DELETE CASCADE,
    object_id  TEXT    NOT NULL,
    tenant_id  TEXT    NOT NULL,
    client_id  TEXT    NOT NULL,
    scope      TEXT    NOT NULL,
    amr        TEXT    NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
) STRICT;

CREATE INDEX refresh_tokens_by_principal ON refresh_tokens (object_key);

CREATE TABLE tenant_settings (
    tenant_key TEXT NOT NULL,
    name       TEXT NOT NULL,
    value      TEXT,
    PRIMARY KEY (tenant_key, name)
) STRICT;
