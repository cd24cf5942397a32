package dev.coffer.store;

import java.util.List;
import java.util.Map;

/**
 * A vault as stored. {@code enableRbacAuthorization} null means "never set" (access policies).
 * {@code deletedAt} and {@code scheduledPurgeAt} are set while the vault is soft-deleted.
 */
public record VaultRow(String name, String subscriptionId, String resourceGroup, String location, String tenantId,
                       String skuName, Boolean enableRbacAuthorization, boolean enableSoftDelete,
                       int softDeleteRetentionInDays, boolean enablePurgeProtection,
                       boolean enabledForDeployment, boolean enabledForDiskEncryption,
                       boolean enabledForTemplateDeployment, String publicNetworkAccess,
                       List<AccessPolicyRow> accessPolicies, NetworkAclsRow networkAcls, Map<String, String> tags,
                       String createdBy, long createdAt, String updatedBy, long updatedAt,
                       Long deletedAt, Long scheduledPurgeAt) {
    public VaultRow {
        accessPolicies = List.copyOf(accessPolicies);
        tags = Map.copyOf(tags);
    }

    public boolean deleted() {
        return deletedAt != null;
    }
}
