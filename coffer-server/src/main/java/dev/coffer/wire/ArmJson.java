package dev.coffer.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coffer.authz.Scope;
import dev.coffer.error.BadRequest;
import dev.coffer.http.Fields;
import dev.coffer.http.Json;
import dev.coffer.resources.VaultSpec;
import dev.coffer.store.AccessPolicyRow;
import dev.coffer.store.NetworkAclsRow;
import dev.coffer.store.ResourceGroupRow;
import dev.coffer.store.SubscriptionRow;
import dev.coffer.store.VaultRow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Management-plane shapes: subscriptions, resource groups and Microsoft.KeyVault vaults. */
public final class ArmJson {

    private static final Fields F = Fields.ARM;

    private ArmJson() {
    }

    public static ObjectNode subscription(SubscriptionRow s) {
        ObjectNode node = Json.object();
        node.put("id", Scope.subscription(s.subscriptionId()));
        node.put("authorizationSource", "RoleBased");
        node.putArray("managedByTenants");
        node.put("subscriptionId", s.subscriptionId());
        node.put("tenantId", s.tenantId());
        node.put("displayName", s.displayName());
        node.put("state", s.state());
        ObjectNode policies = node.putObject("subscriptionPolicies");
        policies.put("locationPlacementId", "Public_2014-09-01");
        policies.put("quotaId", "Coffer_2026-01-01");
        policies.put("spendingLimit", "Off");
        return node;
    }

    public static ObjectNode resourceGroup(ResourceGroupRow g) {
        ObjectNode node = Json.object();
        node.put("id", Scope.resourceGroup(g.subscriptionId(), g.name()));
        node.put("name", g.name());
        node.put("type", "Microsoft.Resources/resourceGroups");
        node.put("location", g.location());
        tags(node, g.tags());
        node.putObject("properties").put("provisioningState", "Succeeded");
        return node;
    }

    public static ObjectNode vault(VaultRow v, String vaultUri) {
        ObjectNode node = Json.object();
        node.put("id", Scope.vault(v.subscriptionId(), v.resourceGroup(), v.name()));
        node.put("name", v.name());
        node.put("type", "Microsoft.KeyVault/vaults");
        node.put("location", v.location());
        tags(node, v.tags());
        ObjectNode system = node.putObject("systemData");
        system.put("createdBy", v.createdBy());
        system.put("createdByType", "Application");
        system.put("createdAt", Instant.ofEpochSecond(v.createdAt()).toString());
        system.put("lastModifiedBy", v.updatedBy());
        system.put("lastModifiedByType", "Application");
        system.put("lastModifiedAt", Instant.ofEpochSecond(v.updatedAt()).toString());
        ObjectNode p = node.putObject("properties");
        ObjectNode sku = p.putObject("sku");
        sku.put("family", "A");
        sku.put("name", v.skuName());
        p.put("tenantId", v.tenantId());
        p.set("accessPolicies", accessPolicies(v.accessPolicies()));
        p.put("enabledForDeployment", v.enabledForDeployment());
        p.put("enabledForDiskEncryption", v.enabledForDiskEncryption());
        p.put("enabledForTemplateDeployment", v.enabledForTemplateDeployment());
        p.put("enableSoftDelete", v.enableSoftDelete());
        p.put("softDeleteRetentionInDays", v.softDeleteRetentionInDays());
        p.put("enableRbacAuthorization", Boolean.TRUE.equals(v.enableRbacAuthorization()));
        if (v.enablePurgeProtection()) {
            p.put("enablePurgeProtection", true);
        }
        if (v.networkAcls() != null) {
            p.set("networkAcls", networkAcls(v.networkAcls()));
        }
        p.put("vaultUri", vaultUri);
        p.put("provisioningState", "Succeeded");
        p.put("publicNetworkAccess", v.publicNetworkAccess());
        if (v.minimumTlsVersion() != null) {
            p.put("minimumTlsVersion", v.minimumTlsVersion());
        }
        return node;
    }

    public static ObjectNode deletedVault(VaultRow v) {
        ObjectNode node = Json.object();
        node.put("id", "/subscriptions/" + v.subscriptionId() + "/providers/Microsoft.KeyVault/locations/"
                + v.location() + "/deletedVaults/" + v.name());
        node.put("name", v.name());
        node.put("type", "Microsoft.KeyVault/deletedVaults");
        ObjectNode p = node.putObject("properties");
        p.put("vaultId", Scope.vault(v.subscriptionId(), v.resourceGroup(), v.name()));
        p.put("location", v.location());
        p.put("deletionDate", Instant.ofEpochSecond(v.deletedAt()).toString());
        p.put("scheduledPurgeDate", Instant.ofEpochSecond(v.scheduledPurgeAt()).toString());
        tags(p, v.tags());
        p.put("purgeProtectionEnabled", v.enablePurgeProtection());
        return node;
    }

    public static ArrayNode accessPolicies(List<AccessPolicyRow> policies) {
        ArrayNode array = Json.MAPPER.createArrayNode();
        for (AccessPolicyRow ap : policies) {
            ObjectNode e = array.addObject();
            e.put("tenantId", ap.tenantId());
            e.put("objectId", ap.objectId());
            if (ap.applicationId() != null) {
                e.put("applicationId", ap.applicationId());
            }
            ObjectNode perms = e.putObject("permissions");
            strings(perms.putArray("keys"), ap.keys());
            strings(perms.putArray("secrets"), ap.secrets());
            strings(perms.putArray("certificates"), ap.certificates());
            if (!ap.storage().isEmpty()) {
                strings(perms.putArray("storage"), ap.storage());
            }
        }
        return array;
    }

    private static ObjectNode networkAcls(NetworkAclsRow n) {
        ObjectNode node = Json.object();
        node.put("bypass", n.bypass());
        node.put("defaultAction", n.defaultAction());
        ArrayNode ips = node.putArray("ipRules");
        n.ipRules().forEach(ip -> ips.addObject().put("value", ip));
        ArrayNode vnets = node.putArray("virtualNetworkRules");
        n.virtualNetworkRules().forEach(id -> vnets.addObject().put("id", id)
                .put("ignoreMissingVnetServiceEndpoint", n.ignoresMissingEndpoint(id)));
        return node;
    }

    public static VaultSpec parseVault(ObjectNode body) {
        ObjectNode p = F.object(body, "properties");
        ObjectNode sku = F.object(p, "sku");
        Long retention = F.integer(p, "softDeleteRetentionInDays");
        return new VaultSpec(F.string(body, "location"), F.stringMap(body, "tags"), F.string(p, "tenantId"),
                F.string(sku, "family"), F.string(sku, "name"), F.bool(p, "enableRbacAuthorization"),
                F.bool(p, "enableSoftDelete"), retention == null ? null : Math.toIntExact(retention),
                F.bool(p, "enablePurgeProtection"), F.bool(p, "enabledForDeployment"),
                F.bool(p, "enabledForDiskEncryption"), F.bool(p, "enabledForTemplateDeployment"),
                F.string(p, "publicNetworkAccess"), parseAccessPolicies(p), parseNetworkAcls(p),
                F.string(p, "createMode"), F.string(p, "minimumTlsVersion"));
    }

    public static List<AccessPolicyRow> parseAccessPolicies(ObjectNode properties) {
        List<JsonNode> list = F.array(properties, "accessPolicies");
        if (list == null) {
            return null;
        }
        List<AccessPolicyRow> out = new ArrayList<>();
        for (JsonNode e : list) {
            if (!e.isObject()) {
                throw new BadRequest("InvalidRequestContent", "Each access policy must be an object.");
            }
            ObjectNode perms = F.object(e, "permissions");
            if (perms == null) {
                throw new BadRequest("InvalidRequestContent", "Each access policy needs 'permissions'.");
            }
            out.add(new AccessPolicyRow(F.string(e, "tenantId"), F.string(e, "objectId"), F.string(e, "applicationId"),
                    orEmpty(F.strings(perms, "keys")), orEmpty(F.strings(perms, "secrets")),
                    orEmpty(F.strings(perms, "certificates")), orEmpty(F.strings(perms, "storage"))));
        }
        return out;
    }

    private static NetworkAclsRow parseNetworkAcls(ObjectNode properties) {
        ObjectNode n = F.object(properties, "networkAcls");
        if (n == null) {
            return null;
        }
        List<String> ips = new ArrayList<>();
        List<JsonNode> ipRules = F.array(n, "ipRules");
        if (ipRules != null) {
            for (JsonNode r : ipRules) {
                String value = F.string(r, "value");
                if (value == null) {
                    throw new BadRequest("InvalidRequestContent", "Each ipRule needs a 'value'.");
                }
                ips.add(value);
            }
        }
        List<String> vnets = new ArrayList<>();
        List<String> ignoringMissingEndpoint = new ArrayList<>();
        List<JsonNode> vnetRules = F.array(n, "virtualNetworkRules");
        if (vnetRules != null) {
            for (JsonNode r : vnetRules) {
                String id = F.string(r, "id");
                if (id == null) {
                    throw new BadRequest("InvalidRequestContent", "Each virtualNetworkRule needs an 'id'.");
                }
                vnets.add(id);
                if (Boolean.TRUE.equals(F.bool(r, "ignoreMissingVnetServiceEndpoint"))) {
                    ignoringMissingEndpoint.add(id);
                }
            }
        }
        return new NetworkAclsRow(F.string(n, "bypass"), F.string(n, "defaultAction"), ips, vnets,
                ignoringMissingEndpoint);
    }

    private static List<String> orEmpty(List<String> list) {
        return list == null ? List.of() : list;
    }

    private static void strings(ArrayNode array, List<String> values) {
        values.forEach(array::add);
    }

    static void tags(ObjectNode node, Map<String, String> tags) {
        ObjectNode t = node.putObject("tags");
        tags.forEach(t::put);
    }

    public static ObjectNode list(ArrayNode items) {
        ObjectNode node = Json.object();
        node.set("value", items);
        return node;
    }
}
