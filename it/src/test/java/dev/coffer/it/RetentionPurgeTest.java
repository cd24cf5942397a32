package dev.coffer.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import dev.coffer.crypto.SecretBytes;
import dev.coffer.crypto.pkcs11.Pkcs11Hsm;
import dev.coffer.crypto.pkcs11.Pkcs11Settings;
import dev.coffer.directory.Principal;
import dev.coffer.error.NotFound;
import dev.coffer.jobs.RetentionPurge;
import dev.coffer.keys.KeyEngines;
import dev.coffer.keys.NewKey;
import dev.coffer.resources.Subscriptions;
import dev.coffer.resources.Vaults;
import dev.coffer.secrets.NewSecret;
import dev.coffer.secrets.SecretService;
import dev.coffer.store.ObjectKind;
import dev.coffer.store.Store;
import dev.coffer.store.VaultRow;
import dev.coffer.store.sqlite.SqliteStore;
import dev.coffer.testkit.SettableClock;
import dev.coffer.testkit.StoreRows;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The retention job against a real SQLite store with a clock the test moves: deleted secrets, keys and vaults
 * are purged once their scheduled purge date has passed (purge protection only guards the time before it) and
 * not before; each purge is audited as the system principal's; and purging an HSM key, alone or with its
 * vault, destroys its objects in a SoftHSM2 token.
 */
class RetentionPurgeTest {

    @TempDir
    Path dir;

    final SettableClock clock = new SettableClock(Instant.parse("2030-01-01T00:00:00Z"));
    final List<String> audited = new CopyOnWriteArrayList<>();
    final SecureRandom random = new SecureRandom();
    Store store;
    KeyEngines engines;
    SecretService secrets;
    Vaults vaults;
    RetentionPurge job;

    /** Opens engines over a fresh store holding a tenant, a subscription and the given live vaults. */
    void open(Hsm hsm, String... vaultNames) {
        store = SqliteStore.open(dir.resolve("coffer.db"));
        Barrier barrier = Barrier.open(store, FileRootKey.loadOrCreate(dir.resolve("root.key"), random), random, clock);
        store.write(tx -> {
            tx.putTenant(StoreRows.tenant("tenant-1"));
            tx.putSubscription(StoreRows.subscription("subscription-1", "tenant-1"));
            for (String name : vaultNames) {
                tx.putVault(StoreRows.vault(name, "subscription-1"));
            }
            return null;
        });
        AuditSink sink = new AuditSink() {
            long seq;

            @Override
            public synchronized long append(AuditRecord record) {
                if (record instanceof AuditRecord.Intent i) {
                    audited.add(i.event().operationName() + " " + i.event().objectId() + " " + i.event().resourceId());
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
        engines = KeyEngines.create(store, barrier, clock, random, hsm, dispatcher, e -> { });
        secrets = new SecretService(store, barrier, clock, random);
        vaults = new Vaults(store, new Subscriptions(store, clock), clock);
        vaults.releaseOnPurge(ObjectKind.KEY, engines.keys()::release);
        job = new RetentionPurge(store, secrets, engines.keys(), vaults, dispatcher, clock);
    }

    @AfterEach
    void close() {
        if (job != null) {
            job.close();
        }
        if (engines != null) {
            engines.close();
        }
        if (store != null) {
            store.close();
        }
    }

    VaultRow vault(String name) {
        return vaults.byName(name).orElseThrow();
    }

    void secret(VaultRow vault, String name) {
        secrets.set(vault, new NewSecret(name, SecretBytes.wrap("v".getBytes(StandardCharsets.UTF_8)), null, null,
                null));
    }

    void key(VaultRow vault, String name, KeyType kty) {
        engines.keys().create(vault, new NewKey(name, kty, null, null, null, null, null, null));
    }

    @Test
    void deletedObjectsArePurgedOnceTheirRetentionHasPassedEvenUnderPurgeProtection() {
        open(Hsm.NONE, "retained");
        VaultRow vault = vault("retained");
        assertThat(vault.enablePurgeProtection()).isTrue();
        secret(vault, "old-secret");
        key(vault, "old-key", KeyType.EC);
        secret(vault, "kept-secret");
        secrets.delete(vault, "old-secret");
        engines.keys().delete(vault, "old-key");

        clock.advance(Duration.ofDays(vault.softDeleteRetentionInDays()).minusSeconds(1));
        assertThat(job.runOnce()).as("not before the scheduled purge date").isZero();
        assertThat(secrets.getDeleted(vault, "old-secret")).isNotNull();

        clock.advance(Duration.ofSeconds(1));
        assertThat(job.runOnce()).isEqualTo(2);
        assertThatThrownBy(() -> secrets.getDeleted(vault, "old-secret")).isInstanceOf(NotFound.class);
        assertThatThrownBy(() -> engines.keys().getDeleted(vault, "old-key")).isInstanceOf(NotFound.class);
        assertThat(secrets.get(vault, "kept-secret", null)).isNotNull();
        assertThat(audited).anyMatch(a -> a.startsWith("SecretPurgeByRetention " + Principal.SYSTEM_OBJECT_ID)
                && a.endsWith("/vaults/retained/secrets/old-secret"));
        assertThat(audited).anyMatch(a -> a.startsWith("KeyPurgeByRetention " + Principal.SYSTEM_OBJECT_ID)
                && a.endsWith("/vaults/retained/keys/old-key"));
        assertThat(job.runOnce()).as("nothing left to do").isZero();
    }

    @Test
    void deletedVaultsArePurgedWithTheirObjectsOnceTheirDateHasPassed() {
        open(Hsm.NONE, "gone", "later");
        VaultRow gone = vault("gone");
        secret(gone, "inside");
        vaults.delete("subscription-1", gone.resourceGroup(), "gone");
        clock.advance(Duration.ofDays(30));
        vaults.delete("subscription-1", gone.resourceGroup(), "later");

        clock.advance(Duration.ofDays(gone.softDeleteRetentionInDays() - 30).minusSeconds(1));
        assertThat(job.runOnce()).isZero();
        assertThat(vaults.listDeleted("subscription-1")).hasSize(2);

        clock.advance(Duration.ofSeconds(1));
        assertThat(job.runOnce()).isEqualTo(1);
        assertThat(vaults.listDeleted("subscription-1")).extracting(VaultRow::name).containsExactly("later");
        assertThat(store.read((dev.coffer.store.ReadTx tx) -> tx.latestVersion("gone", ObjectKind.SECRET, "inside")))
                .isEmpty();
        assertThat(audited).anyMatch(a -> a.startsWith("DeletedVaultPurgeByRetention " + Principal.SYSTEM_OBJECT_ID)
                && a.endsWith("/deletedVaults/gone"));
    }

    @Test
    void purgingHsmKeysByRetentionOrWithTheirVaultDestroysTheirTokenObjects() throws Exception {
        KeyHsmFixture.Token token = KeyHsmFixture.token();
        Hsm hsm = Pkcs11Hsm.open(new Pkcs11Settings(token.library(), token.slot(), null, token.pinFile()), random);
        open(hsm, "hsm-retained", "hsm-vault");
        List<String> before = KeyHsmFixture.labels();

        VaultRow retained = vault("hsm-retained");
        key(retained, "by-retention", KeyType.EC_HSM);
        engines.keys().delete(retained, "by-retention");
        clock.advance(Duration.ofDays(1));
        VaultRow doomed = vault("hsm-vault");
        key(doomed, "live", KeyType.RSA_HSM);
        key(doomed, "soft-deleted", KeyType.EC_HSM);
        engines.keys().delete(doomed, "soft-deleted");
        assertThat(KeyHsmFixture.labels()).hasSize(before.size() + 3);

        clock.advance(Duration.ofDays(retained.softDeleteRetentionInDays() - 1));
        assertThat(job.runOnce()).isEqualTo(1);
        assertThat(KeyHsmFixture.labels()).as("the purged key's token object is gone").hasSize(before.size() + 2);

        vaults.delete("subscription-1", doomed.resourceGroup(), "hsm-vault");
        clock.advance(Duration.ofDays(doomed.softDeleteRetentionInDays()));
        job.runOnce();
        assertThat(vaults.listDeleted("subscription-1")).isEmpty();
        List<String> after = new ArrayList<>(KeyHsmFixture.labels());
        assertThat(after).as("a purged vault's HSM keys, live or deleted, leave nothing in the token")
                .containsExactlyInAnyOrderElementsOf(before);
    }
}
