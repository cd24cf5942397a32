package dev.coffer.store.sqlite;

import dev.coffer.store.VirtualNetworkRow;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** Virtual networks; subnets and address prefixes are JSON columns, as a network is always read whole. */
final class VirtualNetworkTable {

    private static final String COLUMNS = """
            subscription_id, resource_group, name, location, tags, address_prefixes, subnets, created_by, created_at,
            updated_by, updated_at""";

    private final SqlSession sql;

    VirtualNetworkTable(SqlSession sql) {
        this.sql = sql;
    }

    static String key(String subscriptionId, String resourceGroup, String name) {
        return NameKey.of(subscriptionId) + "/" + NameKey.of(resourceGroup) + "/" + NameKey.of(name);
    }

    List<VirtualNetworkRow> virtualNetworks() {
        return sql.query("SELECT " + COLUMNS + " FROM virtual_networks ORDER BY network_key", VirtualNetworkTable::row);
    }

    Optional<VirtualNetworkRow> virtualNetwork(String subscriptionId, String resourceGroup, String name) {
        return sql.queryOne("SELECT " + COLUMNS + " FROM virtual_networks WHERE network_key = ?",
                VirtualNetworkTable::row, key(subscriptionId, resourceGroup, name));
    }

    void put(VirtualNetworkRow r) {
        sql.update("INSERT INTO virtual_networks (network_key, " + COLUMNS + """
                        ) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        ON CONFLICT (network_key) DO UPDATE SET subscription_id = excluded.subscription_id,
                            resource_group = excluded.resource_group, name = excluded.name,
                            location = excluded.location, tags = excluded.tags,
                            address_prefixes = excluded.address_prefixes, subnets = excluded.subnets,
                            created_by = excluded.created_by, created_at = excluded.created_at,
                            updated_by = excluded.updated_by, updated_at = excluded.updated_at""",
                key(r.subscriptionId(), r.resourceGroup(), r.name()), r.subscriptionId(), r.resourceGroup(), r.name(),
                r.location(), JsonColumns.write(r.tags()), JsonColumns.write(r.addressPrefixes()),
                JsonColumns.write(r.subnets()), r.createdBy(), r.createdAt(), r.updatedBy(), r.updatedAt());
    }

    void delete(String subscriptionId, String resourceGroup, String name) {
        sql.update("DELETE FROM virtual_networks WHERE network_key = ?", key(subscriptionId, resourceGroup, name));
    }

    private static VirtualNetworkRow row(ResultRow row) throws SQLException {
        return new VirtualNetworkRow(row.string("subscription_id"), row.string("resource_group"), row.string("name"),
                row.string("location"), row.stringMap("tags"), JsonColumns.strings(row.string("address_prefixes")),
                JsonColumns.subnets(row.string("subnets")), row.string("created_by"), row.longValue("created_at"),
                row.string("updated_by"), row.longValue("updated_at"));
    }
}
