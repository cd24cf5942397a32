package dev.coffer.network;

import java.util.List;

/**
 * What a vault's {@code virtualNetworkRules} admit: the address prefixes of the named subnets that carry the
 * {@code Microsoft.KeyVault} service endpoint right now. {@link #version} changes whenever a virtual network
 * does, so compiled rule sets know when to rebuild.
 */
public interface SubnetPrefixes {

    SubnetPrefixes NONE = new SubnetPrefixes() {
        @Override
        public long version() {
            return 0;
        }

        @Override
        public List<IpPrefix> admitted(List<String> subnetIds) {
            return List.of();
        }
    };

    long version();

    /** Prefixes of those of {@code subnetIds} (ARM subnet ids) that exist and have the Key Vault endpoint. */
    List<IpPrefix> admitted(List<String> subnetIds);
}
