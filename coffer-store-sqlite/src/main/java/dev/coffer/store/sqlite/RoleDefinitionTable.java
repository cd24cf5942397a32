package dev.coffer.store.sqlite;

import dev.coffer.store.RoleDefinitionRow;
import java.sql.SQLException;
import java.util.List;

/** Custom role definitions. */
final class RoleDefinitionTable {

    private static final String COLUMNS = "id, tenant_id, role_name, description, permissions, assignable_scopes,"
            + " created_by, created_at, updated_at";

    private final SqlSession sql;

    RoleDefinitionTable(SqlSession sql) {
        this.sql = sql;
    }

    List<RoleDefinitionRow> all() {
        return sql.query("SELECT " + COLUMNS + " FROM role_definitions ORDER BY id_key", RoleDefinitionTable::row);
    }

    void put(RoleDefinitionRow r) {
        sql.update("""
                INSERT INTO role_definitions (id_key, id, tenant_id, role_name, description, permissions,
                    assignable_scopes, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (id_key) DO UPDATE SET id = excluded.id, tenant_id = excluded.tenant_id,
                    role_name = excluded.role_name, description = excluded.description,
                    permissions = excluded.permissions, assignable_scopes = excluded.assignable_scopes,
                    created_by = excluded.created_by, created_at = excluded.created_at,
                    updated_at = excluded.updated_at""",
                NameKey.of(r.id()), r.id(), r.tenantId(), r.roleName(), r.description(),
                JsonColumns.write(r.permissions()), JsonColumns.write(r.assignableScopes()), r.createdBy(),
                r.createdAt(), r.updatedAt());
    }

    void delete(String id) {
        sql.update("DELETE FROM role_definitions WHERE id_key = ?", NameKey.of(id));
    }

    private static RoleDefinitionRow row(ResultRow row) throws SQLException {
        return new RoleDefinitionRow(row.string("id"), row.string("tenant_id"), row.string("role_name"),
                row.string("description"), JsonColumns.permissions(row.string("permissions")),
                JsonColumns.strings(row.string("assignable_scopes")), row.string("created_by"),
                row.longValue("created_at"), row.longValue("updated_at"));
    }
}
