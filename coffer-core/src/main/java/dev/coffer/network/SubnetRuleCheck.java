package dev.coffer.network;

import dev.coffer.store.NetworkAclsRow;

/**
 * Checked when a vault's network rules change: each newly named subnet must exist and carry the
 * {@code Microsoft.KeyVault} service endpoint, unless its rule sets {@code ignoreMissingVnetServiceEndpoint}.
 * Rules the vault already had are not checked again, so an unrelated update still works after a subnet lost
 * its endpoint (that rule then admits nobody).
 */
@FunctionalInterface
public interface SubnetRuleCheck {

    SubnetRuleCheck NONE = (next, previous) -> { };

    /** Throws {@code BadRequest} naming the first unacceptable rule. */
    void check(NetworkAclsRow next, NetworkAclsRow previous);
}
