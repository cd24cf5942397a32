package dev.coffer.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coffer.error.BadRequest;
import dev.coffer.http.Fields;
import dev.coffer.http.Json;
import dev.coffer.network.SubnetIds;
import dev.coffer.network.VirtualNetworkSpec;
import dev.coffer.store.SubnetRow;
import dev.coffer.store.VirtualNetworkRow;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

/**
 * {@code Microsoft.Network/virtualNetworks} and {@code …/subnets} in ARM's shape: the address space, subnets
 * with {@code addressPrefix} (one) or {@code addressPrefixes} (several), and {@code serviceEndpoints}.
 */
public final class VirtualNetworkJson {

    private static final Fields F = Fields.ARM;

    private VirtualNetworkJson() {
    }

    public static String id(String subscriptionId, String resourceGroup, String name) {
        return "/subscriptions/" + subscriptionId + "/resourceGroups/" + resourceGroup
                + "/providers/Microsoft.Network/virtualNetworks/" + name;
    }

    public static ObjectNode network(VirtualNetworkRow n) {
        ObjectNode node = Json.object();
        node.put("id", id(n.subscriptionId(), n.resourceGroup(), n.name()));
        node.put("name", n.name());
        node.put("type", "Microsoft.Network/virtualNetworks");
        node.put("location", n.location());
        ArmJson.tags(node, n.tags());
        node.put("etag", etag(n.updatedAt(), n.name()));
        ObjectNode p = node.putObject("properties");
        p.put("provisioningState", "Succeeded");
        p.put("resourceGuid", UUID.nameUUIDFromBytes(id(n.subscriptionId(), n.resourceGroup(), n.name())
                .toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.UTF_8)).toString());
        ArrayNode space = p.putObject("addressSpace").putArray("addressPrefixes");
        n.addressPrefixes().forEach(space::add);
        ArrayNode subnets = p.putArray("subnets");
        n.subnets().forEach(s -> subnets.add(subnet(n, s)));
        p.putArray("virtualNetworkPeerings");
        p.put("enableDdosProtection", false);
        return node;
    }

    public static ObjectNode subnet(VirtualNetworkRow n, SubnetRow s) {
        ObjectNode node = Json.object();
        node.put("id", SubnetIds.of(n.subscriptionId(), n.resourceGroup(), n.name(), s.name()));
        node.put("name", s.name());
        node.put("type", "Microsoft.Network/virtualNetworks/subnets");
        node.put("etag", etag(n.updatedAt(), s.name()));
        ObjectNode p = node.putObject("properties");
        p.put("provisioningState", "Succeeded");
        if (s.addressPrefixes().size() == 1) {
            p.put("addressPrefix", s.addressPrefixes().get(0));
        } else {
            ArrayNode prefixes = p.putArray("addressPrefixes");
            s.addressPrefixes().forEach(prefixes::add);
        }
        ArrayNode endpoints = p.putArray("serviceEndpoints");
        for (String e : s.serviceEndpoints()) {
            ObjectNode ep = endpoints.addObject();
            ep.put("provisioningState", "Succeeded");
            ep.put("service", e);
            ep.putArray("locations").add("*");
        }
        p.put("privateEndpointNetworkPolicies", "Disabled");
        p.put("privateLinkServiceNetworkPolicies", "Enabled");
        return node;
    }

    public static VirtualNetworkSpec parseNetwork(ObjectNode body) {
        ObjectNode p = F.object(body, "properties");
        ObjectNode space = F.object(p, "addressSpace");
        List<String> prefixes = F.strings(space, "addressPrefixes");
        List<JsonNode> subnetNodes = F.array(p, "subnets");
        List<SubnetRow> subnets = new ArrayList<>();
        if (subnetNodes != null) {
            for (JsonNode s : subnetNodes) {
                if (!s.isObject()) {
                    throw new BadRequest("InvalidRequestContent", "Each subnet must be an object.");
                }
                subnets.add(parseSubnet(F.string(s, "name"), (ObjectNode) s));
            }
        }
        return new VirtualNetworkSpec(F.string(body, "location"), F.stringMap(body, "tags"),
                prefixes == null ? List.of() : prefixes, subnets);
    }

    /** A subnet from {@code {"name"?, "properties": {"addressPrefix" | "addressPrefixes", "serviceEndpoints"}}}. */
    public static SubnetRow parseSubnet(String name, ObjectNode body) {
        ObjectNode p = F.object(body, "properties");
        List<String> prefixes = new ArrayList<>();
        String single = F.string(p, "addressPrefix");
        if (single != null) {
            prefixes.add(single);
        }
        List<String> several = F.strings(p, "addressPrefixes");
        if (several != null) {
            several.stream().filter(x -> !prefixes.contains(x)).forEach(prefixes::add);
        }
        List<String> endpoints = new ArrayList<>();
        List<JsonNode> endpointNodes = F.array(p, "serviceEndpoints");
        if (endpointNodes != null) {
            for (JsonNode e : endpointNodes) {
                String service = F.string(e, "service");
                if (service == null) {
                    throw new BadRequest("InvalidRequestContent", "Each service endpoint needs a 'service'.");
                }
                endpoints.add(service);
            }
        }
        return new SubnetRow(name, prefixes, endpoints);
    }

    public static ObjectNode list(List<ObjectNode> items) {
        ObjectNode body = Json.object();
        ArrayNode value = body.putArray("value");
        items.forEach(value::add);
        return body;
    }

    private static String etag(long updatedAt, String name) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest((updatedAt + "/" + name)
                    .getBytes(StandardCharsets.UTF_8));
            return "W/\"" + HexFormat.of().formatHex(h, 0, 16) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
