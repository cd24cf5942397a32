package dev.coffer.authz;

import dev.coffer.error.BadRequest;
import dev.coffer.error.Conflict;
import dev.coffer.error.NotFound;
import dev.coffer.store.RoleDefinitionRow;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** Validation and conversion of custom role definitions (Microsoft.Authorization/roleDefinitions). */
final class CustomRoles {

    private static final Pattern GUID =
            Pattern.compile("(?i)^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$");
    private static final Pattern ACTION = Pattern.compile("^[A-Za-z0-9.*/_-]{1,200}$");

    private CustomRoles() {
    }

    static void validate(RoleDefinitionRow row, List<RoleDefinition> existing) {
        if (!GUID.matcher(row.id()).matches()) {
            throw new BadRequest("InvalidRoleDefinitionId", "The role definition ID must be a GUID.");
        }
        if (BuiltInRoles.all().containsKey(row.id().toLowerCase(Locale.ROOT))) {
            throw new BadRequest("RoleDefinitionUpdateNotPermitted", "Built-in role definitions cannot be changed.");
        }
        if (row.roleName() == null || row.roleName().isBlank() || row.roleName().length() > 512) {
            throw new BadRequest("InvalidRoleDefinition", "A role definition needs a roleName (at most 512 characters).");
        }
        for (RoleDefinition other : existing) {
            if (other.roleName().equalsIgnoreCase(row.roleName()) && !other.id().equalsIgnoreCase(row.id())) {
                throw new Conflict("RoleDefinitionWithSameNameExists",
                        "A role definition cannot be updated with a name that already exists.");
            }
        }
        if (row.permissions().isEmpty()) {
            throw new BadRequest("InvalidRoleDefinition", "A role definition needs at least one permission block.");
        }
        for (RoleDefinitionRow.PermissionRow p : row.permissions()) {
            for (List<String> list : List.of(p.actions(), p.notActions(), p.dataActions(), p.notDataActions())) {
                for (String a : list) {
                    if (a == null || !ACTION.matcher(a).matches()) {
                        throw new BadRequest("InvalidActionOrNotAction", "The action '" + a + "' is not valid.");
                    }
                }
            }
        }
        if (row.assignableScopes().isEmpty()) {
            throw new BadRequest("InvalidRoleDefinition", "A custom role needs at least one assignable scope.");
        }
        for (String scope : row.assignableScopes()) {
            if (!Scope.normalize(scope).startsWith("/subscriptions/")) {
                throw new BadRequest("InvalidAssignableScope", "Assignable scopes must be subscriptions or below: '"
                        + scope + "'.");
            }
        }
    }

    static RoleDefinition toDefinition(RoleDefinitionRow row) {
        List<Permission> permissions = new ArrayList<>();
        for (RoleDefinitionRow.PermissionRow p : row.permissions()) {
            permissions.add(Permission.of(p.actions(), p.notActions(), p.dataActions(), p.notDataActions()));
        }
        return new RoleDefinition(row.id().toLowerCase(Locale.ROOT), row.roleName(), row.description(), false,
                permissions, row.assignableScopes(), Set.of());
    }

    static NotFound notFound(String id) {
        return new NotFound("RoleDefinitionDoesNotExist", "The role definition '" + id + "' does not exist.");
    }

    /** Custom roles may only be assigned within their assignable scopes. */
    static boolean assignableAt(RoleDefinition role, String scope) {
        if (role.builtIn()) {
            return true;
        }
        String target = Scope.normalize(scope);
        return role.assignableScopes().stream().anyMatch(s -> Scope.covers(Scope.normalize(s), target));
    }
}
