-- Key rotation policies (keys issue). One row per key name; purging the key removes it with the name.
-- lifetime_actions is JSON text written by the keys engine; notified_version is the last version a Notify
-- action fired for, so a notification goes out once per version.

CREATE TABLE key_rotation_policies (
    name_id          INTEGER NOT NULL PRIMARY KEY REFERENCES object_names (id) ON DELETE CASCADE,
    lifetime_actions TEXT    NOT NULL,
    expiry_time      TEXT,
    created_at       INTEGER NOT NULL,
    updated_at       INTEGER NOT NULL,
    notified_version TEXT
) STRICT;
