package dev.coffer.store;

import java.util.List;

/**
 * A subnet of a virtual network: its address prefixes (CIDR text) and the service endpoints enabled on it
 * ({@code Microsoft.KeyVault} lets vault network rules admit it).
 */
public record SubnetRow(String name, List<String> addressPrefixes, List<String> serviceEndpoints) {
    public SubnetRow {
        addressPrefixes = List.copyOf(addressPrefixes);
        serviceEndpoints = serviceEndpoints == null ? List.of() : List.copyOf(serviceEndpoints);
    }
}
