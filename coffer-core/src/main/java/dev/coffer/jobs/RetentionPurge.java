package dev.coffer.jobs;

import dev.coffer.authz.Scope;
import dev.coffer.core.Dispatcher;
import dev.coffer.core.Operation;
import dev.coffer.core.RequestInfo;
import dev.coffer.core.Target;
import dev.coffer.directory.Principal;
import dev.coffer.keys.KeyService;
import dev.coffer.resources.Vaults;
import dev.coffer.secrets.SecretService;
import dev.coffer.store.ObjectKind;
import dev.coffer.store.ObjectNameRow;
import dev.coffer.store.Store;
import dev.coffer.store.VaultRow;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Purges what soft delete kept once its retention has passed: deleted secrets and keys whose
 * {@code scheduledPurgeDate} has come, and deleted vaults whose purge date has come. It purges through the
 * engines (so the keys engine destroys the token objects of HSM keys) and runs each purge through the
 * Dispatcher as the system principal, so each is audited like a caller's; they are public operations because no
 * caller asked — the retention the vault's owner chose is the authority, and purge protection only forbids
 * purging <em>before</em> that date.
 */
public final class RetentionPurge implements AutoCloseable {

    static final Operation SECRET = Operation.publicOperation("SecretPurgeByRetention");
    static final Operation KEY = Operation.publicOperation("KeyPurgeByRetention");
    static final Operation VAULT = Operation.publicOperation("DeletedVaultPurgeByRetention");
    private static final Logger LOG = LoggerFactory.getLogger(RetentionPurge.class);
    private static final int PAGE = 100;

    private final Store store;
    private final SecretService secrets;
    private final KeyService keys;
    private final Vaults vaults;
    private final Dispatcher dispatcher;
    private final Clock clock;
    private Thread thread;

    public RetentionPurge(Store store, SecretService secrets, KeyService keys, Vaults vaults, Dispatcher dispatcher,
                          Clock clock) {
        this.store = store;
        this.secrets = secrets;
        this.keys = keys;
        this.vaults = vaults;
        this.dispatcher = dispatcher;
        this.clock = clock;
    }

    /** Starts a virtual thread that runs a pass every {@code every}; a second call does nothing. */
    public synchronized void start(Duration every) {
        if (thread != null) {
            return;
        }
        thread = Thread.ofVirtual().name("coffer-retention-purge").start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    Thread.sleep(every);
                    runOnce();
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    LOG.warn("retention purge pass failed: {}", e.toString());
                }
            }
        });
    }

    /** One pass: objects first, then vaults (whose purge takes their objects along). Returns how many it purged. */
    public int runOnce() {
        return purgeObjects() + purgeVaults();
    }

    private int purgeObjects() {
        int purged = 0;
        while (true) {
            long now = clock.instant().getEpochSecond();
            List<ObjectNameRow> due = store.read(tx -> tx.purgeDue(now, PAGE));
            int done = 0;
            for (ObjectNameRow name : due) {
                if (purgeObject(name)) {
                    done++;
                }
            }
            purged += done;
            // A full page where nothing could be purged would come back unchanged: stop until the next pass.
            if (due.size() < PAGE || done == 0) {
                return purged;
            }
        }
    }

    private boolean purgeObject(ObjectNameRow name) {
        VaultRow vault = store.read(tx -> tx.vault(name.vaultName())).orElse(null);
        if (vault == null || name.kind() == ObjectKind.CERTIFICATE) {
            return false;
        }
        String kind = name.kind() == ObjectKind.KEY ? "keys" : "secrets";
        String scope = Scope.vault(vault.subscriptionId(), vault.resourceGroup(), vault.name()) + "/" + kind + "/"
                + name.name();
        try {
            run(name.kind() == ObjectKind.KEY ? KEY : SECRET, vault.tenantId(), Target.inVault(scope, vault),
                    "/deleted" + kind + "/" + name.name() + " (retention)", () -> {
                        if (name.kind() == ObjectKind.KEY) {
                            keys.purgeExpired(vault, name.name());
                        } else {
                            secrets.purgeExpired(vault, name.name());
                        }
                        return null;
                    });
            return true;
        } catch (RuntimeException e) {
            // Audited by the Dispatcher; one object's failure must not stop the rest.
            LOG.warn("retention purge of {} {} in vault {} failed: {}", kind, name.name(), vault.name(), e.toString());
            return false;
        }
    }

    private int purgeVaults() {
        int purged = 0;
        for (VaultRow vault : vaults.purgeDue()) {
            String resource = Scope.subscription(vault.subscriptionId()) + "/providers/Microsoft.KeyVault/locations/"
                    + vault.location().toLowerCase(Locale.ROOT) + "/deletedVaults/" + vault.name();
            try {
                run(VAULT, vault.tenantId(), Target.of(resource), resource + " (retention)", () -> {
                    vaults.purgeExpired(vault.name());
                    return null;
                });
                purged++;
            } catch (RuntimeException e) {
                LOG.warn("retention purge of vault {} failed: {}", vault.name(), e.toString());
            }
        }
        return purged;
    }

    private <T> T run(Operation operation, String tenantId, Target target, String uri,
                      java.util.function.Supplier<T> work) {
        RequestInfo request = new RequestInfo(UUID.randomUUID().toString(), "internal", "DELETE", uri,
                System.nanoTime());
        return dispatcher.run(operation, Principal.system(tenantId), request, target, work);
    }

    @Override
    public synchronized void close() {
        if (thread != null) {
            thread.interrupt();
            thread = null;
        }
    }
}
