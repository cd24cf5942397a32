package dev.coffer.authz;

import dev.coffer.directory.Principal;
import dev.coffer.store.AccessPolicyRow;
import dev.coffer.store.VaultRow;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Decides every action of both planes. Control-plane actions and the data actions of RBAC vaults are
 * decided by role assignments of the caller and its groups at or above the target scope; data actions of
 * access-policy vaults by the vault's access policies. No match means deny, with the reason stated.
 */
public final class Authorizer {

    public static final String RBAC = "rbac";
    public static final String ACCESS_POLICY = "accessPolicy";

    public static final String DIRECTORY_ROLE = "directoryRole";
    /** The request attribute naming the role a role-assignment write or delete concerns. */
    public static final String ROLE_DEFINITION_ATTRIBUTE = "roleDefinitionId";
    /** The request attribute set when an access-policy change grants the caller (or its groups) data access. */
    public static final String SELF_GRANT_ATTRIBUTE = "selfGrant";
    private static final String DIRECTORY_ACTIONS = "microsoft.directory/";

    private final RoleAssignments assignments;
    private final DirectoryRoles directoryRoles;
    private final TenantPolicy tenantPolicy;
    private final Clock clock;

    public Authorizer(RoleAssignments assignments, DirectoryRoles directoryRoles, TenantPolicy tenantPolicy,
                      Clock clock) {
        this.assignments = assignments;
        this.directoryRoles = directoryRoles;
        this.tenantPolicy = tenantPolicy;
        this.clock = clock;
    }

    public Authorizer(RoleAssignments assignments, DirectoryRoles directoryRoles, Clock clock) {
        this(assignments, directoryRoles, null, clock);
    }

    public Authorizer(RoleAssignments assignments, Clock clock) {
        this(assignments, null, null, clock);
    }

    /**
     * @param scope the ARM id of the target (vault, or object within a vault for data actions)
     * @param vault the vault the target lies in, or null for targets outside vaults
     * @param policyPermission for access-policy vaults, the permission this operation needs when it differs
     *                         from the action's usual mapping (null for the usual one)
     */
    public Decision decide(Principal principal, Action action, String scope, VaultRow vault,
                           String policyPermission) {
        return decide(principal, action, scope, vault, policyPermission, Map.of());
    }

    /**
     * @param attributes facts about the request that role conditions read; today the role a role-assignment
     *                   write or delete concerns ({@code roleDefinitionId}), for Key Vault Data Access
     *                   Administrator's condition
     */
    public Decision decide(Principal principal, Action action, String scope, VaultRow vault,
                           String policyPermission, Map<String, String> attributes) {
        if (principal == null) {
            return Decision.deny(RBAC, "no authenticated caller");
        }
        if (action.name().regionMatches(true, 0, DIRECTORY_ACTIONS, 0, DIRECTORY_ACTIONS.length())) {
            return decideByDirectoryRole(principal, action);
        }
        if (action.dataAction() && vault != null && !Boolean.TRUE.equals(vault.enableRbacAuthorization())) {
            return decideByAccessPolicy(principal, action, vault, policyPermission);
        }
        Decision byRoles = decideByRoles(principal, action, Scope.normalize(scope), attributes);
        if (byRoles.allowed() && "true".equals(attributes.get(SELF_GRANT_ATTRIBUTE)) && tenantPolicy != null
                && tenantPolicy.forbidsSelfGrant(principal.tenantId())) {
            return Decision.deny(RBAC, "the change grants the caller itself data access through an access policy, "
                    + "which this tenant's policy forbids (" + TenantPolicy.FORBID_SELF_GRANT + ")");
        }
        return byRoles;
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

    private Decision decideByRoles(Principal principal, Action action, String scope, Map<String, String> attributes) {
        long now = clock.instant().getEpochSecond();
        AssignmentIndex index = assignments.index();
        Decision granted = firstGrant(index.of(principal.objectId()), action, scope, now, attributes);
        if (granted != null) {
            return granted;
        }
        for (String group : principal.groupIds()) {
            granted = firstGrant(index.of(group), action, scope, now, attributes);
            if (granted != null) {
                return granted;
            }
        }
        return Decision.deny(RBAC, "no role assignment of the caller or its groups grants '" + action.name()
                + "' at or above scope '" + scope + "'");
    }

    private static Decision firstGrant(List<RoleAssignment> candidates, Action action, String scope, long now,
                                       Map<String, String> attributes) {
        for (RoleAssignment a : candidates) {
            if (Scope.covers(a.normalizedScope(), scope) && a.activeAt(now) && a.role().grants(action)
                    && conditionHolds(a.role(), action, attributes)) {
                return Decision.allow(RBAC, "role assignment '" + a.row().name() + "' (" + a.role().roleName()
                        + ") at scope '" + a.row().scope() + "'");
            }
        }
        return null;
    }

    /**
     * Key Vault Data Access Administrator's ABAC condition: its role-assignment writes and deletes are granted
     * only for the roles it may assign. Without the fact (for example a permission-model switch, which needs
     * unrestricted rights), the conditional grant does not apply.
     */
    private static boolean conditionHolds(RoleDefinition role, Action action, Map<String, String> attributes) {
        if (role.assignableRoles().isEmpty() || !isRoleAssignmentChange(action)) {
            return true;
        }
        String requested = RoleDefinitionIds.guidOf(attributes.get(ROLE_DEFINITION_ATTRIBUTE));
        return requested != null && role.assignableRoles().contains(requested);
    }

    private static boolean isRoleAssignmentChange(Action action) {
        String name = action.name().toLowerCase(Locale.ROOT);
        return name.equals("microsoft.authorization/roleassignments/write")
                || name.equals("microsoft.authorization/roleassignments/delete");
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
