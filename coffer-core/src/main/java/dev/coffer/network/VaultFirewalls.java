package dev.coffer.network;

import dev.coffer.store.VaultRow;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Each live vault's compiled {@link NetworkRules}, rebuilt only when the vault's row or a virtual network has
 * changed since: the vault cache hands out the same {@link VaultRow} instance until the vault is updated, so
 * an identity comparison tells. The hot path is one map read and two comparisons, without locks.
 */
public final class VaultFirewalls {

    private record Compiled(VaultRow vault, long subnetsVersion, NetworkRules rules) {
    }

    private final SubnetPrefixes subnets;
    private final Map<String, Compiled> compiled = new ConcurrentHashMap<>();

    public VaultFirewalls(SubnetPrefixes subnets) {
        this.subnets = subnets;
    }

    public NetworkRules rulesFor(VaultRow vault) {
        String key = vault.name().toLowerCase(Locale.ROOT);
        // Read the version before compiling: a change racing with the compile then forces a rebuild next time.
        long version = subnets.version();
        Compiled c = compiled.get(key);
        if (c != null && c.vault == vault && c.subnetsVersion == version) {
            return c.rules;
        }
        List<IpPrefix> subnetPrefixes = vault.networkAcls() == null ? List.of()
                : subnets.admitted(vault.networkAcls().virtualNetworkRules());
        NetworkRules rules = NetworkRules.compile(vault.publicNetworkAccess(), vault.networkAcls(), subnetPrefixes);
        compiled.put(key, new Compiled(vault, version, rules));
        return rules;
    }

    public FirewallVerdict evaluate(VaultRow vault, ClientOrigin origin) {
        return rulesFor(vault).evaluate(origin);
    }
}
