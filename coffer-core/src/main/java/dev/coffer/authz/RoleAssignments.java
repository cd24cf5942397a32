package dev.coffer.authz;

import dev.coffer.error.BadRequest;
import dev.coffer.error.Conflict;
import dev.coffer.error.NotFound;
import dev.coffer.store.RoleAssignmentRow;
import dev.coffer.store.Store;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Role definitions and assignments: the engine behind {@code Microsoft.Authorization}. Keeps the
 * {@link AssignmentIndex} the Authorizer reads, swapping it after each committed change so the next request
 * sees the change.
 */
public final class RoleAssignments {

    private static final Pattern GUID =
            Pattern.compile("(?i)^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$");

    private final Store store;
    private final Clock clock;
    private volatile AssignmentIndex index;

    public RoleAssignments(Store store, Clock clock) {
        this.store = store;
        this.clock = clock;
        refresh();
    }

    AssignmentIndex index() {
        return index;
    }

    public Optional<RoleDefinition> definition(String guid) {
        return Optional.ofNullable(guid == null ? null : BuiltInRoles.all().get(guid.toLowerCase(Locale.ROOT)));
    }

    public List<RoleDefinition> definitions() {
        return List.copyOf(BuiltInRoles.all().values());
    }

    /**
     * Creates an assignment, or returns the existing one when the same name is put again with the same
     * content. The scope and principal must already have been checked to exist by the caller.
     *
     * @return the stored row and whether it was created (false for an idempotent repeat)
     */
    public Created create(String name, String scope, String roleDefinitionId, String principalId,
                          String principalType, String description, String createdBy) {
        if (!GUID.matcher(name).matches()) {
            throw new BadRequest("InvalidRoleAssignmentId",
                    "The role assignment ID '" + name + "' is not valid. The role assignment ID must be a GUID.");
        }
        String roleGuid = RoleDefinitionIds.guidOf(roleDefinitionId);
        if (roleGuid == null || definition(roleGuid).isEmpty()) {
            throw new BadRequest("RoleDefinitionDoesNotExist",
                    "The specified role definition with ID '" + roleDefinitionId + "' does not exist.");
        }
        if (principalId == null || !GUID.matcher(principalId).matches()) {
            throw new BadRequest("InvalidPrincipalId", "A valid principal ID must be provided.");
        }
        String normalizedScope = Scope.normalize(scope);
        RoleAssignmentRow row = new RoleAssignmentRow(name.toLowerCase(Locale.ROOT), scope, roleDefinitionId,
                principalId.toLowerCase(Locale.ROOT), principalType, description, createdBy,
                clock.instant().getEpochSecond(), null, null);
        Created created = store.write(tx -> {
            Optional<RoleAssignmentRow> existing = tx.roleAssignment(row.name());
            if (existing.isPresent()) {
                RoleAssignmentRow e = existing.get();
                if (sameGrant(e, normalizedScope, roleGuid, row.principalId())) {
                    return new Created(e, false);
                }
                throw new Conflict("RoleAssignmentUpdateNotPermitted",
                        "Tenant ID, application ID, principal ID, and scope are not allowed to be updated.");
            }
            for (RoleAssignmentRow other : tx.roleAssignments()) {
                if (sameGrant(other, normalizedScope, roleGuid, row.principalId())) {
                    throw new Conflict("RoleAssignmentExists", "The role assignment already exists.");
                }
            }
            tx.putRoleAssignment(row);
            return new Created(row, true);
        });
        refresh();
        return created;
    }

    public record Created(RoleAssignmentRow row, boolean isNew) {
    }

    private static boolean sameGrant(RoleAssignmentRow r, String normalizedScope, String roleGuid, String principal) {
        return Scope.normalize(r.scope()).equals(normalizedScope)
                && Objects.equals(RoleDefinitionIds.guidOf(r.roleDefinitionId()), roleGuid)
                && r.principalId().equalsIgnoreCase(principal);
    }

    public Optional<RoleAssignmentRow> get(String name) {
        return store.read(tx -> tx.roleAssignment(name.toLowerCase(Locale.ROOT)));
    }

    /** Deletes and returns the assignment, or empty when there was none. */
    public Optional<RoleAssignmentRow> delete(String name) {
        Optional<RoleAssignmentRow> removed = store.write(tx -> {
            Optional<RoleAssignmentRow> existing = tx.roleAssignment(name.toLowerCase(Locale.ROOT));
            existing.ifPresent(r -> tx.deleteRoleAssignment(r.name()));
            return existing;
        });
        refresh();
        return removed;
    }

    public List<RoleAssignmentRow> list(Predicate<RoleAssignmentRow> filter) {
        return store.read(tx -> tx.roleAssignments()).stream().filter(filter).toList();
    }

    /** Reloads the index from the store; also the hook for changes made by another node. */
    public void refresh() {
        index = AssignmentIndex.build(store.read(tx -> tx.roleAssignments()),
                guid -> guid == null ? null : BuiltInRoles.all().get(guid));
    }

    public RoleAssignmentRow requireExisting(String name) {
        return get(name).orElseThrow(() -> new NotFound("RoleAssignmentNotFound",
                "The role assignment '" + name + "' is not found."));
    }
}
