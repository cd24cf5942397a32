package dev.coffer.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.audit.Audit;
import dev.coffer.audit.AuditRecord;
import dev.coffer.audit.AuditSink;
import dev.coffer.authz.Authorizer;
import dev.coffer.authz.RoleAssignments;
import dev.coffer.barrier.Barrier;
import dev.coffer.barrier.FileRootKey;
import dev.coffer.core.Dispatcher;
import dev.coffer.crypto.Hsm;
import dev.coffer.crypto.KeyType;
import dev.coffer.keys.KeyBundle;
import dev.coffer.keys.KeyEngines;
import dev.coffer.keys.KeyEvent;
import dev.coffer.keys.LifetimeAction;
import dev.coffer.keys.NewKey;
import dev.coffer.objects.AttributesUpdate;
import dev.coffer.store.Store;
import dev.coffer.store.VaultRow;
import dev.coffer.store.sqlite.SqliteStore;
import dev.coffer.testkit.SettableClock;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rotation scheduler against a real SQLite store with a clock the test moves: keys rotate when their
 * policy says so and not before, Notify fires once per version, and every action is audited as the system
 * principal's.
 */
class KeyRotationSchedulerTest {

    @TempDir
    Path dir;

    Store store;
    KeyEngines engines;
    VaultRow vault;
    final SettableClock clock = new SettableClock(Instant.parse("2030-01-01T00:00:00Z"));
    final List<KeyEvent> events = new CopyOnWriteArrayList<>();
    final List<String> audited = new CopyOnWriteArrayList<>();

    @BeforeEach
    void open() {
        SecureRandom random = new SecureRandom();
        store = SqliteStore.open(dir.resolve("coffer.db"));
        Barrier barrier = Barrier.open(store, FileRootKey.loadOrCreate(dir.resolve("root.key"), random), random, clock);
        AuditSink sink = new AuditSink() {
            long seq;

            @Override
            public synchronized long append(AuditRecord record) {
                if (record instanceof AuditRecord.Intent i) {
                    audited.add(i.event().operationName() + " " + i.event().objectId());
                }
                return ++seq;
            }

            @Override
            public boolean available() {
                return true;
            }

            @Override
            public void close() {
            }
        };
        Dispatcher dispatcher = new Dispatcher(new Authorizer(new RoleAssignments(store, clock), clock),
                new Audit(sink), clock);
        engines = KeyEngines.create(store, barrier, clock, random, Hsm.NONE, dispatcher, events::add);
        vault = dev.coffer.testkit.StoreRows.vault("rotation-vault", "subscription-1");
        store.write(tx -> {
            tx.putVault(vault);
            return null;
        });
    }

    @AfterEach
    void close() {
        engines.close();
        store.close();
    }

    KeyBundle create(String name, Long expires) {
        return engines.keys().create(vault, new NewKey(name, KeyType.EC, null, null, null, null,
                new AttributesUpdate(null, null, expires), null));
    }

    @Test
    void rotatesWhenTimeAfterCreateHasPassedAndNotBefore() {
        KeyBundle first = create("by-age", null);
        engines.rotation().setPolicy(vault, "by-age", List.of(new LifetimeAction(LifetimeAction.Type.ROTATE, "P30D",
                null)), "P90D");

        clock.advance(Duration.ofDays(29));
        assertThat(engines.scheduler().runOnce()).isZero();
        clock.advance(Duration.ofDays(1));
        assertThat(engines.scheduler().runOnce()).isEqualTo(1);

        KeyBundle second = engines.keys().get(vault, "by-age", null);
        assertThat(second.properties().version()).isNotEqualTo(first.properties().version());
        assertThat(second.properties().attributes().expires())
                .isEqualTo(clock.instant().plus(Duration.ofDays(90)).getEpochSecond());
        assertThat(engines.scheduler().runOnce()).as("the new version is young again").isZero();
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo(KeyEvent.Type.NEW_VERSION_CREATED);
            assertThat(e.version()).isEqualTo(second.properties().version());
        });
        assertThat(audited).contains("KeyRotateByPolicy " + dev.coffer.directory.Principal.SYSTEM_OBJECT_ID);

        clock.advance(Duration.ofDays(30));
        assertThat(engines.scheduler().runOnce()).isEqualTo(1);
        assertThat(engines.keys().listVersions(vault, "by-age", null, 25).items()).hasSize(3);
    }

    @Test
    void rotatesBeforeExpiryAndNotifiesOncePerVersion() {
        long expires = clock.instant().plus(Duration.ofDays(60)).getEpochSecond();
        KeyBundle first = create("by-expiry", expires);
        engines.rotation().setPolicy(vault, "by-expiry", List.of(
                new LifetimeAction(LifetimeAction.Type.NOTIFY, null, "P30D"),
                new LifetimeAction(LifetimeAction.Type.ROTATE, null, "P7D")), "P60D");

        clock.advance(Duration.ofDays(29));
        assertThat(engines.scheduler().runOnce()).isZero();
        clock.advance(Duration.ofDays(2));
        assertThat(engines.scheduler().runOnce()).isEqualTo(1);
        assertThat(engines.scheduler().runOnce()).as("notified once for this version").isZero();
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo(KeyEvent.Type.NEAR_EXPIRY);
            assertThat(e.version()).isEqualTo(first.properties().version());
            assertThat(e.expires()).isEqualTo(expires);
        });
        assertThat(audited).contains("KeyNearExpiryNotify " + dev.coffer.directory.Principal.SYSTEM_OBJECT_ID);

        clock.advance(Duration.ofDays(23));
        assertThat(engines.scheduler().runOnce()).isEqualTo(1);
        KeyBundle second = engines.keys().get(vault, "by-expiry", null);
        assertThat(second.properties().version()).isNotEqualTo(first.properties().version());
        assertThat(events).extracting(KeyEvent::type).containsExactly(KeyEvent.Type.NEAR_EXPIRY,
                KeyEvent.Type.NEW_VERSION_CREATED);

        clock.advance(Duration.ofDays(31));
        assertThat(engines.scheduler().runOnce()).as("the new version nears its expiry: notified").isEqualTo(1);
        assertThat(events.get(2).version()).isEqualTo(second.properties().version());
    }

    @Test
    void deletedKeysAndKeysWithoutExpiryAreLeftAlone() {
        create("no-expiry", null);
        engines.rotation().setPolicy(vault, "no-expiry", List.of(), null);
        create("deleted", null);
        engines.rotation().setPolicy(vault, "deleted", List.of(new LifetimeAction(LifetimeAction.Type.ROTATE, "P1D",
                null)), null);
        engines.keys().delete(vault, "deleted");
        clock.advance(Duration.ofDays(400));
        assertThat(engines.scheduler().runOnce()).isZero();
        assertThat(events).isEmpty();
    }
}
