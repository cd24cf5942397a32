package dev.coffer.resources;

import dev.coffer.store.AccessPolicyRow;
import dev.coffer.store.NetworkAclsRow;
import java.util.List;
import java.util.Map;

/**
 * A caller's desired vault, as parsed from a PUT or PATCH. Null members mean "not given": on create they
 * take defaults, on update they keep the current value.
 */
public record VaultSpec(String location, Map<String, String> tags, String tenantId, String skuFamily, String skuName,
                        Boolean enableRbacAuthorization, Boolean enableSoftDelete,
                        Integer softDeleteRetentionInDays, Boolean enablePurgeProtection,
                        Boolean enabledForDeployment, Boolean enabledForDiskEncryption,
                        Boolean enabledForTemplateDeployment, String publicNetworkAccess,
                        List<AccessPolicyRow> accessPolicies, NetworkAclsRow networkAcls, String createMode,
                        String minimumTlsVersion) {

    /** The shape before Coffer's own {@code minimumTlsVersion} (left unset). */
    public VaultSpec(String location, Map<String, String> tags, String tenantId, String skuFamily, String skuName,
                     Boolean enableRbacAuthorization, Boolean enableSoftDelete, Integer softDeleteRetentionInDays,
                     Boolean enablePurgeProtection, Boolean enabledForDeployment, Boolean enabledForDiskEncryption,
                     Boolean enabledForTemplateDeployment, String publicNetworkAccess,
                     List<AccessPolicyRow> accessPolicies, NetworkAclsRow networkAcls, String createMode) {
        this(location, tags, tenantId, skuFamily, skuName, enableRbacAuthorization, enableSoftDelete,
                softDeleteRetentionInDays, enablePurgeProtection, enabledForDeployment, enabledForDiskEncryption,
                enabledForTemplateDeployment, publicNetworkAccess, accessPolicies, networkAcls, createMode, null);
    }
}
