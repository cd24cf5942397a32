package dev.coffer.store.sqlite;

import dev.coffer.store.CredentialRow;
import dev.coffer.store.PrincipalRow;
import dev.coffer.store.TenantRow;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** Tenants, principals and their password credentials. */
final class DirectoryTables {

    private static final String TENANT_COLUMNS = "tenant_id, display_name, created_at";
    private static final String PRINCIPAL_COLUMNS =
            "object_id, tenant_id, kind, app_id, display_name, enabled, created_at";
    private static final String CREDENTIAL_COLUMNS =
            "object_id, key_id, hash_algorithm, hash, hint, created_at, expires_at";

    private final SqlSession sql;

    DirectoryTables(SqlSession sql) {
        this.sql = sql;
    }

    Optional<TenantRow> tenant(String tenantId) {
        return sql.queryOne("SELECT " + TENANT_COLUMNS + " FROM tenants WHERE tenant_key = ?",
                DirectoryTables::tenantRow, NameKey.of(tenantId));
    }

    List<TenantRow> tenants() {
        return sql.query("SELECT " + TENANT_COLUMNS + " FROM tenants ORDER BY tenant_key",
                DirectoryTables::tenantRow);
    }

    void putTenant(TenantRow row) {
        sql.update("""
                INSERT INTO tenants (tenant_key, tenant_id, display_name, created_at) VALUES (?, ?, ?, ?)
                ON CONFLICT (tenant_key) DO UPDATE SET tenant_id = excluded.tenant_id,
                    display_name = excluded.display_name, created_at = excluded.created_at""",
                NameKey.of(row.tenantId()), row.tenantId(), row.displayName(), row.createdAt());
    }

    Optional<PrincipalRow> principal(String objectId) {
        return sql.queryOne("SELECT " + PRINCIPAL_COLUMNS + " FROM principals WHERE object_key = ?",
                DirectoryTables::principalRow, NameKey.of(objectId));
    }

    Optional<PrincipalRow> principalByAppId(String tenantId, String appId) {
        // An application has one service principal per tenant; the ORDER BY only makes a violation deterministic.
        return sql.queryOne("SELECT " + PRINCIPAL_COLUMNS + " FROM principals WHERE tenant_key = ? AND app_key = ?"
                        + " ORDER BY created_at, object_key LIMIT 1",
                DirectoryTables::principalRow, NameKey.of(tenantId), NameKey.of(appId));
    }

    List<PrincipalRow> principals(String tenantId) {
        return sql.query("SELECT " + PRINCIPAL_COLUMNS + " FROM principals WHERE tenant_key = ? ORDER BY object_key",
                DirectoryTables::principalRow, NameKey.of(tenantId));
    }

    // An upsert, not INSERT OR REPLACE: REPLACE deletes the old row first, which would cascade to credentials.
    void putPrincipal(PrincipalRow row) {
        sql.update("""
                INSERT INTO principals (object_key, object_id, tenant_key, tenant_id, kind, app_key, app_id,
                    display_name, enabled, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (object_key) DO UPDATE SET object_id = excluded.object_id,
                    tenant_key = excluded.tenant_key, tenant_id = excluded.tenant_id, kind = excluded.kind,
                    app_key = excluded.app_key, app_id = excluded.app_id, display_name = excluded.display_name,
                    enabled = excluded.enabled, created_at = excluded.created_at""",
                NameKey.of(row.objectId()), row.objectId(), NameKey.of(row.tenantId()), row.tenantId(), row.kind(),
                NameKey.of(row.appId()), row.appId(), row.displayName(), row.enabled(), row.createdAt());
    }

    void deletePrincipal(String objectId) {
        sql.update("DELETE FROM principals WHERE object_key = ?", NameKey.of(objectId));
    }

    List<CredentialRow> credentials(String objectId) {
        return sql.query("SELECT " + CREDENTIAL_COLUMNS + " FROM credentials WHERE object_key = ?"
                        + " ORDER BY created_at, key_key",
                DirectoryTables::credentialRow, NameKey.of(objectId));
    }

    void putCredential(CredentialRow row) {
        sql.update("""
                INSERT INTO credentials (object_key, key_key, object_id, key_id, hash_algorithm, hash, hint,
                    created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (object_key, key_key) DO UPDATE SET object_id = excluded.object_id,
                    key_id = excluded.key_id, hash_algorithm = excluded.hash_algorithm, hash = excluded.hash,
                    hint = excluded.hint, created_at = excluded.created_at, expires_at = excluded.expires_at""",
                NameKey.of(row.objectId()), NameKey.of(row.keyId()), row.objectId(), row.keyId(),
                row.hashAlgorithm(), row.hash(), row.hint(), row.createdAt(), row.expiresAt());
    }

    void deleteCredential(String objectId, String keyId) {
        sql.update("DELETE FROM credentials WHERE object_key = ? AND key_key = ?",
                NameKey.of(objectId), NameKey.of(keyId));
    }

    private static TenantRow tenantRow(ResultRow row) throws SQLException {
        return new TenantRow(row.string("tenant_id"), row.string("display_name"), row.longValue("created_at"));
    }

    private static PrincipalRow principalRow(ResultRow row) throws SQLException {
        return new PrincipalRow(row.string("object_id"), row.string("tenant_id"), row.string("kind"),
                row.string("app_id"), row.string("display_name"), row.bool("enabled"), row.longValue("created_at"));
    }

    private static CredentialRow credentialRow(ResultRow row) throws SQLException {
        return new CredentialRow(row.string("object_id"), row.string("key_id"), row.string("hash_algorithm"),
                row.bytes("hash"), row.string("hint"), row.longValue("created_at"), row.longValue("expires_at"));
    }
}
