package dev.coffer.store;

import java.util.List;

/** A custom role definition as stored (built-in roles are data shipped with Coffer, not rows). */
public record RoleDefinitionRow(String id, String tenantId, String roleName, String description,
                                List<PermissionRow> permissions, List<String> assignableScopes, String createdBy,
                                long createdAt, long updatedAt) {
    public RoleDefinitionRow {
        permissions = List.copyOf(permissions);
        assignableScopes = List.copyOf(assignableScopes);
    }

    /** One permission block of a role. */
    public record PermissionRow(List<String> actions, List<String> notActions, List<String> dataActions,
                                List<String> notDataActions) {
        public PermissionRow {
            actions = List.copyOf(actions);
            notActions = List.copyOf(notActions);
            dataActions = List.copyOf(dataActions);
            notDataActions = List.copyOf(notDataActions);
        }
    }
}
