package dev.coffer.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coffer.authz.Actions;
import dev.coffer.authz.RoleAssignments;
import dev.coffer.authz.RoleDefinition;
import dev.coffer.authz.Scope;
import dev.coffer.core.Operation;
import dev.coffer.core.Target;
import dev.coffer.directory.Directory;
import dev.coffer.error.BadRequest;
import dev.coffer.error.NotFound;
import dev.coffer.resources.ArmScope;
import dev.coffer.resources.ResourceGroups;
import dev.coffer.resources.Subscriptions;
import dev.coffer.resources.Vaults;
import dev.coffer.store.PrincipalRow;
import dev.coffer.store.RoleAssignmentRow;
import dev.coffer.store.RoleDefinitionRow;
import dev.coffer.wire.RoleJson;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Microsoft.Authorization under any scope: {@code {scope}/providers/Microsoft.Authorization/roleAssignments
 * [/{name}]} and {@code …/roleDefinitions[/{id}]}. The scope is cut off the path first (routes cannot hold
 * a variable number of segments) and read back from the request.
 */
public final class RoleRoutes {

    private static final String MARKER = "/providers/microsoft.authorization/";
    private static final Pattern PRINCIPAL_FILTER = Pattern.compile("(?i)^\\s*principalId\\s+eq\\s+'([^']+)'\\s*$");

    static final Operation ASSIGNMENT_PUT = Operation.of("RoleAssignmentPut", Actions.ROLE_ASSIGNMENTS_WRITE);
    static final Operation ASSIGNMENT_GET = Operation.of("RoleAssignmentGet", Actions.ROLE_ASSIGNMENTS_READ);
    static final Operation ASSIGNMENT_LIST = Operation.of("RoleAssignmentList", Actions.ROLE_ASSIGNMENTS_READ);
    static final Operation ASSIGNMENT_DELETE = Operation.of("RoleAssignmentDelete", Actions.ROLE_ASSIGNMENTS_DELETE);
    // Role definitions are catalog data every signed-in caller may read, as in Azure.
    static final Operation DEFINITION_GET = Operation.publicOperation("RoleDefinitionGet");
    static final Operation DEFINITION_LIST = Operation.publicOperation("RoleDefinitionList");
    static final Operation DEFINITION_PUT = Operation.of("RoleDefinitionPut", Actions.ROLE_DEFINITIONS_WRITE);
    static final Operation DEFINITION_DELETE = Operation.of("RoleDefinitionDelete", Actions.ROLE_DEFINITIONS_DELETE);

    private final RoleAssignments assignments;
    private final Directory directory;
    private final Subscriptions subscriptions;
    private final ResourceGroups groups;
    private final Vaults vaults;

    public RoleRoutes(RoleAssignments assignments, Directory directory, Subscriptions subscriptions,
                      ResourceGroups groups, Vaults vaults) {
        this.assignments = assignments;
        this.directory = directory;
        this.subscriptions = subscriptions;
        this.groups = groups;
        this.vaults = vaults;
    }

    /** Rewrites {@code {scope}/providers/Microsoft.Authorization/…} to its scope-free form for routing. */
    static String canonical(String path) {
        int at = path.toLowerCase(Locale.ROOT).lastIndexOf(MARKER);
        return at < 0 ? path : path.substring(at);
    }

    private static String scopeOf(ManagementCall c) {
        String path = c.exchange().path();
        int at = path.toLowerCase(Locale.ROOT).lastIndexOf(MARKER);
        String scope = at <= 0 ? "/" : path.substring(0, at);
        return scope;
    }

    public void register(Router<ManagementRoute> router) {
        String base = "/providers/Microsoft.Authorization";
        router.add("GET", base + "/roleAssignments", this::list)
                .add("PUT", base + "/roleAssignments/{name}", this::put)
                .add("GET", base + "/roleAssignments/{name}", this::get)
                .add("DELETE", base + "/roleAssignments/{name}", this::delete)
                .add("GET", base + "/roleDefinitions", this::listDefinitions)
                .add("GET", base + "/roleDefinitions/{id}", this::getDefinition)
                .add("PUT", base + "/roleDefinitions/{id}", this::putDefinition)
                .add("DELETE", base + "/roleDefinitions/{id}", this::deleteDefinition);
    }

    private static void version(ManagementCall c) {
        ApiVersions.require(ApiVersions.Family.AUTHORIZATION, c.apiVersion());
    }

    private void put(ManagementCall c) {
        version(c);
        String scope = scopeOf(c);
        ArmScope parsed = ArmScope.parse(scope);
        ObjectNode body = Json.parseObject(c.exchange().body());
        ObjectNode p = Fields.ARM.object(body, "properties");
        if (p == null) {
            throw new BadRequest("InvalidRequestContent", "'properties' is required.");
        }
        String roleDefinitionId = Fields.ARM.string(p, "roleDefinitionId");
        String principalId = Fields.ARM.string(p, "principalId");
        String principalType = Fields.ARM.string(p, "principalType");
        String description = Fields.ARM.string(p, "description");
        Long notBefore = instant(Fields.ARM.string(p, "startDateTime"), "startDateTime");
        Long notAfter = instant(Fields.ARM.string(p, "endDateTime"), "endDateTime");
        Target target = Target.of(scope).with(Target.ROLE_DEFINITION_ID, roleDefinitionId == null ? "" : roleDefinitionId);
        RoleAssignments.Created created = c.run(ASSIGNMENT_PUT, target, () -> {
            requireScopeExists(c, parsed);
            PrincipalRow principal = principalId == null ? null : directory.principal(principalId.toLowerCase(Locale.ROOT))
                    .filter(x -> x.tenantId().equalsIgnoreCase(c.principal().tenantId())).orElse(null);
            if (principal == null) {
                throw new BadRequest("PrincipalNotFound", "Principal " + (principalId == null ? "" : principalId)
                        + " does not exist in the directory " + c.principal().tenantId() + ".");
            }
            String type = principal.kind();
            String owner = assignments.ownerTenant(dev.coffer.authz.RoleDefinitionIds.guidOf(roleDefinitionId));
            if (owner != null && !owner.equalsIgnoreCase(c.principal().tenantId())) {
                throw new BadRequest("RoleDefinitionDoesNotExist", "The specified role definition with ID '"
                        + roleDefinitionId + "' does not exist.");
            }
            return assignments.create(c.param("name"), scope, roleDefinitionId, principalId, type, description,
                    c.principal().objectId(), notBefore, notAfter);
        });
        c.exchange().sendJson(created.isNew() ? 201 : 200, RoleJson.assignment(created.row()));
    }

    private void requireScopeExists(ManagementCall c, ArmScope s) {
        ResourceRoutes.inCallerTenant(c, subscriptions.require(s.subscriptionId()));
        if (s.resourceGroup() != null) {
            groups.require(s.subscriptionId(), s.resourceGroup());
        }
        if (s.vault() != null) {
            vaults.require(s.subscriptionId(), s.resourceGroup(), s.vault());
        }
    }

    private void get(ManagementCall c) {
        version(c);
        String scope = scopeOf(c);
        RoleAssignmentRow row = c.run(ASSIGNMENT_GET, Target.of(scope), () -> assignments.get(c.param("name"))
                .filter(r -> Scope.normalize(r.scope()).equals(Scope.normalize(scope)))
                .orElseThrow(() -> new NotFound("RoleAssignmentNotFound", "The role assignment '" + c.param("name")
                        + "' is not found.")));
        c.exchange().sendJson(200, RoleJson.assignment(row));
    }

    private void delete(ManagementCall c) {
        version(c);
        String scope = scopeOf(c);
        String existingRole = assignments.get(c.param("name")).map(RoleAssignmentRow::roleDefinitionId).orElse("");
        Target target = Target.of(scope).with(Target.ROLE_DEFINITION_ID, existingRole);
        Optional<RoleAssignmentRow> removed = c.run(ASSIGNMENT_DELETE, target, () -> {
            Optional<RoleAssignmentRow> existing = assignments.get(c.param("name"))
                    .filter(r -> Scope.normalize(r.scope()).equals(Scope.normalize(scope)));
            return existing.isEmpty() ? existing : assignments.delete(c.param("name"));
        });
        if (removed.isPresent()) {
            c.exchange().sendJson(200, RoleJson.assignment(removed.get()));
        } else {
            c.exchange().sendEmpty(204);
        }
    }

    private void list(ManagementCall c) {
        version(c);
        String scope = Scope.normalize(scopeOf(c));
        String filter = c.exchange().query("$filter");
        Predicate<RoleAssignmentRow> predicate;
        if (filter == null || filter.isBlank()) {
            predicate = r -> related(Scope.normalize(r.scope()), scope);
        } else if (filter.trim().equalsIgnoreCase("atScope()")) {
            predicate = r -> Scope.covers(Scope.normalize(r.scope()), scope);
        } else {
            Matcher m = PRINCIPAL_FILTER.matcher(filter);
            if (!m.matches()) {
                throw new BadRequest("UnsupportedQuery", "The $filter '" + dev.coffer.objects.Names.sanitize(filter)
                        + "' is not supported. Use atScope() or principalId eq '{id}'.");
            }
            String principal = m.group(1);
            predicate = r -> r.principalId().equalsIgnoreCase(principal) && related(Scope.normalize(r.scope()), scope);
        }
        List<RoleAssignmentRow> rows = c.run(ASSIGNMENT_LIST, Target.of(scopeOf(c)), () -> assignments.list(predicate));
        ArrayNode items = Json.MAPPER.createArrayNode();
        rows.forEach(r -> items.add(RoleJson.assignment(r)));
        c.exchange().sendJson(200, dev.coffer.wire.ArmJson.list(items));
    }

    /** Assignments at, above or below the scope. */
    private static boolean related(String assignmentScope, String scope) {
        return Scope.covers(assignmentScope, scope) || Scope.covers(scope, assignmentScope);
    }

    private void listDefinitions(ManagementCall c) {
        version(c);
        String scope = scopeOf(c);
        String filter = c.exchange().query("$filter");
        String prefix = definitionPrefix(scope);
        List<RoleDefinition> list = c.run(DEFINITION_LIST, Target.of(scope), () -> assignments
                .definitions(c.principal().tenantId()).stream()
                .filter(d -> matchesDefinitionFilter(d, filter)).toList());
        ArrayNode items = Json.MAPPER.createArrayNode();
        list.forEach(d -> items.add(RoleJson.definition(d, prefix)));
        c.exchange().sendJson(200, dev.coffer.wire.ArmJson.list(items));
    }

    private static boolean matchesDefinitionFilter(RoleDefinition d, String filter) {
        if (filter == null || filter.isBlank()) {
            return true;
        }
        Matcher name = Pattern.compile("(?i)^\\s*roleName\\s+eq\\s+'([^']*)'\\s*$").matcher(filter);
        if (name.matches()) {
            return d.roleName().equalsIgnoreCase(name.group(1));
        }
        Matcher type = Pattern.compile("(?i)^\\s*type\\s+eq\\s+'([^']*)'\\s*$").matcher(filter);
        if (type.matches()) {
            return type.group(1).equalsIgnoreCase(d.builtIn() ? "BuiltInRole" : "CustomRole");
        }
        if (filter.trim().equalsIgnoreCase("atScopeAndBelow()")) {
            return true;
        }
        throw new BadRequest("UnsupportedQuery", "The $filter is not supported for role definitions.");
    }

    private void getDefinition(ManagementCall c) {
        version(c);
        String scope = scopeOf(c);
        RoleDefinition d = c.run(DEFINITION_GET, Target.of(scope), () -> assignments.definition(c.param("id"))
                .filter(r -> r.builtIn() || c.principal().tenantId().equalsIgnoreCase(assignments.ownerTenant(r.id())))
                .orElseThrow(() -> new NotFound("RoleDefinitionDoesNotExist",
                        "The role definition '" + c.param("id") + "' does not exist.")));
        c.exchange().sendJson(200, RoleJson.definition(d, definitionPrefix(scope)));
    }

    private void putDefinition(ManagementCall c) {
        version(c);
        String scope = scopeOf(c);
        ObjectNode body = Json.parseObject(c.exchange().body());
        ObjectNode p = Fields.ARM.object(body, "properties");
        if (p == null) {
            throw new BadRequest("InvalidRequestContent", "'properties' is required.");
        }
        List<RoleDefinitionRow.PermissionRow> permissions = new java.util.ArrayList<>();
        List<com.fasterxml.jackson.databind.JsonNode> blocks = Fields.ARM.array(p, "permissions");
        for (com.fasterxml.jackson.databind.JsonNode b : blocks == null ? List.<com.fasterxml.jackson.databind.JsonNode>of()
                : blocks) {
            permissions.add(new RoleDefinitionRow.PermissionRow(orEmpty(Fields.ARM.strings(b, "actions")),
                    orEmpty(Fields.ARM.strings(b, "notActions")), orEmpty(Fields.ARM.strings(b, "dataActions")),
                    orEmpty(Fields.ARM.strings(b, "notDataActions"))));
        }
        List<String> assignable = orEmpty(Fields.ARM.strings(p, "assignableScopes"));
        long now = java.time.Instant.now().getEpochSecond();
        RoleDefinitionRow row = new RoleDefinitionRow(c.param("id"), c.principal().tenantId(),
                Fields.ARM.string(p, "roleName"), Fields.ARM.string(p, "description"), permissions, assignable,
                c.principal().objectId(), now, now);
        boolean created = c.run(DEFINITION_PUT, Target.of(scope), () -> assignments.putCustomRole(row));
        RoleDefinition stored = assignments.definition(c.param("id")).orElseThrow();
        c.exchange().sendJson(created ? 201 : 200, RoleJson.definition(stored, definitionPrefix(scope)));
    }

    private void deleteDefinition(ManagementCall c) {
        version(c);
        String scope = scopeOf(c);
        Optional<RoleDefinition> removed = c.run(DEFINITION_DELETE, Target.of(scope),
                () -> assignments.deleteCustomRole(c.principal().tenantId(), c.param("id")));
        if (removed.isPresent()) {
            c.exchange().sendJson(200, RoleJson.definition(removed.get(), definitionPrefix(scope)));
        } else {
            c.exchange().sendEmpty(204);
        }
    }

    private static List<String> orEmpty(List<String> list) {
        return list == null ? List.of() : list;
    }

    /** An ISO-8601 instant from a request, as epoch seconds; null when absent. */
    private static Long instant(String text, String field) {
        if (text == null) {
            return null;
        }
        try {
            return java.time.OffsetDateTime.parse(text).toInstant().getEpochSecond();
        } catch (java.time.format.DateTimeParseException e) {
            try {
                return java.time.Instant.parse(text).getEpochSecond();
            } catch (java.time.format.DateTimeParseException e2) {
                throw new BadRequest("InvalidRequestContent", "'" + field + "' must be an ISO-8601 date-time.");
            }
        }
    }

    /** Built-in roles read under a subscription carry the subscription in their id, as ARM returns them. */
    private static String definitionPrefix(String scope) {
        Matcher m = Pattern.compile("(?i)^/subscriptions/([^/]+)").matcher(scope);
        return m.find() ? "/subscriptions/" + m.group(1) : "";
    }
}
