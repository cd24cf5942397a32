package dev.coffer.resources;

import dev.coffer.error.BadRequest;
import dev.coffer.store.AccessPolicyRow;
import dev.coffer.store.NetworkAclsRow;
import dev.coffer.store.SubscriptionRow;
import dev.coffer.store.VaultRow;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** The rules for a vault's properties on create and on update, as Azure enforces them. */
final class VaultChanges {

    private static final Set<String> SKUS = Set.of("standard", "premium");

    private VaultChanges() {
    }

    static VaultRow create(SubscriptionRow subscription, String resourceGroup, String name, VaultSpec spec,
                           boolean rbacByDefault, String callerId, long now) {
        if (spec.tenantId() == null) {
            throw new BadRequest("BadRequest", "The 'tenantId' property is required.");
        }
        if (!spec.tenantId().equalsIgnoreCase(subscription.tenantId())) {
            throw new BadRequest("BadRequest", "The tenant id '" + spec.tenantId() + "' is not the tenant of "
                    + "subscription '" + subscription.subscriptionId() + "'.");
        }
        if (spec.skuName() == null) {
            throw new BadRequest("BadRequest", "The 'sku' property is required.");
        }
        if (Boolean.FALSE.equals(spec.enableSoftDelete())) {
            throw new BadRequest("BadRequest", "Soft delete cannot be turned off: 'enableSoftDelete' must be true.");
        }
        int retention = spec.softDeleteRetentionInDays() == null ? 90 : spec.softDeleteRetentionInDays();
        checkRetention(retention);
        Boolean rbac = spec.enableRbacAuthorization() != null ? spec.enableRbacAuthorization() : rbacByDefault;
        String tenantId = subscription.tenantId();
        List<AccessPolicyRow> policies = AccessPolicyRules.validate(
                spec.accessPolicies() == null ? List.of() : spec.accessPolicies(), tenantId);
        return new VaultRow(name, subscription.subscriptionId(), resourceGroup, location(spec.location()), tenantId,
                sku(spec), rbac, true, retention, Boolean.TRUE.equals(spec.enablePurgeProtection()),
                Boolean.TRUE.equals(spec.enabledForDeployment()), Boolean.TRUE.equals(spec.enabledForDiskEncryption()),
                Boolean.TRUE.equals(spec.enabledForTemplateDeployment()), publicAccess(spec.publicNetworkAccess(), "Enabled"),
                policies, networkAcls(spec.networkAcls()), spec.tags() == null ? Map.of() : spec.tags(),
                callerId, now, callerId, now, null, null)
                .withMinimumTlsVersion(dev.coffer.network.TlsFloor.normalize(spec.minimumTlsVersion()));
    }

    static VaultRow apply(VaultRow v, VaultSpec spec, String callerId, long now, boolean put) {
        if (spec.tenantId() != null && !spec.tenantId().equalsIgnoreCase(v.tenantId())) {
            throw new BadRequest("BadRequest", "A vault's tenant id cannot be changed.");
        }
        if (Boolean.FALSE.equals(spec.enableSoftDelete())) {
            throw new BadRequest("BadRequest", "Soft delete cannot be turned off once on.");
        }
        if (spec.softDeleteRetentionInDays() != null && spec.softDeleteRetentionInDays() != v.softDeleteRetentionInDays()) {
            throw new BadRequest("BadRequest", "The soft-delete retention period cannot be changed after creation.");
        }
        if (Boolean.FALSE.equals(spec.enablePurgeProtection()) && v.enablePurgeProtection()) {
            throw new BadRequest("BadRequest", "Purge protection cannot be turned off once on.");
        }
        if (spec.location() != null && !location(spec.location()).equalsIgnoreCase(v.location()) && put) {
            throw new BadRequest("InvalidResourceLocation", "A vault cannot be moved to another location.");
        }
        List<AccessPolicyRow> policies = spec.accessPolicies() == null ? v.accessPolicies()
                : AccessPolicyRules.validate(spec.accessPolicies(), v.tenantId());
        return new VaultRow(v.name(), v.subscriptionId(), v.resourceGroup(), v.location(), v.tenantId(),
                spec.skuName() == null ? v.skuName() : sku(spec),
                spec.enableRbacAuthorization() == null ? v.enableRbacAuthorization() : spec.enableRbacAuthorization(),
                true, v.softDeleteRetentionInDays(),
                v.enablePurgeProtection() || Boolean.TRUE.equals(spec.enablePurgeProtection()),
                or(spec.enabledForDeployment(), v.enabledForDeployment()),
                or(spec.enabledForDiskEncryption(), v.enabledForDiskEncryption()),
                or(spec.enabledForTemplateDeployment(), v.enabledForTemplateDeployment()),
                publicAccess(spec.publicNetworkAccess(), v.publicNetworkAccess()), policies,
                spec.networkAcls() == null ? v.networkAcls() : networkAcls(spec.networkAcls()),
                spec.tags() == null ? v.tags() : spec.tags(), v.createdBy(), v.createdAt(), callerId, now, null, null)
                .withMinimumTlsVersion(spec.minimumTlsVersion() == null ? v.minimumTlsVersion()
                        : dev.coffer.network.TlsFloor.normalize(spec.minimumTlsVersion()));
    }

    static VaultRow withPolicies(VaultRow v, List<AccessPolicyRow> policies, String callerId, long now) {
        return new VaultRow(v.name(), v.subscriptionId(), v.resourceGroup(), v.location(), v.tenantId(), v.skuName(),
                v.enableRbacAuthorization(), v.enableSoftDelete(), v.softDeleteRetentionInDays(),
                v.enablePurgeProtection(), v.enabledForDeployment(), v.enabledForDiskEncryption(),
                v.enabledForTemplateDeployment(), v.publicNetworkAccess(), policies, v.networkAcls(), v.tags(),
                v.createdBy(), v.createdAt(), callerId, now, null, null).withMinimumTlsVersion(v.minimumTlsVersion());
    }

    /** True when applying {@code spec} would switch the vault between access policies and RBAC. */
    static boolean switchesModel(VaultRow v, VaultSpec spec) {
        return spec.enableRbacAuthorization() != null
                && !spec.enableRbacAuthorization().equals(Boolean.TRUE.equals(v.enableRbacAuthorization()));
    }

    private static void checkRetention(int days) {
        if (days < 7 || days > 90) {
            throw new BadRequest("BadRequest", "'softDeleteRetentionInDays' must be between 7 and 90.");
        }
    }

    private static String sku(VaultSpec spec) {
        if (spec.skuFamily() != null && !spec.skuFamily().equalsIgnoreCase("A")) {
            throw new BadRequest("BadRequest", "The sku family must be 'A'.");
        }
        String n = spec.skuName().toLowerCase(Locale.ROOT);
        if (!SKUS.contains(n)) {
            throw new BadRequest("BadRequest", "The sku name must be 'standard' or 'premium'.");
        }
        return n;
    }

    private static String location(String location) {
        return location.replace(" ", "").toLowerCase(Locale.ROOT);
    }

    private static String publicAccess(String given, String current) {
        if (given == null) {
            return current;
        }
        if (given.equalsIgnoreCase("enabled")) {
            return "Enabled";
        }
        if (given.equalsIgnoreCase("disabled")) {
            return "Disabled";
        }
        throw new BadRequest("BadRequest", "'publicNetworkAccess' must be Enabled or Disabled.");
    }

    private static NetworkAclsRow networkAcls(NetworkAclsRow acls) {
        if (acls == null) {
            return null;
        }
        String defaultAction = acls.defaultAction() == null ? "Allow" : acls.defaultAction();
        String bypass = acls.bypass() == null ? "AzureServices" : acls.bypass();
        if (!defaultAction.equalsIgnoreCase("Allow") && !defaultAction.equalsIgnoreCase("Deny")) {
            throw new BadRequest("BadRequest", "'networkAcls.defaultAction' must be Allow or Deny.");
        }
        if (!bypass.equalsIgnoreCase("AzureServices") && !bypass.equalsIgnoreCase("None")) {
            throw new BadRequest("BadRequest", "'networkAcls.bypass' must be AzureServices or None.");
        }
        return new NetworkAclsRow(bypass.equalsIgnoreCase("None") ? "None" : "AzureServices",
                defaultAction.equalsIgnoreCase("Deny") ? "Deny" : "Allow",
                dev.coffer.network.IpRules.canonical(acls.ipRules()),
                dev.coffer.network.SubnetIds.canonical(acls.virtualNetworkRules()),
                dev.coffer.network.SubnetIds.flagged(acls.virtualNetworkRules(), acls.ignoreMissingVnetServiceEndpoint()));
    }

    private static boolean or(Boolean given, boolean current) {
        return given == null ? current : given;
    }
}
