package dev.coffer.testkit;

import dev.coffer.store.AccessPolicyRow;
import dev.coffer.store.CredentialRow;
import dev.coffer.store.NetworkAclsRow;
import dev.coffer.store.ObjectKind;
import dev.coffer.store.ObjectNameRow;
import dev.coffer.store.ObjectVersionRow;
import dev.coffer.store.PrincipalRow;
import dev.coffer.store.ResourceGroupRow;
import dev.coffer.store.RoleAssignmentRow;
import dev.coffer.store.SigningKeyRow;
import dev.coffer.store.SubscriptionRow;
import dev.coffer.store.TenantRow;
import dev.coffer.store.VaultRow;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** Sample rows for store tests, with every field set to something recognisable (nullable ones non-null). */
public final class StoreRows {

    public static final long T0 = 1_700_000_000L;

    private StoreRows() {
    }

    public static TenantRow tenant(String tenantId) {
        return new TenantRow(tenantId, "Tenant " + tenantId, T0);
    }

    public static PrincipalRow servicePrincipal(String objectId, String tenantId, String appId) {
        return new PrincipalRow(objectId, tenantId, "ServicePrincipal", appId, "App " + appId, true, T0 + 1);
    }

    public static PrincipalRow user(String objectId, String tenantId) {
        return new PrincipalRow(objectId, tenantId, "User", null, "User " + objectId, true, T0 + 2);
    }

    public static CredentialRow credential(String objectId, String keyId) {
        return new CredentialRow(objectId, keyId, "pbkdf2-sha256", bytes("hash of " + keyId), "abc", T0 + 3,
                T0 + 86_400);
    }

    public static SigningKeyRow signingKey(String tenantId, String keyId, long createdAt) {
        return new SigningKeyRow(tenantId, keyId, "{\"kid\":\"" + keyId + "\"}", bytes("sealed " + keyId),
                createdAt, createdAt + 3_600, createdAt + 7_200);
    }

    public static SubscriptionRow subscription(String subscriptionId, String tenantId) {
        return new SubscriptionRow(subscriptionId, tenantId, "Subscription " + subscriptionId, "Enabled", T0 + 4);
    }

    public static ResourceGroupRow resourceGroup(String subscriptionId, String name) {
        return new ResourceGroupRow(subscriptionId, name, "westeurope", Map.of("env", "test", "Owner", "Team A"),
                T0 + 5);
    }

    /** A vault with access policies, network rules and tags, not deleted. */
    public static VaultRow vault(String name, String subscriptionId) {
        List<AccessPolicyRow> policies = List.of(
                new AccessPolicyRow("tenant-1", "object-1", null, List.of("get", "list"), List.of("get", "set"),
                        List.of(), List.of()),
                new AccessPolicyRow("tenant-1", "object-2", "app-2", List.of(), List.of("get"),
                        List.of("list"), List.of("get")));
        NetworkAclsRow acls = new NetworkAclsRow("AzureServices", "Deny", List.of("10.0.0.0/24", "192.0.2.7"),
                List.of("/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/a"));
        return new VaultRow(name, subscriptionId, "Group-One", "westeurope", "tenant-1", "standard", Boolean.FALSE,
                true, 90, true, false, true, false, "Enabled", policies, acls, Map.of("team", "Platform"),
                "creator", T0 + 6, "updater", T0 + 7, null, null);
    }

    /** The same vault soft-deleted, with the nullable settings left unset. */
    public static VaultRow deletedVault(String name, String subscriptionId) {
        VaultRow v = vault(name, subscriptionId);
        return new VaultRow(v.name(), v.subscriptionId(), v.resourceGroup(), v.location(), v.tenantId(),
                v.skuName(), null, v.enableSoftDelete(), 7, false, true, false, true, null, List.of(), null,
                Map.of(), v.createdBy(), v.createdAt(), v.updatedBy(), v.updatedAt(), T0 + 100, T0 + 700);
    }

    public static RoleAssignmentRow roleAssignment(String name, String scope, String principalId) {
        return new RoleAssignmentRow(name, scope, "4633458b-17de-408a-b874-0445c86b69e6", principalId,
                "ServicePrincipal", "reads secrets", "admin", T0 + 8, T0 + 9, T0 + 10_000);
    }

    public static ObjectNameRow liveName(String vaultName, ObjectKind kind, String name) {
        return new ObjectNameRow(vaultName, kind, name, null, null);
    }

    public static ObjectNameRow deletedName(String vaultName, ObjectKind kind, String name, long deletedAt,
                                            long purgeAt) {
        return new ObjectNameRow(vaultName, kind, name, deletedAt, purgeAt);
    }

    /** A version whose sealed value and tags name it, so mix-ups show. Its sequence is left for the store. */
    public static ObjectVersionRow version(String vaultName, ObjectKind kind, String name, String version) {
        return new ObjectVersionRow(vaultName, kind, name, version, 0, true, T0 - 60, T0 + 3_600, T0 + 11,
                T0 + 12, "text/plain", Map.of("version", version), Map.of("kty", "RSA", "key_ops", "sign,verify"),
                bytes("sealed " + name + "/" + version));
    }

    public static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
