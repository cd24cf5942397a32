package dev.coffer.network;

/** The outcome of a vault's network rules for one request, with the reason, for the audit record. */
public enum FirewallVerdict {
    /** Arrived on a private listener: like an Azure private endpoint, not subject to the public rules. */
    ALLOWED_PRIVATE_LISTENER(true),
    /** No rule set, or {@code defaultAction: Allow}. */
    ALLOWED_BY_DEFAULT(true),
    /** The address lies in an {@code ipRules} range or a subnet named by a {@code virtualNetworkRules} entry. */
    ALLOWED_BY_RULE(true),
    /** A service principal marked trusted, with {@code bypass: AzureServices}. */
    ALLOWED_TRUSTED_SERVICE(true),
    /** {@code publicNetworkAccess: Disabled} and the request came over a public listener. */
    DENIED_PUBLIC_ACCESS_DISABLED(false),
    /** {@code defaultAction: Deny} and no rule admits the address. */
    DENIED_BY_RULES(false);

    private final boolean allowed;

    FirewallVerdict(boolean allowed) {
        this.allowed = allowed;
    }

    public boolean allowed() {
        return allowed;
    }
}
