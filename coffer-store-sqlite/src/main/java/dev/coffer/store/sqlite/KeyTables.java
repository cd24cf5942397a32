package dev.coffer.store.sqlite;

import dev.coffer.store.KeyringRow;
import dev.coffer.store.SigningKeyRow;
import java.sql.SQLException;
import java.util.List;

/** The barrier's keyring and the tenants' token-signing keys. */
final class KeyTables {

    private final SqlSession sql;

    KeyTables(SqlSession sql) {
        this.sql = sql;
    }

    List<KeyringRow> keyring() {
        return sql.query("SELECT term, wrapped_key, created_at FROM keyring ORDER BY term",
                row -> new KeyringRow(row.intValue("term"), row.bytes("wrapped_key"), row.longValue("created_at")));
    }

    void putKeyring(KeyringRow row) {
        sql.update("""
                INSERT INTO keyring (term, wrapped_key, created_at) VALUES (?, ?, ?)
                ON CONFLICT (term) DO UPDATE SET wrapped_key = excluded.wrapped_key,
                    created_at = excluded.created_at""",
                row.term(), row.wrappedKey(), row.createdAt());
    }

    List<SigningKeyRow> signingKeys(String tenantId) {
        return sql.query("""
                SELECT tenant_id, key_id, public_jwk, sealed_private_jwk, created_at, retire_at, remove_at
                FROM signing_keys WHERE tenant_key = ? ORDER BY created_at, key_key""",
                KeyTables::signingKeyRow, NameKey.of(tenantId));
    }

    void putSigningKey(SigningKeyRow row) {
        sql.update("""
                INSERT INTO signing_keys (tenant_key, key_key, tenant_id, key_id, public_jwk, sealed_private_jwk,
                    created_at, retire_at, remove_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (tenant_key, key_key) DO UPDATE SET tenant_id = excluded.tenant_id,
                    key_id = excluded.key_id, public_jwk = excluded.public_jwk,
                    sealed_private_jwk = excluded.sealed_private_jwk, created_at = excluded.created_at,
                    retire_at = excluded.retire_at, remove_at = excluded.remove_at""",
                NameKey.of(row.tenantId()), NameKey.of(row.keyId()), row.tenantId(), row.keyId(), row.publicJwk(),
                row.sealedPrivateJwk(), row.createdAt(), row.retireAt(), row.removeAt());
    }

    private static SigningKeyRow signingKeyRow(ResultRow row) throws SQLException {
        return new SigningKeyRow(row.string("tenant_id"), row.string("key_id"), row.string("public_jwk"),
                row.bytes("sealed_private_jwk"), row.longValue("created_at"), row.longValue("retire_at"),
                row.longValue("remove_at"));
    }
}
