package dev.coffer.resources;

import dev.coffer.error.BadRequest;
import dev.coffer.error.NotFound;
import dev.coffer.store.ResourceGroupRow;
import dev.coffer.store.Store;
import dev.coffer.store.VaultRow;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Resource groups of a subscription. Deleting a group deletes what is in it, as ARM does: its vaults
 * (soft-deleted) and its other resources (virtual networks).
 */
public final class ResourceGroups {

    private static final Pattern NAME = Pattern.compile("^[-\\w._()]{1,90}$");

    private final Store store;
    private final Vaults vaults;
    private final Clock clock;
    private final GroupedResources others;

    public ResourceGroups(Store store, Vaults vaults, Clock clock) {
        this(store, vaults, clock, GroupedResources.NONE);
    }

    public ResourceGroups(Store store, Vaults vaults, Clock clock, GroupedResources others) {
        this.store = store;
        this.vaults = vaults;
        this.clock = clock;
        this.others = others;
    }

    public Upserted<ResourceGroupRow> createOrUpdate(String subscriptionId, String name, String location,
                                                     Map<String, String> tags) {
        if (name == null || !NAME.matcher(name).matches() || name.endsWith(".")) {
            throw new BadRequest("InvalidResourceGroup", "The resource group name '" + name + "' is invalid. It can "
                    + "include alphanumeric, underscore, parentheses, hyphen, period (except at end), and Unicode "
                    + "characters, up to 90 characters.");
        }
        if (location == null || location.isBlank()) {
            throw new BadRequest("LocationRequired", "The location property is required for this definition.");
        }
        return store.write(tx -> {
            var existing = tx.resourceGroup(subscriptionId, name);
            ResourceGroupRow row = new ResourceGroupRow(subscriptionId,
                    existing.map(ResourceGroupRow::name).orElse(name), location,
                    tags == null ? existing.map(ResourceGroupRow::tags).orElse(Map.of()) : tags,
                    existing.map(ResourceGroupRow::createdAt).orElse(clock.instant().getEpochSecond()));
            tx.putResourceGroup(row);
            return new Upserted<>(row, existing.isEmpty());
        });
    }

    public ResourceGroupRow require(String subscriptionId, String name) {
        return store.read(tx -> tx.resourceGroup(subscriptionId, name)).orElseThrow(() -> notFound(name));
    }

    public List<ResourceGroupRow> list(String subscriptionId) {
        return store.read(tx -> tx.resourceGroups(subscriptionId));
    }

    public void delete(String subscriptionId, String name) {
        ResourceGroupRow group = require(subscriptionId, name);
        for (VaultRow vault : vaults.listLive(subscriptionId, group.name())) {
            vaults.delete(subscriptionId, group.name(), vault.name());
        }
        others.deleteAllIn(subscriptionId, group.name());
        store.write(tx -> {
            tx.deleteResourceGroup(subscriptionId, group.name());
            return null;
        });
    }

    static NotFound notFound(String name) {
        return new NotFound("ResourceGroupNotFound", "Resource group '" + name + "' could not be found.");
    }
}
