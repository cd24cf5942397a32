package dev.coffer.events;

import dev.coffer.auditlog.AuditFile;
import dev.coffer.auditlog.SinkPump;
import dev.coffer.http.ManagementRoute;
import dev.coffer.http.Router;
import dev.coffer.resources.Vaults;
import dev.coffer.store.Store;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Function;

/**
 * Event Grid-shaped notifications, wired in one place: subscriptions (management plane), the publisher fed from
 * the audit log, the expiry scanner, and delivery with retries from a durable outbox under
 * {@code <data-dir>/events}.
 */
public final class Events implements AutoCloseable {

    private final EventSubscriptions subscriptions;
    private final EventOutbox outbox;
    private final SinkPump publisher;
    private final EventDelivery delivery;
    private final ExpiryScanner scanner;
    private final EventSubscriptionRoutes routes;

    /**
     * @param vaultUrl   a vault's data-plane URL by name (for event ids of objects)
     * @param origin     the name this server gives in the webhook handshake
     * @param retryBase  the first retry's delay; each next one doubles
     * @param scanEvery  how often the expiry scanner looks
     */
    public Events(Path dataDir, AuditFile audit, Store store, Vaults vaults, Function<String, String> vaultUrl,
                  String origin, Clock clock, Duration retryBase, Duration scanEvery) {
        Path dir = dataDir.resolve("events");
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        this.subscriptions = new EventSubscriptions(dir);
        this.outbox = new EventOutbox(dir);
        this.publisher = new SinkPump(new EventPublisher(subscriptions, outbox, vaultUrl,
                (vault, kind, name, version) -> store.read(tx -> tx.version(vault, kind, name, version)), clock), audit,
                dataDir.resolve("audit-cursors"));
        this.delivery = new EventDelivery(outbox, http, clock, retryBase);
        this.scanner = new ExpiryScanner(store, vaults, subscriptions, outbox, vaultUrl, clock, dir, scanEvery);
        this.routes = new EventSubscriptionRoutes(vaults, subscriptions, http, origin);
    }

    public void register(Router<ManagementRoute> router) {
        routes.register(router);
    }

    /** Deliveries waiting in the outbox (a metric). */
    public int pending() {
        return outbox.pending();
    }

    @Override
    public void close() {
        scanner.close();
        publisher.close();
        delivery.close();
    }
}
