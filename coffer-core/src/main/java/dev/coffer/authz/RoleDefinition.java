package dev.coffer.authz;

import java.util.List;
import java.util.Set;

/**
 * A role: its GUID, name, permission blocks and where it may be assigned. {@code assignableRoles}, when not
 * empty, models Azure's ABAC condition on role-assignment writes (Key Vault Data Access Administrator may
 * assign only these role GUIDs).
 */
public record RoleDefinition(String id, String roleName, String description, boolean builtIn,
                             List<Permission> permissions, List<String> assignableScopes,
                             Set<String> assignableRoles) {

    public RoleDefinition {
        permissions = List.copyOf(permissions);
        assignableScopes = List.copyOf(assignableScopes);
        assignableRoles = Set.copyOf(assignableRoles);
    }

    public boolean grants(Action action) {
        for (Permission p : permissions) {
            if (p.grants(action)) {
                return true;
            }
        }
        return false;
    }

    /** The tenant-level resource id Azure uses for a role definition. */
    public String resourceId() {
        return "/providers/Microsoft.Authorization/roleDefinitions/" + id;
    }
}
