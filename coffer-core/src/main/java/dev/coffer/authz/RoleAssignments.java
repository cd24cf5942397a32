package dev.coffer.authz;

import dev.coffer.error.BadRequest;
import dev.coffer.error.Conflict;
import dev.coffer.error.NotFound;
import dev.coffer.store.RoleAssignmentRow;
import dev.coffer.store.RoleDefinitionRow;
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
    /**
     * Serializes assignment changes with their index update, so a delete can never be applied to the index
     * before the create it follows (which would leave a stale allow).
     */
    private final Object indexLock = new Object();
    private volatile java.util.Map<String, RoleDefinitionRow> customRoles = java.util.Map.of();

    public RoleAssignments(Store store, Clock clock) {
        this.store = store;
        this.clock = clock;
        refresh();
    }

    AssignmentIndex index() {
        return index;
    }

    /** A built-in role, or a custom role of any tenant. */
    public Optional<RoleDefinition> definition(String guid) {
        if (guid == null) {
            return Optional.empty();
        }
        String id = guid.toLowerCase(Locale.ROOT);
        RoleDefinition builtIn = BuiltInRoles.all().get(id);
        if (builtIn != null) {
            return Optional.of(builtIn);
        }
        return Optional.ofNullable(customRoles.get(id)).map(CustomRoles::toDefinition);
    }

    /** The built-in roles and the custom roles of one tenant. */
    public List<RoleDefinition> definitions(String tenantId) {
        List<RoleDefinition> all = new java.util.ArrayList<>(BuiltInRoles.all().values());
        customRoles.values().stream().filter(r -> r.tenantId().equalsIgnoreCase(tenantId))
                .map(CustomRoles::toDefinition).forEach(all::add);
        return all;
    }

    /** The tenant that owns a custom role, or null for built-in and unknown roles. */
    public String ownerTenant(String guid) {
        RoleDefinitionRow row = guid == null ? null : customRoles.get(guid.toLowerCase(Locale.ROOT));
        return row == null ? null : row.tenantId();
    }

    /** Creates or replaces a custom role; returns whether it was created. */
    public boolean putCustomRole(RoleDefinitionRow requested) {
        String owner = ownerTenant(requested.id());
        if (owner != null && !owner.equalsIgnoreCase(requested.tenantId())) {
            throw CustomRoles.notFound(requested.id());
        }
        CustomRoles.validate(requested, definitions(requested.tenantId()));
        RoleDefinitionRow existing = customRoles.get(requested.id().toLowerCase(Locale.ROOT));
        RoleDefinitionRow row = existing == null ? requested : new RoleDefinitionRow(existing.id(),
                existing.tenantId(), requested.roleName(), requested.description(), requested.permissions(),
                requested.assignableScopes(), existing.createdBy(), existing.createdAt(), requested.updatedAt());
        store.write(tx -> {
            tx.putRoleDefinition(row);
            return null;
        });
        refresh();
        return existing == null;
    }

    /** Deletes a custom role that no assignment uses any more. */
    public Optional<RoleDefinition> deleteCustomRole(String tenantId, String guid) {
        RoleDefinitionRow row = customRoles.get(guid.toLowerCase(Locale.ROOT));
        if (row == null || !row.tenantId().equalsIgnoreCase(tenantId)) {
            if (BuiltInRoles.all().containsKey(guid.toLowerCase(Locale.ROOT))) {
                throw new BadRequest("RoleDefinitionUpdateNotPermitted", "Built-in role definitions cannot be deleted.");
            }
            return Optional.empty();
        }
        store.write(tx -> {
            boolean used = tx.roleAssignments().stream()
                    .anyMatch(a -> guid.equalsIgnoreCase(RoleDefinitionIds.guidOf(a.roleDefinitionId())));
            if (used) {
                throw new Conflict("RoleDefinitionHasAssignments", "There are existing role assignments referencing "
                        + "role definition '" + guid + "'; delete them first.");
            }
            tx.deleteRoleDefinition(row.id());
            return null;
        });
        refresh();
        return Optional.of(CustomRoles.toDefinition(row));
    }

    /**
     * Creates an assignment, or returns the existing one when the same name is put again with the same
     * content. The scope and principal must already have been checked to exist by the caller.
     *
     * @return the stored row and whether it was created (false for an idempotent repeat)
     */
    public Created create(String name, String scope, String roleDefinitionId, String principalId,
                          String principalType, String description, String createdBy) {
        return create(name, scope, roleDefinitionId, principalId, principalType, description, createdBy, null, null);
    }

    /**
     * As above, for time-bound access: the assignment grants nothing before {@code notBefore} or from
     * {@code notAfter} on (epoch seconds, either may be null).
     */
    public Created create(String name, String scope, String roleDefinitionId, String principalId,
                          String principalType, String description, String createdBy, Long notBefore, Long notAfter) {
        if (!GUID.matcher(name).matches()) {
            throw new BadRequest("InvalidRoleAssignmentId",
                    "The role assignment ID '" + name + "' is not valid. The role assignment ID must be a GUID.");
        }
        String roleGuid = RoleDefinitionIds.guidOf(roleDefinitionId);
        Optional<RoleDefinition> role = definition(roleGuid);
        if (roleGuid == null || role.isEmpty()) {
            throw new BadRequest("RoleDefinitionDoesNotExist",
                    "The specified role definition with ID '" + roleDefinitionId + "' does not exist.");
        }
        if (!CustomRoles.assignableAt(role.get(), scope)) {
            throw new BadRequest("RoleAssignmentScopeNotAssignableToRoleDefinition", "The role '"
                    + role.get().roleName() + "' is not assignable at scope '" + scope + "'.");
        }
        if (notBefore != null && notAfter != null && notAfter <= notBefore) {
            throw new BadRequest("InvalidRoleAssignmentSchedule", "The end of a time-bound assignment must come "
                    + "after its start.");
        }
        if (principalId == null || !GUID.matcher(principalId).matches()) {
            throw new BadRequest("InvalidPrincipalId", "A valid principal ID must be provided.");
        }
        String normalizedScope = Scope.normalize(scope);
        RoleAssignmentRow row = new RoleAssignmentRow(name.toLowerCase(Locale.ROOT), scope, roleDefinitionId,
                principalId.toLowerCase(Locale.ROOT), principalType, description, createdBy,
                clock.instant().getEpochSecond(), notBefore, notAfter);
        RoleDefinition grantedRole = role.get();
        synchronized (indexLock) {
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
            if (created.isNew()) {
                index = index.plus(created.row(), grantedRole);
            }
            return created;
        }
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
        synchronized (indexLock) {
            Optional<RoleAssignmentRow> removed = store.write(tx -> {
                Optional<RoleAssignmentRow> existing = tx.roleAssignment(name.toLowerCase(Locale.ROOT));
                existing.ifPresent(r -> tx.deleteRoleAssignment(r.name()));
                return existing;
            });
            removed.ifPresent(r -> index = index.minus(r));
            return removed;
        }
    }

    public List<RoleAssignmentRow> list(Predicate<RoleAssignmentRow> filter) {
        return store.read(tx -> tx.roleAssignments()).stream().filter(filter).toList();
    }

    /** Reloads the index from the store; also the hook for changes made by another node. */
    public void refresh() {
        synchronized (indexLock) {
            reload();
        }
    }

    private void reload() {
        store.read(tx -> {
            java.util.Map<String, RoleDefinitionRow> custom = new java.util.HashMap<>();
            tx.roleDefinitions().forEach(r -> custom.put(r.id().toLowerCase(Locale.ROOT), r));
            customRoles = java.util.Map.copyOf(custom);
            index = AssignmentIndex.build(tx.roleAssignments(), guid -> definition(guid).orElse(null));
            return null;
        });
    }

    public RoleAssignmentRow requireExisting(String name) {
        return get(name).orElseThrow(() -> new NotFound("RoleAssignmentNotFound",
                "The role assignment '" + name + "' is not found."));
    }
}
