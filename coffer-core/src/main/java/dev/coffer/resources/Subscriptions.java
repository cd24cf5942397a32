package dev.coffer.resources;

import dev.coffer.error.NotFound;
import dev.coffer.store.Store;
import dev.coffer.store.SubscriptionRow;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/** Subscriptions: the top of the management hierarchy, each in one tenant. */
public final class Subscriptions {

    private final Store store;
    private final Clock clock;

    public Subscriptions(Store store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    public SubscriptionRow create(String tenantId, String displayName) {
        SubscriptionRow row = new SubscriptionRow(UUID.randomUUID().toString(), tenantId, displayName, "Enabled",
                clock.instant().getEpochSecond());
        store.write(tx -> {
            tx.putSubscription(row);
            return null;
        });
        return row;
    }

    public SubscriptionRow require(String subscriptionId) {
        return store.read(tx -> tx.subscription(subscriptionId.toLowerCase(Locale.ROOT)))
                .orElseThrow(() -> new NotFound("SubscriptionNotFound",
                        "The subscription '" + subscriptionId + "' could not be found."));
    }

    public List<SubscriptionRow> inTenant(String tenantId) {
        return store.read(tx -> tx.subscriptions(tenantId));
    }
}
