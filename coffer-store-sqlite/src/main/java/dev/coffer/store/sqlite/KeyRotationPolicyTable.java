package dev.coffer.store.sqlite;

import dev.coffer.store.KeyRotationPolicyRow;
import dev.coffer.store.ObjectKind;
import dev.coffer.store.StoreException;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * Key rotation policies, one per key name. A policy row hangs off the key's object_names row, so purging the
 * key (or its vault) removes the policy by ON DELETE CASCADE, and it reports the name's stored casing.
 */
final class KeyRotationPolicyTable {

    private static final String COLUMNS = """
            n.vault_name, n.name, p.lifetime_actions, p.expiry_time, p.created_at, p.updated_at, p.notified_version""";

    private final SqlSession sql;

    KeyRotationPolicyTable(SqlSession sql) {
        this.sql = sql;
    }

    Optional<KeyRotationPolicyRow> policy(String vaultName, String keyName) {
        return sql.queryOne("SELECT " + COLUMNS + """
                         FROM key_rotation_policies p JOIN object_names n ON n.id = p.name_id
                        WHERE n.vault_key = ? AND n.kind = ? AND n.name_key = ?""",
                KeyRotationPolicyTable::row, NameKey.of(vaultName), ObjectKind.KEY, NameKey.of(keyName));
    }

    /** Policies of live keys across vaults, in (vault, name) order after the given pair, at most limit. */
    List<KeyRotationPolicyRow> policies(String afterVault, String afterName, int limit) {
        return sql.query("SELECT " + COLUMNS + """
                         FROM key_rotation_policies p JOIN object_names n ON n.id = p.name_id
                        WHERE n.kind = ? AND n.deleted_at IS NULL AND (n.vault_key, n.name_key) > (?, ?)
                        ORDER BY n.vault_key, n.name_key LIMIT ?""",
                KeyRotationPolicyTable::row, ObjectKind.KEY, NameKey.after(afterVault), NameKey.after(afterName),
                limit);
    }

    void put(KeyRotationPolicyRow row) {
        long nameId = sql.queryOne("SELECT id FROM object_names WHERE vault_key = ? AND kind = ? AND name_key = ?",
                        r -> r.longValue("id"), NameKey.of(row.vaultName()), ObjectKind.KEY, NameKey.of(row.keyName()))
                .orElseThrow(() -> new StoreException("putKeyRotationPolicy: the key's name row does not exist", null));
        sql.update("""
                INSERT INTO key_rotation_policies (name_id, lifetime_actions, expiry_time, created_at, updated_at,
                    notified_version) VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (name_id) DO UPDATE SET lifetime_actions = excluded.lifetime_actions,
                    expiry_time = excluded.expiry_time, created_at = excluded.created_at,
                    updated_at = excluded.updated_at, notified_version = excluded.notified_version""",
                nameId, JsonColumns.write(row.lifetimeActions()), row.expiryTime(), row.createdAt(), row.updatedAt(),
                row.notifiedVersion());
    }

    private static KeyRotationPolicyRow row(ResultRow row) throws SQLException {
        return new KeyRotationPolicyRow(row.string("vault_name"), row.string("name"),
                row.stringMap("lifetime_actions"), row.string("expiry_time"), row.longValue("created_at"),
                row.longValue("updated_at"), row.string("notified_version"));
    }
}
