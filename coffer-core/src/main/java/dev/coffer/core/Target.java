package dev.coffer.core;

import dev.coffer.authz.Action;
import dev.coffer.store.VaultRow;
import java.util.List;

/**
 * What an operation acts on: its ARM scope (for objects in a vault, the object's scope), the vault it lies in
 * (null outside vaults), and further actions the change needs beyond the operation's own (for example
 * switching a vault's permission model needs role-assignment rights too).
 */
public record Target(String scope, VaultRow vault, List<Action> extraActions) {

    public Target {
        extraActions = List.copyOf(extraActions);
    }

    public static Target of(String scope) {
        return new Target(scope, null, List.of());
    }

    public static Target inVault(String scope, VaultRow vault) {
        return new Target(scope, vault, List.of());
    }

    public Target requiring(Action extra) {
        List<Action> all = new java.util.ArrayList<>(extraActions);
        all.add(extra);
        return new Target(scope, vault, all);
    }
}
