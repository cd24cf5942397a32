package dev.coffer.store;

import java.util.List;

/**
 * The vault's network rule set; null on a vault means "allow all". {@code virtualNetworkRules} are subnet ARM
 * ids; {@code ignoreMissingVnetServiceEndpoint} lists those of them created with that flag (the rule was
 * accepted although the subnet lacked the Key Vault service endpoint).
 */
public record NetworkAclsRow(String bypass, String defaultAction, List<String> ipRules,
                             List<String> virtualNetworkRules, List<String> ignoreMissingVnetServiceEndpoint) {
    public NetworkAclsRow {
        ipRules = List.copyOf(ipRules);
        virtualNetworkRules = List.copyOf(virtualNetworkRules);
        // Rows stored before the flag existed have no such member.
        ignoreMissingVnetServiceEndpoint = ignoreMissingVnetServiceEndpoint == null ? List.of()
                : List.copyOf(ignoreMissingVnetServiceEndpoint);
    }

    public NetworkAclsRow(String bypass, String defaultAction, List<String> ipRules, List<String> virtualNetworkRules) {
        this(bypass, defaultAction, ipRules, virtualNetworkRules, List.of());
    }

    /** True when the rule for {@code subnetId} was made with {@code ignoreMissingVnetServiceEndpoint}. */
    public boolean ignoresMissingEndpoint(String subnetId) {
        return ignoreMissingVnetServiceEndpoint.stream().anyMatch(id -> id.equalsIgnoreCase(subnetId));
    }
}
