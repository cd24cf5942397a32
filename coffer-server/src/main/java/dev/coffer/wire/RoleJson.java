package dev.coffer.wire;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coffer.authz.ActionPattern;
import dev.coffer.authz.Permission;
import dev.coffer.authz.RoleDefinition;
import dev.coffer.http.Json;
import dev.coffer.store.RoleAssignmentRow;
import java.time.Instant;
import java.util.List;

/** Microsoft.Authorization shapes: role assignments and role definitions. */
public final class RoleJson {

    private RoleJson() {
    }

    public static ObjectNode assignment(RoleAssignmentRow r) {
        ObjectNode node = Json.object();
        node.put("id", r.scope() + "/providers/Microsoft.Authorization/roleAssignments/" + r.name());
        node.put("name", r.name());
        node.put("type", "Microsoft.Authorization/roleAssignments");
        ObjectNode p = node.putObject("properties");
        p.put("roleDefinitionId", r.roleDefinitionId());
        p.put("principalId", r.principalId());
        p.put("principalType", r.principalType());
        p.put("scope", r.scope());
        if (r.description() != null) {
            p.put("description", r.description());
        }
        p.putNull("condition");
        p.putNull("conditionVersion");
        if (r.notBefore() != null) {
            p.put("startDateTime", Instant.ofEpochSecond(r.notBefore()).toString());
        }
        if (r.notAfter() != null) {
            p.put("endDateTime", Instant.ofEpochSecond(r.notAfter()).toString());
        }
        String created = Instant.ofEpochSecond(r.createdAt()).toString();
        p.put("createdOn", created);
        p.put("updatedOn", created);
        p.put("createdBy", r.createdBy());
        p.put("updatedBy", r.createdBy());
        return node;
    }

    /** A role definition as read under {@code scopePrefix} ("" for tenant level, or a subscription scope). */
    public static ObjectNode definition(RoleDefinition d, String scopePrefix) {
        ObjectNode node = Json.object();
        node.put("id", scopePrefix + d.resourceId());
        node.put("name", d.id());
        node.put("type", "Microsoft.Authorization/roleDefinitions");
        ObjectNode p = node.putObject("properties");
        p.put("roleName", d.roleName());
        p.put("type", d.builtIn() ? "BuiltInRole" : "CustomRole");
        p.put("description", d.description());
        ArrayNode perms = p.putArray("permissions");
        for (Permission permission : d.permissions()) {
            ObjectNode e = perms.addObject();
            patterns(e.putArray("actions"), permission.actions());
            patterns(e.putArray("notActions"), permission.notActions());
            patterns(e.putArray("dataActions"), permission.dataActions());
            patterns(e.putArray("notDataActions"), permission.notDataActions());
        }
        ArrayNode scopes = p.putArray("assignableScopes");
        d.assignableScopes().forEach(scopes::add);
        return node;
    }

    private static void patterns(ArrayNode array, List<ActionPattern> patterns) {
        patterns.forEach(p -> array.add(p.text()));
    }
}
