package dev.coffer.authz;

import dev.coffer.directory.Principal;
import dev.coffer.store.AccessPolicyRow;
import dev.coffer.store.VaultRow;
import java.time.Clock;
import java.util.List;
import java.util.Locale;

/**
 * Decides every action of both planes. Control-plane actions and the data actions of RBAC vaults are
 * decided by role assignments of the caller and its groups at or above the target scope; data actions of
 * access-policy vaults by the vault's access policies. No match means deny, with the reason stated.
 */
public final class Authorizer {

    public static final String RBAC = "rbac";
    public static final String ACCESS_POLICY = "accessPolicy";

    public static final String DIRECTORY_ROLE = "directoryRole";
    private static final String DIRECTORY_ACTIONS = "microsoft.directory/";

    private final RoleAssignments assignments;
    private final DirectoryRoles directoryRoles;
    private final Clock clock;

    public Authorizer(RoleAssignments assignments, DirectoryRoles directoryRoles, Clock clock) {
        this.assignments = assignments;
        this.directoryRoles = directoryRoles;
        this.clock = clock;
    }

    public Authorizer(RoleAssignments assignments, Clock clock) {
        this(assignments, null, clock);
    }

    /**
     * @param scope the ARM id of the target (vault, or object within a vault for data actions)
     * @param vault the vault the target lies in, or null for targets outside vaults
     * @param policyPermission for access-policy vaults, the permission this operation needs when it differs
     *                         from the action's usual mapping (null for the usual one)
     */
    public Decision decide(Principal principal, Action action, String scope, VaultRow vault,
                           String policyPermission) {
        if (principal == null) {
            return Decision.deny(RBAC, "no authenticated caller");
        }
        if (action.name().regionMatches(true, 0, DIRECTORY_ACTIONS, 0, DIRECTORY_ACTIONS.length())) {
            return decideByDirectoryRole(principal, action);
        }
        if (action.dataAction() && vault != null && !Boolean.TRUE.equals(vault.enableRbacAuthorization())) {
            return decideByAccessPolicy(principal, action, vault, policyPermission);
        }
        return decideByRoles(principal, action, Scope.normalize(scope));
    }

    public Decision decide(Principal principal, Action action, String scope, VaultRow vault) {
        return decide(principal, action, scope, vault, null);
    }

    private Decision decideByDirectoryRole(Principal principal, Action action) {
        if (directoryRoles == null) {
            return Decision.deny(DIRECTORY_ROLE, "directory roles are not configured");
        }
        return directoryRoles.grantingRole(principal, action)
                .map(t -> Decision.allow(DIRECTORY_ROLE, "directory role '" + t.displayName() + "'"))
                .orElseGet(() -> Decision.deny(DIRECTORY_ROLE, "no directory role of the caller or its groups allows '"
                        + action.name() + "'"));
    }

    private Decision decideByRoles(Principal principal, Action action, String scope) {
        long now = clock.instant().getEpochSecond();
        AssignmentIndex index = assignments.index();
        Decision granted = firstGrant(index.of(principal.objectId()), action, scope, now);
        if (granted != null) {
            return granted;
        }
        for (String group : principal.groupIds()) {
            granted = firstGrant(index.of(group), action, scope, now);
            if (granted != null) {
                return granted;
            }
        }
        return Decision.deny(RBAC, "no role assignment of the caller or its groups grants '" + action.name()
                + "' at or above scope '" + scope + "'");
    }

    private static Decision firstGrant(List<RoleAssignment> candidates, Action action, String scope, long now) {
        for (RoleAssignment a : candidates) {
            if (Scope.covers(a.normalizedScope(), scope) && a.activeAt(now) && a.role().grants(action)) {
                return Decision.allow(RBAC, "role assignment '" + a.row().name() + "' (" + a.role().roleName()
                        + ") at scope '" + a.row().scope() + "'");
            }
        }
        return null;
    }

    private static Decision decideByAccessPolicy(Principal principal, Action action, VaultRow vault,
                                                 String policyPermission) {
        AccessPolicyPermissions.Needed needed = AccessPolicyPermissions.forAction(action);
        if (needed == null) {
            return Decision.deny(ACCESS_POLICY, "action '" + action.name() + "' has no access-policy permission");
        }
        String permission = policyPermission != null ? policyPermission : needed.permission();
        for (AccessPolicyRow policy : vault.accessPolicies()) {
            if (appliesTo(policy, principal) && permits(policy, needed.category(), permission)) {
                return Decision.allow(ACCESS_POLICY, "access policy for object '" + policy.objectId()
                        + (policy.applicationId() == null ? "" : "' through application '" + policy.applicationId())
                        + "' grants " + needed.category() + " " + permission);
            }
        }
        return Decision.deny(ACCESS_POLICY, "no access policy of vault '" + vault.name() + "' grants "
                + needed.category() + " " + permission + " to the caller");
    }

    private static boolean appliesTo(AccessPolicyRow policy, Principal principal) {
        if (!policy.tenantId().equalsIgnoreCase(principal.tenantId())) {
            return false;
        }
        boolean identityMatches = policy.objectId().equalsIgnoreCase(principal.objectId())
                || principal.groupIds().stream().anyMatch(g -> g.equalsIgnoreCase(policy.objectId()));
        if (!identityMatches) {
            return false;
        }
        return policy.applicationId() == null || policy.applicationId().isEmpty()
                || policy.applicationId().equalsIgnoreCase(principal.appId());
    }

    private static boolean permits(AccessPolicyRow policy, String category, String permission) {
        List<String> granted = switch (category) {
            case "secrets" -> policy.secrets();
            case "keys" -> policy.keys();
            case "certificates" -> policy.certificates();
            default -> policy.storage();
        };
        for (String g : granted) {
            String lower = g.toLowerCase(Locale.ROOT);
            if (lower.equals("all") || lower.equals(permission)) {
                return true;
            }
        }
        return false;
    }
}
