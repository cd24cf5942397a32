package dev.coffer.events;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coffer.resources.Vaults;
import dev.coffer.store.ObjectKind;
import dev.coffer.store.ObjectVersionRow;
import dev.coffer.store.Store;
import dev.coffer.store.VaultRow;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds secrets and keys whose current version expires within 30 days ({@code SecretNearExpiry},
 * {@code KeyNearExpiry}) or has expired ({@code SecretExpired}, {@code KeyExpired}) and queues one event per
 * version and kind for each interested subscription. What was
 * announced is remembered in {@code events/expiry-notified.txt}, so a restart does not announce it again.
 */
final class ExpiryScanner implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ExpiryScanner.class);
    static final Duration NEAR = Duration.ofDays(30);

    private final Store store;
    private final Vaults vaults;
    private final EventSubscriptions subscriptions;
    private final EventOutbox outbox;
    private final Function<String, String> vaultUrl;
    private final Clock clock;
    private final Path notifiedFile;
    private final Set<String> notified = new HashSet<>();
    private final Thread thread;
    private volatile boolean closed;

    ExpiryScanner(Store store, Vaults vaults, EventSubscriptions subscriptions, EventOutbox outbox,
                  Function<String, String> vaultUrl, Clock clock, Path eventsDir, Duration every) {
        this.store = store;
        this.vaults = vaults;
        this.subscriptions = subscriptions;
        this.outbox = outbox;
        this.vaultUrl = vaultUrl;
        this.clock = clock;
        this.notifiedFile = eventsDir.resolve("expiry-notified.txt");
        try {
            if (Files.exists(notifiedFile)) {
                notified.addAll(Files.readAllLines(notifiedFile));
            }
        } catch (IOException e) {
            LOG.warn("cannot read {}: expiry events may be announced again", notifiedFile);
        }
        this.thread = Thread.ofVirtual().name("coffer-expiry-scanner").start(() -> {
            while (!closed) {
                try {
                    scanOnce();
                    Thread.sleep(every);
                } catch (InterruptedException e) {
                    return;
                } catch (IOException | RuntimeException e) {
                    LOG.warn("expiry scan failed: {}", e.toString());
                    sleep(every);
                }
            }
        });
    }

    void scanOnce() throws IOException {
        long now = clock.instant().getEpochSecond();
        for (VaultRow v : vaults.all()) {
            if (subscriptions.ofVault(v.name()).isEmpty()) {
                continue;
            }
            scan(v, ObjectKind.SECRET, now);
            scan(v, ObjectKind.KEY, now);
        }
    }

    private void scan(VaultRow v, ObjectKind kind, long now) throws IOException {
        boolean key = kind == ObjectKind.KEY;
        String after = null;
        while (true) {
            String from = after;
            List<ObjectVersionRow> page = store.read(tx -> tx.latestVersions(v.name(), kind, from, 200));
            for (ObjectVersionRow r : page) {
                if (r.enabled() && r.expires() != null) {
                    String type = r.expires() <= now ? (key ? CloudEvents.KEY_EXPIRED : CloudEvents.SECRET_EXPIRED)
                            : r.expires() - now <= NEAR.toSeconds()
                            ? (key ? CloudEvents.KEY_NEAR_EXPIRY : CloudEvents.SECRET_NEAR_EXPIRY) : null;
                    if (type != null) {
                        announce(v, r, type, CloudEvents.objectType(kind));
                    }
                }
            }
            if (page.size() < 200) {
                return;
            }
            after = page.get(page.size() - 1).name();
        }
    }

    private void announce(VaultRow v, ObjectVersionRow r, String type, String objectType) throws IOException {
        String key = type + "|" + v.name() + "|" + r.name() + "|" + r.version();
        if (notified.contains(key)) {
            return;
        }
        String scope = "/subscriptions/" + v.subscriptionId() + "/resourceGroups/" + v.resourceGroup()
                + "/providers/Microsoft.KeyVault/vaults/" + v.name();
        ObjectNode event = CloudEvents.objectEvent(CloudEvents.expiryId(type, v.name(), r.name(), r.version()), type,
                scope, vaultUrl.apply(v.name()), v.name(), objectType, r.name(), r.version(), r.notBefore(),
                r.expires(), clock.instant().toString());
        for (EventSubscription s : subscriptions.ofVault(v.name())) {
            if (s.wants(type)) {
                outbox.add(s.name(), s.endpointUrl(), event, clock.instant());
            }
        }
        notified.add(key);
        Files.writeString(notifiedFile, key + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND, StandardOpenOption.SYNC);
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
    }
}
