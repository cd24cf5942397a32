package dev.coffer.authz;

import dev.coffer.store.RoleAssignmentRow;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * An immutable snapshot of every role assignment, grouped by principal. It is rebuilt and swapped whole on
 * each change, so a decision never sees a half-applied change and never needs a lock.
 */
final class AssignmentIndex {

    private final Map<String, List<RoleAssignment>> byPrincipal;

    private AssignmentIndex(Map<String, List<RoleAssignment>> byPrincipal) {
        this.byPrincipal = byPrincipal;
    }

    static AssignmentIndex build(List<RoleAssignmentRow> rows, Function<String, RoleDefinition> roles) {
        Map<String, List<RoleAssignment>> map = new HashMap<>();
        for (RoleAssignmentRow row : rows) {
            RoleDefinition role = roles.apply(RoleDefinitionIds.guidOf(row.roleDefinitionId()));
            if (role == null) {
                continue;
            }
            map.computeIfAbsent(row.principalId().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                    .add(new RoleAssignment(row, Scope.normalize(row.scope()), role));
        }
        map.replaceAll((k, v) -> List.copyOf(v));
        return new AssignmentIndex(Map.copyOf(map));
    }

    List<RoleAssignment> of(String principalId) {
        return byPrincipal.getOrDefault(principalId.toLowerCase(Locale.ROOT), List.of());
    }
}
