package dev.coffer.store.sqlite;

import dev.coffer.store.ObjectKind;
import dev.coffer.store.ObjectNameRow;
import dev.coffer.store.ObjectVersionRow;
import dev.coffer.store.StoreException;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * Vault objects: one object_names row per (vault, kind, name) and its versions. Version rows report the vault
 * and object name with the casing stored on the name row, which is the authority for it.
 */
final class ObjectTables {

    private static final String NAME_COLUMNS = "vault_name, kind, name, deleted_at, scheduled_purge_at";
    private static final String VERSION_COLUMNS = """
            n.vault_name, n.kind, n.name, v.version, v.sequence, v.enabled, v.not_before, v.expires, v.created,
            v.updated, v.content_type, v.tags, v.extra, v.sealed_value""";

    /** The newest version of every live name of one kind in a vault, in name order: one index range scan. */
    static final String LATEST_VERSIONS = "SELECT " + VERSION_COLUMNS + """
             FROM object_names n JOIN object_versions v ON v.sequence = n.latest_sequence
            WHERE n.vault_key = ? AND n.kind = ? AND n.deleted_at IS NULL AND n.name_key > ?
            ORDER BY n.name_key LIMIT ?""";

    private final SqlSession sql;

    ObjectTables(SqlSession sql) {
        this.sql = sql;
    }

    Optional<ObjectNameRow> objectName(String vaultName, ObjectKind kind, String name) {
        return sql.queryOne("SELECT " + NAME_COLUMNS + " FROM object_names"
                        + " WHERE vault_key = ? AND kind = ? AND name_key = ?",
                ObjectTables::nameRow, NameKey.of(vaultName), kind, NameKey.of(name));
    }

    void putObjectName(ObjectNameRow row) {
        sql.update("""
                INSERT INTO object_names (vault_key, kind, name_key, vault_name, name, deleted_at, scheduled_purge_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (vault_key, kind, name_key) DO UPDATE SET vault_name = excluded.vault_name,
                    name = excluded.name, deleted_at = excluded.deleted_at,
                    scheduled_purge_at = excluded.scheduled_purge_at""",
                NameKey.of(row.vaultName()), row.kind(), NameKey.of(row.name()), row.vaultName(), row.name(),
                row.deletedAt(), row.scheduledPurgeAt());
    }

    Optional<ObjectVersionRow> latestVersion(String vaultName, ObjectKind kind, String name) {
        return sql.queryOne("SELECT " + VERSION_COLUMNS + """
                         FROM object_names n JOIN object_versions v ON v.sequence = n.latest_sequence
                        WHERE n.vault_key = ? AND n.kind = ? AND n.name_key = ?""",
                ObjectTables::versionRow, NameKey.of(vaultName), kind, NameKey.of(name));
    }

    Optional<ObjectVersionRow> version(String vaultName, ObjectKind kind, String name, String version) {
        return sql.queryOne("SELECT " + VERSION_COLUMNS + """
                         FROM object_names n JOIN object_versions v ON v.name_id = n.id
                        WHERE n.vault_key = ? AND n.kind = ? AND n.name_key = ? AND v.version_key = ?""",
                ObjectTables::versionRow, NameKey.of(vaultName), kind, NameKey.of(name), NameKey.of(version));
    }

    List<ObjectVersionRow> latestVersions(String vaultName, ObjectKind kind, String afterName, int limit) {
        return sql.query(LATEST_VERSIONS, ObjectTables::versionRow,
                NameKey.of(vaultName), kind, NameKey.after(afterName), limit);
    }

    List<ObjectVersionRow> versions(String vaultName, ObjectKind kind, String name, long afterSequence, int limit) {
        return sql.query("SELECT " + VERSION_COLUMNS + """
                         FROM object_names n JOIN object_versions v ON v.name_id = n.id
                        WHERE n.vault_key = ? AND n.kind = ? AND n.name_key = ? AND v.sequence > ?
                        ORDER BY v.sequence LIMIT ?""",
                ObjectTables::versionRow, NameKey.of(vaultName), kind, NameKey.of(name), afterSequence, limit);
    }

    List<ObjectNameRow> deletedNames(String vaultName, ObjectKind kind, String afterName, int limit) {
        return sql.query("SELECT " + NAME_COLUMNS + """
                         FROM object_names
                        WHERE vault_key = ? AND kind = ? AND deleted_at IS NOT NULL AND name_key > ?
                        ORDER BY name_key LIMIT ?""",
                ObjectTables::nameRow, NameKey.of(vaultName), kind, NameKey.after(afterName), limit);
    }

    List<ObjectNameRow> purgeDue(long epochSecond, int limit) {
        return sql.query("SELECT " + NAME_COLUMNS + """
                         FROM object_names
                        WHERE deleted_at IS NOT NULL AND scheduled_purge_at <= ?
                        ORDER BY scheduled_purge_at, id LIMIT ?""",
                ObjectTables::nameRow, epochSecond, limit);
    }

    /** Live names that have at least one version: the same set {@link #latestVersions} pages through. */
    long objectCount(String vaultName, ObjectKind kind) {
        return sql.queryLong("""
                SELECT count(*) FROM object_names
                WHERE vault_key = ? AND kind = ? AND deleted_at IS NULL AND latest_sequence IS NOT NULL""",
                NameKey.of(vaultName), kind);
    }

    ObjectVersionRow insertVersion(ObjectVersionRow row) {
        StoredName owner = sql.queryOne("SELECT id, vault_name, name FROM object_names"
                                + " WHERE vault_key = ? AND kind = ? AND name_key = ?",
                        r -> new StoredName(r.longValue("id"), r.string("vault_name"), r.string("name")),
                        NameKey.of(row.vaultName()), row.kind(), NameKey.of(row.name()))
                .orElseThrow(() -> new StoreException(
                        "insertVersion: put the object's name row before its first version", null));
        sql.update("""
                INSERT INTO object_versions (name_id, version_key, version, enabled, not_before, expires, created,
                    updated, content_type, tags, extra, sealed_value) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                owner.id(), NameKey.of(row.version()), row.version(), row.enabled(), row.notBefore(), row.expires(),
                row.created(), row.updated(), row.contentType(), JsonColumns.write(row.tags()),
                JsonColumns.write(row.extra()), row.sealedValue());
        long sequence = sql.queryLong("SELECT last_insert_rowid()");
        sql.update("UPDATE object_names SET latest_sequence = ? WHERE id = ?", sequence, owner.id());
        return new ObjectVersionRow(owner.vaultName(), row.kind(), owner.name(), row.version(), sequence,
                row.enabled(), row.notBefore(), row.expires(), row.created(), row.updated(), row.contentType(),
                row.tags(), row.extra(), row.sealedValue());
    }

    void updateVersion(ObjectVersionRow row) {
        int updated = sql.update("""
                UPDATE object_versions SET enabled = ?, not_before = ?, expires = ?, updated = ?, content_type = ?,
                    tags = ?, extra = ?
                WHERE version_key = ? AND name_id =
                    (SELECT id FROM object_names WHERE vault_key = ? AND kind = ? AND name_key = ?)""",
                row.enabled(), row.notBefore(), row.expires(), row.updated(), row.contentType(),
                JsonColumns.write(row.tags()), JsonColumns.write(row.extra()),
                NameKey.of(row.version()), NameKey.of(row.vaultName()), row.kind(), NameKey.of(row.name()));
        if (updated == 0) {
            throw new StoreException("updateVersion: no such object version", null);
        }
    }

    // Versions go with their name through ON DELETE CASCADE.
    void purgeObject(String vaultName, ObjectKind kind, String name) {
        sql.update("DELETE FROM object_names WHERE vault_key = ? AND kind = ? AND name_key = ?",
                NameKey.of(vaultName), kind, NameKey.of(name));
    }

    void purgeVaultObjects(String vaultName) {
        sql.update("DELETE FROM object_names WHERE vault_key = ?", NameKey.of(vaultName));
    }

    private record StoredName(long id, String vaultName, String name) {
    }

    private static ObjectNameRow nameRow(ResultRow row) throws SQLException {
        return new ObjectNameRow(row.string("vault_name"), ObjectKind.valueOf(row.string("kind")),
                row.string("name"), row.nullableLong("deleted_at"), row.nullableLong("scheduled_purge_at"));
    }

    private static ObjectVersionRow versionRow(ResultRow row) throws SQLException {
        return new ObjectVersionRow(row.string("vault_name"), ObjectKind.valueOf(row.string("kind")),
                row.string("name"), row.string("version"), row.longValue("sequence"), row.bool("enabled"),
                row.nullableLong("not_before"), row.nullableLong("expires"), row.longValue("created"),
                row.longValue("updated"), row.string("content_type"), row.stringMap("tags"), row.stringMap("extra"),
                row.bytes("sealed_value"));
    }
}
