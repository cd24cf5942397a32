package dev.coffer.keys;

import dev.coffer.authz.Scope;
import dev.coffer.core.Dispatcher;
import dev.coffer.core.Operation;
import dev.coffer.core.RequestInfo;
import dev.coffer.core.Target;
import dev.coffer.directory.Principal;
import dev.coffer.store.KeyRotationPolicyRow;
import dev.coffer.store.ObjectKind;
import dev.coffer.store.ObjectVersionRow;
import dev.coffer.store.Store;
import dev.coffer.store.VaultRow;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out rotation policies. Each pass looks at every live key with a policy: when the latest version is
 * due for rotation ({@code timeAfterCreate} after it was made, or {@code timeBeforeExpiry} before it expires)
 * it rotates the key; when a Notify action is due it publishes a near-expiry event, once per version. Both run
 * through the Dispatcher as the system principal, so they are audited like any caller's operation; they are
 * public operations because no caller asked — the policy an authorized caller set is the authority.
 */
public final class KeyRotationScheduler implements AutoCloseable {

    static final Operation ROTATE = Operation.publicOperation("KeyRotateByPolicy");
    static final Operation NOTIFY = Operation.publicOperation("KeyNearExpiryNotify");
    private static final Logger LOG = LoggerFactory.getLogger(KeyRotationScheduler.class);
    private static final int PAGE = 100;

    private final Store store;
    private final KeyRotationService rotation;
    private final Dispatcher dispatcher;
    private final KeyEventSink events;
    private final Clock clock;
    private ScheduledExecutorService timer;

    public KeyRotationScheduler(Store store, KeyRotationService rotation, Dispatcher dispatcher, KeyEventSink events,
                                Clock clock) {
        this.store = store;
        this.rotation = rotation;
        this.dispatcher = dispatcher;
        this.events = events;
        this.clock = clock;
    }

    public synchronized void start(Duration every) {
        if (timer != null) {
            return;
        }
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "coffer-key-rotation");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::runSafely, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void runSafely() {
        try {
            runOnce();
        } catch (RuntimeException e) {
            LOG.warn("key rotation pass failed: {}", e.toString());
        }
    }

    /** One pass over every policy; returns how many actions it carried out. */
    public int runOnce() {
        int actions = 0;
        String afterVault = null;
        String afterKey = null;
        while (true) {
            String v = afterVault;
            String k = afterKey;
            List<KeyRotationPolicyRow> page = store.read(tx -> tx.keyRotationPolicies(v, k, PAGE));
            for (KeyRotationPolicyRow policy : page) {
                try {
                    actions += carryOut(policy);
                } catch (RuntimeException e) {
                    // Audited by the Dispatcher when it got that far; one key's failure must not stop the rest.
                    LOG.warn("rotation policy of key {} in vault {} failed: {}", policy.keyName(), policy.vaultName(),
                            e.getMessage());
                }
            }
            if (page.size() < PAGE) {
                return actions;
            }
            afterVault = page.get(page.size() - 1).vaultName();
            afterKey = page.get(page.size() - 1).keyName();
        }
    }

    private int carryOut(KeyRotationPolicyRow row) {
        Optional<VaultRow> vault = store.read(tx -> tx.vault(row.vaultName())).filter(x -> !x.deleted());
        Optional<ObjectVersionRow> latest = store.read(tx -> tx.latestVersion(row.vaultName(), ObjectKind.KEY,
                row.keyName()));
        if (vault.isEmpty() || latest.isEmpty()) {
            return 0;
        }
        KeyRotationPolicy policy = KeyRotationService.policy(row);
        Instant now = clock.instant();
        int done = 0;
        for (LifetimeAction action : policy.lifetimeActions()) {
            if (!due(action, latest.get(), now)) {
                continue;
            }
            if (action.type() == LifetimeAction.Type.ROTATE) {
                KeyBundle made = run(ROTATE, vault.get(), row.keyName(),
                        () -> rotation.rotate(vault.get(), row.keyName()));
                publish(KeyEvent.Type.NEW_VERSION_CREATED, vault.get(), made, now);
                return done + 1;
            }
            if (!latest.get().version().equals(row.notifiedVersion())) {
                KeyBundle notified = run(NOTIFY, vault.get(), row.keyName(),
                        () -> rotation.markNotified(vault.get(), row.keyName(), latest.get().version()));
                publish(KeyEvent.Type.NEAR_EXPIRY, vault.get(), notified, now);
                done++;
            }
        }
        return done;
    }

    /** Whether an action's trigger has come for this version. A before-expiry trigger needs an expiry. */
    static boolean due(LifetimeAction action, ObjectVersionRow version, Instant now) {
        if (action.timeAfterCreate() != null) {
            Instant at = IsoDuration.parse("timeAfterCreate", action.timeAfterCreate())
                    .after(Instant.ofEpochSecond(version.created()));
            return !now.isBefore(at);
        }
        if (version.expires() == null) {
            return false;
        }
        Instant at = IsoDuration.parse("timeBeforeExpiry", action.timeBeforeExpiry())
                .before(Instant.ofEpochSecond(version.expires()));
        return !now.isBefore(at);
    }

    private <T> T run(Operation operation, VaultRow vault, String keyName, Supplier<T> work) {
        String scope = Scope.vault(vault.subscriptionId(), vault.resourceGroup(), vault.name()) + "/keys/" + keyName;
        RequestInfo request = new RequestInfo(UUID.randomUUID().toString(), "internal", "POST",
                "/keys/" + keyName + "/rotationpolicy (scheduled)", System.nanoTime());
        return dispatcher.run(operation, Principal.system(vault.tenantId()), request, Target.inVault(scope, vault),
                work);
    }

    private void publish(KeyEvent.Type type, VaultRow vault, KeyBundle key, Instant now) {
        try {
            events.publish(new KeyEvent(type, vault.tenantId(), vault.name(), key.properties().name(),
                    key.properties().version(), key.properties().attributes().expires(), now.getEpochSecond()));
        } catch (RuntimeException e) {
            LOG.warn("key event {} for {} could not be handed on: {}", type.eventType(), key.properties().name(),
                    e.toString());
        }
    }

    @Override
    public synchronized void close() {
        if (timer != null) {
            timer.shutdownNow();
            timer = null;
        }
    }
}
