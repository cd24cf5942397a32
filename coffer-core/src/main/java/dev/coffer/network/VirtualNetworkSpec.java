package dev.coffer.network;

import dev.coffer.store.SubnetRow;
import java.util.List;
import java.util.Map;

/**
 * A caller's desired virtual network, as parsed from a PUT. Like ARM, a PUT replaces the whole network: its
 * {@code subnets} list is the new set (null: none).
 */
public record VirtualNetworkSpec(String location, Map<String, String> tags, List<String> addressPrefixes,
                                 List<SubnetRow> subnets) {
}
