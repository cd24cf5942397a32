package dev.coffer.store;

import java.util.List;
import java.util.Map;

/**
 * A virtual network as stored ({@code Microsoft.Network/virtualNetworks}): its address space and subnets.
 * Coffer keeps them so that vault {@code virtualNetworkRules} can name subnets; it routes nothing.
 */
public record VirtualNetworkRow(String subscriptionId, String resourceGroup, String name, String location,
                                Map<String, String> tags, List<String> addressPrefixes, List<SubnetRow> subnets,
                                String createdBy, long createdAt, String updatedBy, long updatedAt) {
    public VirtualNetworkRow {
        tags = Map.copyOf(tags);
        addressPrefixes = List.copyOf(addressPrefixes);
        subnets = List.copyOf(subnets);
    }
}
