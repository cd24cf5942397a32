package dev.coffer.core;

import dev.coffer.authz.Action;
import dev.coffer.store.VaultRow;
import java.util.List;
import java.util.Map;

/**
 * What an operation acts on: its ARM scope (for objects in a vault, the object's scope), the vault it lies in
 * (null outside vaults), and further actions the change needs beyond the operation's own (for example
 * switching a vault's permission model needs role-assignment rights too).
 */
public record Target(String scope, VaultRow vault, List<Action> extraActions, Map<String, String> attributes) {

    /** The role a role-assignment write or delete concerns (conditions of Data Access Administrator read it). */
    public static final String ROLE_DEFINITION_ID = dev.coffer.authz.Authorizer.ROLE_DEFINITION_ATTRIBUTE;
    /** Set when an access-policy change grants data access to the caller itself or one of its groups. */
    public static final String SELF_GRANT = dev.coffer.authz.Authorizer.SELF_GRANT_ATTRIBUTE;

    public Target {
        extraActions = List.copyOf(extraActions);
        attributes = Map.copyOf(attributes);
    }

    public Target(String scope, VaultRow vault, List<Action> extraActions) {
        this(scope, vault, extraActions, Map.of());
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
        return new Target(scope, vault, all, attributes);
    }

    public Target with(String attribute, String value) {
        Map<String, String> all = new java.util.HashMap<>(attributes);
        all.put(attribute, value);
        return new Target(scope, vault, extraActions, all);
    }
}
