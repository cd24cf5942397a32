package dev.coffer.authz;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.directory.Principal;
import dev.coffer.directory.PrincipalKind;
import dev.coffer.store.Store;
import dev.coffer.store.sqlite.SqliteStore;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Decisions racing with grants and revocations: once a revocation has returned, no decision that starts later
 * may allow (no stale allow), and once a grant has returned, every later decision allows.
 */
class ConcurrentRevocationTest {

    @TempDir
    Path dir;

    @Test
    void noDecisionStartedAfterARevocationAllows() throws Exception {
        try (Store store = SqliteStore.open(dir.resolve("race.db"))) {
            RoleAssignments assignments = new RoleAssignments(store, Clock.systemUTC());
            Authorizer authorizer = new Authorizer(assignments, Clock.systemUTC());
            String scope = Scope.vault("sub", "rg", "v") + "/secrets/s";
            String principalId = UUID.randomUUID().toString();
            Principal caller = new Principal("t", principalId, null, PrincipalKind.SERVICE_PRINCIPAL, "p", Set.of());
            AtomicInteger staleAllows = new AtomicInteger();
            AtomicInteger staleDenies = new AtomicInteger();
            AtomicInteger decisions = new AtomicInteger();
            ExecutorService pool = Executors.newFixedThreadPool(4);
            for (int round = 0; round < 40; round++) {
                String name = UUID.randomUUID().toString();
                assignments.create(name, Scope.vault("sub", "rg", "v"),
                        BuiltInRoles.byName("Key Vault Secrets User").resourceId(), principalId, "ServicePrincipal",
                        null, "race");
                java.util.concurrent.atomic.AtomicBoolean revoking = new java.util.concurrent.atomic.AtomicBoolean();
                java.util.concurrent.atomic.AtomicBoolean revoked = new java.util.concurrent.atomic.AtomicBoolean();
                java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
                Future<?>[] readers = new Future<?>[4];
                for (int r = 0; r < readers.length; r++) {
                    readers[r] = pool.submit(() -> {
                        while (!stop.get()) {
                            boolean revokedBefore = revoked.get();
                            boolean allowed = authorizer.decide(caller, Actions.SECRETS_GET, scope, null).allowed();
                            decisions.incrementAndGet();
                            if (revokedBefore && allowed) {
                                staleAllows.incrementAndGet();
                            }
                            if (!allowed && !revoking.get()) {
                                staleDenies.incrementAndGet();
                            }
                        }
                    });
                }
                Thread.sleep(2);
                revoking.set(true);
                assignments.delete(name);
                revoked.set(true);
                Thread.sleep(2);
                stop.set(true);
                for (Future<?> f : readers) {
                    f.get();
                }
            }
            pool.shutdown();
            assertThat(staleAllows.get()).as("decisions that allowed after the revocation returned").isZero();
            assertThat(staleDenies.get()).as("decisions that denied while the grant stood").isZero();
            assertThat(decisions.get()).isGreaterThan(1_000);
        }
    }
}
