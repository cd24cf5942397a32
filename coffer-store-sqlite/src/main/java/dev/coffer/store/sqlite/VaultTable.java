package dev.coffer.store.sqlite;

import dev.coffer.store.VaultRow;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** Vaults, soft-deleted ones included: a vault name stays taken until the vault is purged. */
final class VaultTable {

    private static final String COLUMNS = """
            name, subscription_id, resource_group, location, tenant_id, sku_name, enable_rbac_authorization,
            enable_soft_delete, soft_delete_retention_in_days, enable_purge_protection, enabled_for_deployment,
            enabled_for_disk_encryption, enabled_for_template_deployment, public_network_access, access_policies,
            network_acls, tags, created_by, created_at, updated_by, updated_at, deleted_at, scheduled_purge_at,
            minimum_tls_version""";

    private final SqlSession sql;

    VaultTable(SqlSession sql) {
        this.sql = sql;
    }

    Optional<VaultRow> vault(String name) {
        return sql.queryOne("SELECT " + COLUMNS + " FROM vaults WHERE name_key = ?",
                VaultTable::vaultRow, NameKey.of(name));
    }

    List<VaultRow> vaults(String subscriptionId) {
        return sql.query("SELECT " + COLUMNS + " FROM vaults WHERE subscription_key = ? ORDER BY name_key",
                VaultTable::vaultRow, NameKey.of(subscriptionId));
    }

    void putVault(VaultRow row) {
        sql.update("INSERT INTO vaults (name_key, subscription_key, " + COLUMNS + """
                        ) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        ON CONFLICT (name_key) DO UPDATE SET name = excluded.name,
                            subscription_key = excluded.subscription_key, subscription_id = excluded.subscription_id,
                            resource_group = excluded.resource_group, location = excluded.location,
                            tenant_id = excluded.tenant_id, sku_name = excluded.sku_name,
                            enable_rbac_authorization = excluded.enable_rbac_authorization,
                            enable_soft_delete = excluded.enable_soft_delete,
                            soft_delete_retention_in_days = excluded.soft_delete_retention_in_days,
                            enable_purge_protection = excluded.enable_purge_protection,
                            enabled_for_deployment = excluded.enabled_for_deployment,
                            enabled_for_disk_encryption = excluded.enabled_for_disk_encryption,
                            enabled_for_template_deployment = excluded.enabled_for_template_deployment,
                            public_network_access = excluded.public_network_access,
                            access_policies = excluded.access_policies, network_acls = excluded.network_acls,
                            tags = excluded.tags, created_by = excluded.created_by, created_at = excluded.created_at,
                            updated_by = excluded.updated_by, updated_at = excluded.updated_at,
                            deleted_at = excluded.deleted_at, scheduled_purge_at = excluded.scheduled_purge_at,
                            minimum_tls_version = excluded.minimum_tls_version""",
                NameKey.of(row.name()), NameKey.of(row.subscriptionId()),
                row.name(), row.subscriptionId(), row.resourceGroup(), row.location(), row.tenantId(),
                row.skuName(), row.enableRbacAuthorization(), row.enableSoftDelete(),
                row.softDeleteRetentionInDays(), row.enablePurgeProtection(), row.enabledForDeployment(),
                row.enabledForDiskEncryption(), row.enabledForTemplateDeployment(), row.publicNetworkAccess(),
                JsonColumns.write(row.accessPolicies()), JsonColumns.write(row.networkAcls()),
                JsonColumns.write(row.tags()), row.createdBy(), row.createdAt(), row.updatedBy(), row.updatedAt(),
                row.deletedAt(), row.scheduledPurgeAt(), row.minimumTlsVersion());
    }

    void deleteVault(String name) {
        sql.update("DELETE FROM vaults WHERE name_key = ?", NameKey.of(name));
    }

    private static VaultRow vaultRow(ResultRow row) throws SQLException {
        return new VaultRow(row.string("name"), row.string("subscription_id"), row.string("resource_group"),
                row.string("location"), row.string("tenant_id"), row.string("sku_name"),
                row.nullableBool("enable_rbac_authorization"), row.bool("enable_soft_delete"),
                row.intValue("soft_delete_retention_in_days"), row.bool("enable_purge_protection"),
                row.bool("enabled_for_deployment"), row.bool("enabled_for_disk_encryption"),
                row.bool("enabled_for_template_deployment"), row.string("public_network_access"),
                row.accessPolicies("access_policies"), row.networkAcls("network_acls"), row.stringMap("tags"),
                row.string("created_by"), row.longValue("created_at"), row.string("updated_by"),
                row.longValue("updated_at"), row.nullableLong("deleted_at"), row.nullableLong("scheduled_purge_at"),
                row.string("minimum_tls_version"));
    }
}
