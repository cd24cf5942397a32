package dev.coffer.store;

import java.util.List;
import java.util.Map;

/**
 * A vault as stored. {@code enableRbacAuthorization} null means "never set" (access policies).
 * {@code deletedAt} and {@code scheduledPurgeAt} are set while the vault is soft-deleted.
 * {@code minimumTlsVersion} ({@code 1.2} or {@code 1.3}; null for the server's floor) is Coffer's own: Azure
 * cannot raise the TLS floor per vault because its vaults share a front end.
 */
public record VaultRow(String name, String subscriptionId, String resourceGroup, String location, String tenantId,
                       String skuName, Boolean enableRbacAuthorization, boolean enableSoftDelete,
                       int softDeleteRetentionInDays, boolean enablePurgeProtection,
                       boolean enabledForDeployment, boolean enabledForDiskEncryption,
                       boolean enabledForTemplateDeployment, String publicNetworkAccess,
                       List<AccessPolicyRow> accessPolicies, NetworkAclsRow networkAcls, Map<String, String> tags,
                       String createdBy, long createdAt, String updatedBy, long updatedAt,
                       Long deletedAt, Long scheduledPurgeAt, String minimumTlsVersion) {
    public VaultRow {
        accessPolicies = List.copyOf(accessPolicies);
        tags = Map.copyOf(tags);
    }

    /** The shape before {@code minimumTlsVersion}; callers that copy a row must carry it over themselves. */
    public VaultRow(String name, String subscriptionId, String resourceGroup, String location, String tenantId,
                    String skuName, Boolean enableRbacAuthorization, boolean enableSoftDelete,
                    int softDeleteRetentionInDays, boolean enablePurgeProtection,
                    boolean enabledForDeployment, boolean enabledForDiskEncryption,
                    boolean enabledForTemplateDeployment, String publicNetworkAccess,
                    List<AccessPolicyRow> accessPolicies, NetworkAclsRow networkAcls, Map<String, String> tags,
                    String createdBy, long createdAt, String updatedBy, long updatedAt,
                    Long deletedAt, Long scheduledPurgeAt) {
        this(name, subscriptionId, resourceGroup, location, tenantId, skuName, enableRbacAuthorization,
                enableSoftDelete, softDeleteRetentionInDays, enablePurgeProtection, enabledForDeployment,
                enabledForDiskEncryption, enabledForTemplateDeployment, publicNetworkAccess, accessPolicies,
                networkAcls, tags, createdBy, createdAt, updatedBy, updatedAt, deletedAt, scheduledPurgeAt, null);
    }

    public boolean deleted() {
        return deletedAt != null;
    }

    public VaultRow withMinimumTlsVersion(String version) {
        return new VaultRow(name, subscriptionId, resourceGroup, location, tenantId, skuName, enableRbacAuthorization,
                enableSoftDelete, softDeleteRetentionInDays, enablePurgeProtection, enabledForDeployment,
                enabledForDiskEncryption, enabledForTemplateDeployment, publicNetworkAccess, accessPolicies,
                networkAcls, tags, createdBy, createdAt, updatedBy, updatedAt, deletedAt, scheduledPurgeAt, version);
    }
}
