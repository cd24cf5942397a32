package dev.coffer.network;

import dev.coffer.error.BadRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * ARM ids of subnets as vault {@code virtualNetworkRules} name them:
 * {@code /subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.Network/virtualNetworks/{vnet}/subnets/{subnet}},
 * compared case-insensitively like every ARM id.
 */
public final class SubnetIds {

    /** Azure's limit of virtual network rules per vault. */
    public static final int MAX_RULES = 200;

    private static final Pattern ID = Pattern.compile(
            "(?i)^/subscriptions/([^/]+)/resourceGroups/([^/]+)/providers/Microsoft\\.Network/virtualNetworks/([^/]+)"
                    + "/subnets/([^/]+)$");

    /** The parts of a subnet id. */
    public record Parts(String subscriptionId, String resourceGroup, String virtualNetwork, String subnet) {
    }

    private SubnetIds() {
    }

    public static String of(String subscriptionId, String resourceGroup, String virtualNetwork, String subnet) {
        return "/subscriptions/" + subscriptionId + "/resourceGroups/" + resourceGroup
                + "/providers/Microsoft.Network/virtualNetworks/" + virtualNetwork + "/subnets/" + subnet;
    }

    /** The parts, or null when {@code id} is not a subnet id. */
    public static Parts parse(String id) {
        Matcher m = id == null ? null : ID.matcher(id.strip());
        return m != null && m.matches() ? new Parts(m.group(1), m.group(2), m.group(3), m.group(4)) : null;
    }

    /** Validated, deduplicated (case-insensitively, first spelling kept) subnet ids. */
    public static List<String> canonical(List<String> ids) {
        if (ids.size() > MAX_RULES) {
            throw new BadRequest("BadRequest", "'networkAcls.virtualNetworkRules' holds " + ids.size()
                    + " rules; at most " + MAX_RULES + " are allowed.");
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (String id : ids) {
            if (parse(id) == null) {
                throw new BadRequest("BadRequest", "Invalid virtualNetworkRules id '" + Quoted.of(id) + "': expected "
                        + "/subscriptions/{subscription}/resourceGroups/{group}/providers/Microsoft.Network/"
                        + "virtualNetworks/{network}/subnets/{subnet}.");
            }
            out.putIfAbsent(id.strip().toLowerCase(Locale.ROOT), id.strip());
        }
        return new ArrayList<>(out.values());
    }

    /** Those of {@code flagged} that are among {@code ids}, in the spelling of {@code ids}. */
    public static List<String> flagged(List<String> ids, List<String> flagged) {
        List<String> out = new ArrayList<>();
        for (String id : canonical(ids)) {
            if (flagged.stream().anyMatch(f -> f.strip().equalsIgnoreCase(id))) {
                out.add(id);
            }
        }
        return out;
    }
}
