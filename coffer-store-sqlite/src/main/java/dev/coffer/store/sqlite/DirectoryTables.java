package dev.coffer.store.sqlite;

import dev.coffer.store.CredentialRow;
import dev.coffer.store.GroupMemberRow;
import dev.coffer.store.RefreshTokenRow;
import dev.coffer.store.PrincipalRow;
import dev.coffer.store.TenantRow;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Tenants, principals and their password credentials. */
final class DirectoryTables {

    private static final String TENANT_COLUMNS = "tenant_id, display_name, created_at";
    private static final String PRINCIPAL_COLUMNS =
            "object_id, tenant_id, kind, app_id, display_name, enabled, created_at, user_principal_name";
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
                        + " AND kind = 'ServicePrincipal' ORDER BY created_at, object_key LIMIT 1",
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
                    display_name, enabled, created_at, upn_key, user_principal_name)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (object_key) DO UPDATE SET object_id = excluded.object_id,
                    tenant_key = excluded.tenant_key, tenant_id = excluded.tenant_id, kind = excluded.kind,
                    app_key = excluded.app_key, app_id = excluded.app_id, display_name = excluded.display_name,
                    enabled = excluded.enabled, created_at = excluded.created_at, upn_key = excluded.upn_key,
                    user_principal_name = excluded.user_principal_name""",
                NameKey.of(row.objectId()), row.objectId(), NameKey.of(row.tenantId()), row.tenantId(), row.kind(),
                NameKey.of(row.appId()), row.appId(), row.displayName(), row.enabled(), row.createdAt(),
                NameKey.of(row.userPrincipalName()), row.userPrincipalName());
    }

    void deletePrincipal(String objectId) {
        sql.update("DELETE FROM group_members WHERE member_key = ?", NameKey.of(objectId));
        sql.update("DELETE FROM principals WHERE object_key = ?", NameKey.of(objectId));
    }

    Optional<PrincipalRow> principalByUpn(String tenantId, String upn) {
        return sql.queryOne("SELECT " + PRINCIPAL_COLUMNS + " FROM principals WHERE tenant_key = ? AND upn_key = ?",
                DirectoryTables::principalRow, NameKey.of(tenantId), NameKey.of(upn));
    }

    List<GroupMemberRow> groupMembers() {
        return sql.query("SELECT group_id, member_id FROM group_members ORDER BY group_key, member_key",
                row -> new GroupMemberRow(row.string("group_id"), row.string("member_id")));
    }

    void putGroupMember(GroupMemberRow row) {
        sql.update("INSERT INTO group_members (group_key, member_key, group_id, member_id) VALUES (?, ?, ?, ?)"
                        + " ON CONFLICT (group_key, member_key) DO NOTHING",
                NameKey.of(row.groupId()), NameKey.of(row.memberId()), row.groupId(), row.memberId());
    }

    void deleteGroupMember(String groupId, String memberId) {
        sql.update("DELETE FROM group_members WHERE group_key = ? AND member_key = ?",
                NameKey.of(groupId), NameKey.of(memberId));
    }

    Optional<RefreshTokenRow> refreshToken(byte[] hash) {
        return sql.queryOne("SELECT token_hash, object_id, tenant_id, client_id, scope, amr, created_at, expires_at"
                        + " FROM refresh_tokens WHERE token_hash = ?",
                row -> new RefreshTokenRow(row.bytes("token_hash"), row.string("object_id"), row.string("tenant_id"),
                        row.string("client_id"), row.string("scope"), row.string("amr"), row.longValue("created_at"),
                        row.longValue("expires_at")), (Object) hash);
    }

    void putRefreshToken(RefreshTokenRow row) {
        sql.update("INSERT INTO refresh_tokens (token_hash, object_key, object_id, tenant_id, client_id, scope, amr,"
                        + " created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                row.tokenHash(), NameKey.of(row.objectId()), row.objectId(), row.tenantId(), row.clientId(),
                row.scope(), row.amr(), row.createdAt(), row.expiresAt());
    }

    void deleteRefreshToken(byte[] hash) {
        sql.update("DELETE FROM refresh_tokens WHERE token_hash = ?", (Object) hash);
    }

    void deleteRefreshTokens(String objectId) {
        sql.update("DELETE FROM refresh_tokens WHERE object_key = ?", NameKey.of(objectId));
    }

    Map<String, String> tenantSettings(String tenantId) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String[] pair : sql.query("SELECT name, value FROM tenant_settings WHERE tenant_key = ? ORDER BY name",
                row -> new String[] {row.string("name"), row.string("value")}, NameKey.of(tenantId))) {
            out.put(pair[0], pair[1]);
        }
        return out;
    }

    void putTenantSetting(String tenantId, String name, String value) {
        sql.update("INSERT INTO tenant_settings (tenant_key, name, value) VALUES (?, ?, ?)"
                + " ON CONFLICT (tenant_key, name) DO UPDATE SET value = excluded.value", NameKey.of(tenantId), name, value);
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
                row.string("app_id"), row.string("display_name"), row.bool("enabled"), row.longValue("created_at"),
                row.string("user_principal_name"));
    }

    private static CredentialRow credentialRow(ResultRow row) throws SQLException {
        return new CredentialRow(row.string("object_id"), row.string("key_id"), row.string("hash_algorithm"),
                row.bytes("hash"), row.string("hint"), row.longValue("created_at"), row.longValue("expires_at"));
    }
}
