package dev.coffer.store.sqlite;

import dev.coffer.store.ResourceGroupRow;
import dev.coffer.store.RoleAssignmentRow;
import dev.coffer.store.SubscriptionRow;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** Subscriptions, resource groups and role assignments. */
final class ResourceTables {

    private static final String SUBSCRIPTION_COLUMNS = "subscription_id, tenant_id, display_name, state, created_at";
    private static final String RESOURCE_GROUP_COLUMNS = "subscription_id, name, location, tags, created_at";
    private static final String ROLE_ASSIGNMENT_COLUMNS = "name, scope, role_definition_id, principal_id,"
            + " principal_type, description, created_by, created_at, not_before, not_after";

    private final SqlSession sql;

    ResourceTables(SqlSession sql) {
        this.sql = sql;
    }

    Optional<SubscriptionRow> subscription(String subscriptionId) {
        return sql.queryOne("SELECT " + SUBSCRIPTION_COLUMNS + " FROM subscriptions WHERE subscription_key = ?",
                ResourceTables::subscriptionRow, NameKey.of(subscriptionId));
    }

    List<SubscriptionRow> subscriptions(String tenantId) {
        return sql.query("SELECT " + SUBSCRIPTION_COLUMNS + " FROM subscriptions WHERE tenant_key = ?"
                        + " ORDER BY subscription_key",
                ResourceTables::subscriptionRow, NameKey.of(tenantId));
    }

    void putSubscription(SubscriptionRow row) {
        sql.update("""
                INSERT INTO subscriptions (subscription_key, subscription_id, tenant_key, tenant_id, display_name,
                    state, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (subscription_key) DO UPDATE SET subscription_id = excluded.subscription_id,
                    tenant_key = excluded.tenant_key, tenant_id = excluded.tenant_id,
                    display_name = excluded.display_name, state = excluded.state, created_at = excluded.created_at""",
                NameKey.of(row.subscriptionId()), row.subscriptionId(), NameKey.of(row.tenantId()), row.tenantId(),
                row.displayName(), row.state(), row.createdAt());
    }

    Optional<ResourceGroupRow> resourceGroup(String subscriptionId, String name) {
        return sql.queryOne("SELECT " + RESOURCE_GROUP_COLUMNS + " FROM resource_groups"
                        + " WHERE subscription_key = ? AND name_key = ?",
                ResourceTables::resourceGroupRow, NameKey.of(subscriptionId), NameKey.of(name));
    }

    List<ResourceGroupRow> resourceGroups(String subscriptionId) {
        return sql.query("SELECT " + RESOURCE_GROUP_COLUMNS + " FROM resource_groups WHERE subscription_key = ?"
                        + " ORDER BY name_key",
                ResourceTables::resourceGroupRow, NameKey.of(subscriptionId));
    }

    void putResourceGroup(ResourceGroupRow row) {
        sql.update("""
                INSERT INTO resource_groups (subscription_key, name_key, subscription_id, name, location, tags,
                    created_at) VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (subscription_key, name_key) DO UPDATE SET subscription_id = excluded.subscription_id,
                    name = excluded.name, location = excluded.location, tags = excluded.tags,
                    created_at = excluded.created_at""",
                NameKey.of(row.subscriptionId()), NameKey.of(row.name()), row.subscriptionId(), row.name(),
                row.location(), JsonColumns.write(row.tags()), row.createdAt());
    }

    void deleteResourceGroup(String subscriptionId, String name) {
        sql.update("DELETE FROM resource_groups WHERE subscription_key = ? AND name_key = ?",
                NameKey.of(subscriptionId), NameKey.of(name));
    }

    List<RoleAssignmentRow> roleAssignments() {
        return sql.query("SELECT " + ROLE_ASSIGNMENT_COLUMNS + " FROM role_assignments ORDER BY name_key",
                ResourceTables::roleAssignmentRow);
    }

    Optional<RoleAssignmentRow> roleAssignment(String assignmentName) {
        return sql.queryOne("SELECT " + ROLE_ASSIGNMENT_COLUMNS + " FROM role_assignments WHERE name_key = ?",
                ResourceTables::roleAssignmentRow, NameKey.of(assignmentName));
    }

    void putRoleAssignment(RoleAssignmentRow row) {
        sql.update("""
                INSERT INTO role_assignments (name_key, name, scope, role_definition_id, principal_id,
                    principal_type, description, created_by, created_at, not_before, not_after)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (name_key) DO UPDATE SET name = excluded.name, scope = excluded.scope,
                    role_definition_id = excluded.role_definition_id, principal_id = excluded.principal_id,
                    principal_type = excluded.principal_type, description = excluded.description,
                    created_by = excluded.created_by, created_at = excluded.created_at,
                    not_before = excluded.not_before, not_after = excluded.not_after""",
                NameKey.of(row.name()), row.name(), row.scope(), row.roleDefinitionId(), row.principalId(),
                row.principalType(), row.description(), row.createdBy(), row.createdAt(), row.notBefore(),
                row.notAfter());
    }

    void deleteRoleAssignment(String assignmentName) {
        sql.update("DELETE FROM role_assignments WHERE name_key = ?", NameKey.of(assignmentName));
    }

    private static SubscriptionRow subscriptionRow(ResultRow row) throws SQLException {
        return new SubscriptionRow(row.string("subscription_id"), row.string("tenant_id"),
                row.string("display_name"), row.string("state"), row.longValue("created_at"));
    }

    private static ResourceGroupRow resourceGroupRow(ResultRow row) throws SQLException {
        return new ResourceGroupRow(row.string("subscription_id"), row.string("name"), row.string("location"),
                row.stringMap("tags"), row.longValue("created_at"));
    }

    private static RoleAssignmentRow roleAssignmentRow(ResultRow row) throws SQLException {
        return new RoleAssignmentRow(row.string("name"), row.string("scope"), row.string("role_definition_id"),
                row.string("principal_id"), row.string("principal_type"), row.string("description"),
                row.string("created_by"), row.longValue("created_at"), row.nullableLong("not_before"),
                row.nullableLong("not_after"));
    }
}
