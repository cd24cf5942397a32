package dev.coffer.authz;

import dev.coffer.store.RoleAssignmentRow;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * An immutable snapshot of every role assignment, grouped by principal. A change makes a new snapshot (copying
 * only what it touches) that is swapped in whole, so a decision never sees a half-applied change and never
 * needs a lock. The maps are never mutated after construction.
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
        return new AssignmentIndex(map);
    }

    /** This index with one more assignment; only the principal's list is copied. */
    AssignmentIndex plus(RoleAssignmentRow row, RoleDefinition role) {
        Map<String, List<RoleAssignment>> map = new HashMap<>(byPrincipal);
        String key = row.principalId().toLowerCase(Locale.ROOT);
        List<RoleAssignment> list = new ArrayList<>(map.getOrDefault(key, List.of()));
        list.add(new RoleAssignment(row, Scope.normalize(row.scope()), role));
        map.put(key, List.copyOf(list));
        return new AssignmentIndex(map);
    }

    /** This index without the named assignment of the principal. */
    AssignmentIndex minus(RoleAssignmentRow row) {
        String key = row.principalId().toLowerCase(Locale.ROOT);
        List<RoleAssignment> current = byPrincipal.getOrDefault(key, List.of());
        List<RoleAssignment> kept = current.stream().filter(a -> !a.row().name().equalsIgnoreCase(row.name())).toList();
        Map<String, List<RoleAssignment>> map = new HashMap<>(byPrincipal);
        if (kept.isEmpty()) {
            map.remove(key);
        } else {
            map.put(key, kept);
        }
        return new AssignmentIndex(map);
    }

    List<RoleAssignment> of(String principalId) {
        return byPrincipal.getOrDefault(principalId.toLowerCase(Locale.ROOT), List.of());
    }
}
