package dev.coffer.store;

import java.util.List;

/** The vault's network rule set; null on a vault means "allow all". */
public record NetworkAclsRow(String bypass, String defaultAction, List<String> ipRules,
                             List<String> virtualNetworkRules) {
    public NetworkAclsRow {
        ipRules = List.copyOf(ipRules);
        virtualNetworkRules = List.copyOf(virtualNetworkRules);
    }
}
