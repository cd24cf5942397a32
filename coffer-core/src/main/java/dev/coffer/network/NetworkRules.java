package dev.coffer.network;

import dev.coffer.store.NetworkAclsRow;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * One vault's network rules compiled for evaluation: {@code publicNetworkAccess}, {@code defaultAction},
 * {@code bypass}, and every admitted range (its {@code ipRules} plus the address prefixes of the subnets its
 * {@code virtualNetworkRules} name, while they carry the Key Vault service endpoint) in one {@link CidrSet}.
 * Immutable; rebuilt when the vault or a virtual network changes.
 */
public final class NetworkRules {

    /** A vault without rules: public access on, everything admitted. */
    public static final NetworkRules OPEN = new NetworkRules(true, true, true, CidrSet.empty());

    private final boolean publicAccess;
    private final boolean defaultAllow;
    private final boolean trustedServicesBypass;
    private final CidrSet admitted;

    private NetworkRules(boolean publicAccess, boolean defaultAllow, boolean trustedServicesBypass, CidrSet admitted) {
        this.publicAccess = publicAccess;
        this.defaultAllow = defaultAllow;
        this.trustedServicesBypass = trustedServicesBypass;
        this.admitted = admitted;
    }

    /**
     * @param publicNetworkAccess the vault's property ({@code Enabled}/{@code Disabled}, any case; null is Enabled)
     * @param acls                the vault's rule set, or null for none
     * @param subnetPrefixes      address prefixes of the subnets that {@code acls} admits
     */
    public static NetworkRules compile(String publicNetworkAccess, NetworkAclsRow acls,
                                       Collection<IpPrefix> subnetPrefixes) {
        boolean publicAccess = publicNetworkAccess == null || !publicNetworkAccess.equalsIgnoreCase("Disabled");
        if (acls == null) {
            return publicAccess ? OPEN : new NetworkRules(false, true, true, CidrSet.empty());
        }
        List<IpPrefix> ranges = new ArrayList<>(acls.ipRules().size() + subnetPrefixes.size());
        for (String rule : acls.ipRules()) {
            ranges.add(IpPrefix.parse(rule));
        }
        ranges.addAll(subnetPrefixes);
        return new NetworkRules(publicAccess, !"Deny".equalsIgnoreCase(acls.defaultAction()),
                !"None".equalsIgnoreCase(acls.bypass()), CidrSet.of(ranges));
    }

    /** The verdict on the address alone; the trusted-service bypass needs the caller (see {@link #admitsTrustedServices}). */
    public FirewallVerdict evaluate(ClientOrigin origin) {
        if (origin.privateListener()) {
            return FirewallVerdict.ALLOWED_PRIVATE_LISTENER;
        }
        if (!publicAccess) {
            return FirewallVerdict.DENIED_PUBLIC_ACCESS_DISABLED;
        }
        if (defaultAllow) {
            return FirewallVerdict.ALLOWED_BY_DEFAULT;
        }
        return admitted.contains(origin.address()) ? FirewallVerdict.ALLOWED_BY_RULE : FirewallVerdict.DENIED_BY_RULES;
    }

    /**
     * What the audit record says about an admitted or refused request: the verdict's name, and for
     * {@link FirewallVerdict#ALLOWED_BY_RULE} the admitting range ({@code ALLOWED_BY_RULE 10.0.0.0/8}), which is
     * an {@code ipRules} entry or the address prefix of a subnet a {@code virtualNetworkRules} entry names.
     */
    public String describe(FirewallVerdict verdict, ClientOrigin origin) {
        if (verdict != FirewallVerdict.ALLOWED_BY_RULE) {
            return verdict.name();
        }
        IpPrefix range = admitted.rangeOf(origin.address());
        return range == null ? verdict.name() : verdict.name() + " " + range;
    }

    /**
     * True when {@code bypass} is {@code AzureServices}: a caller marked as a trusted service passes a denial,
     * also with public access disabled (as in Azure, where trusted services need no private endpoint).
     */
    public boolean admitsTrustedServices() {
        return trustedServicesBypass;
    }

    /** Ranges admitted by rules (after dropping those covered by others). */
    public int admittedRanges() {
        return admitted.size();
    }
}
