package dev.coffer.testkit;

import static dev.coffer.store.ObjectKind.CERTIFICATE;
import static dev.coffer.store.ObjectKind.KEY;
import static dev.coffer.store.ObjectKind.SECRET;
import static dev.coffer.testkit.StoreRows.T0;
import static dev.coffer.testkit.StoreRows.bytes;
import static dev.coffer.testkit.StoreRows.deletedName;
import static dev.coffer.testkit.StoreRows.liveName;
import static dev.coffer.testkit.StoreRows.version;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.store.ObjectKind;
import dev.coffer.store.ObjectNameRow;
import dev.coffer.store.ObjectVersionRow;
import dev.coffer.store.ReadTx;
import dev.coffer.store.StoreException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/** The vault-object half of the store contract: names, versions, listing, soft delete and purge. */
public abstract class VaultObjectsContract extends IdentityContract {

    /** Puts a live name and the given versions, in order; returns the versions as stored. */
    protected List<ObjectVersionRow> putObject(String vault, ObjectKind kind, String name, String... versions) {
        return store.write(tx -> {
            tx.putObjectName(liveName(vault, kind, name));
            List<ObjectVersionRow> stored = new ArrayList<>();
            for (String v : versions) {
                stored.add(tx.insertVersion(version(vault, kind, name, v)));
            }
            return stored;
        });
    }

    @Test
    void insertVersionAssignsIncreasingSequencesAndRoundTripsEveryField() {
        List<ObjectVersionRow> stored = putObject("Vault-A", SECRET, "Db-Password", "v1", "v2", "v3");

        assertThat(stored).extracting(ObjectVersionRow::sequence).isSorted().doesNotHaveDuplicates();
        assertThat(stored.get(1).sequence()).isGreaterThan(stored.get(0).sequence());
        assertThat(stored.get(0)).usingRecursiveComparison().ignoringFields("sequence")
                .isEqualTo(version("Vault-A", SECRET, "Db-Password", "v1"));

        ObjectVersionRow read = store.read(tx -> tx.version("vault-a", SECRET, "DB-PASSWORD", "V1")).orElseThrow();
        assertThat(read).usingRecursiveComparison().isEqualTo(stored.get(0));
        assertThat(read.sealedValue()).isEqualTo(bytes("sealed Db-Password/v1"));
        assertThat(store.read((ReadTx tx) -> tx.latestVersion("VAULT-A", SECRET, "db-password")))
                .get().usingRecursiveComparison().isEqualTo(stored.get(2));
    }

    @Test
    void nameRowsRoundTripWithStoredCasing() {
        write(tx -> tx.putObjectName(liveName("Vault-A", KEY, "Signing-Key")));
        assertThat(store.read((ReadTx tx) -> tx.objectName("vault-a", KEY, "SIGNING-KEY")))
                .contains(liveName("Vault-A", KEY, "Signing-Key"));
        assertThat(store.read((ReadTx tx) -> tx.objectName("vault-a", SECRET, "signing-key"))).isEmpty();

        write(tx -> tx.putObjectName(deletedName("Vault-A", KEY, "Signing-Key", T0, T0 + 10)));
        assertThat(store.read((ReadTx tx) -> tx.objectName("Vault-A", KEY, "Signing-Key")))
                .contains(deletedName("Vault-A", KEY, "Signing-Key", T0, T0 + 10));
    }

    @Test
    void absentObjectsAreEmpty() {
        assertThat(store.read((ReadTx tx) -> tx.objectName("v", SECRET, "n"))).isEmpty();
        assertThat(store.read((ReadTx tx) -> tx.latestVersion("v", SECRET, "n"))).isEmpty();
        assertThat(store.read((ReadTx tx) -> tx.version("v", SECRET, "n", "x"))).isEmpty();
        assertThat(store.read((ReadTx tx) -> tx.latestVersions("v", SECRET, null, 10))).isEmpty();
        assertThat(store.read((ReadTx tx) -> tx.versions("v", SECRET, "n", 0, 10))).isEmpty();
        assertThat(store.read((ReadTx tx) -> tx.objectCount("v", SECRET))).isZero();
    }

    @Test
    void aVersionNeedsItsNameRow() {
        assertThatThrownBy(() -> store.write(tx -> tx.insertVersion(version("v", SECRET, "orphan", "1"))))
                .isInstanceOf(StoreException.class);
        assertThat(store.read((ReadTx tx) -> tx.latestVersion("v", SECRET, "orphan"))).isEmpty();
    }

    @Test
    void updateVersionReplacesOnlyTheMutableFields() {
        ObjectVersionRow original = putObject("vault", SECRET, "s", "v1").getFirst();
        ObjectVersionRow changed = new ObjectVersionRow("VAULT", SECRET, "S", "V1", 999, false, null, T0 + 99,
                T0 + 500, T0 + 600, "application/json", Map.of("new", "tag"), Map.of("x", "y"), bytes("ignored"));
        write(tx -> tx.updateVersion(changed));

        ObjectVersionRow read = store.read((ReadTx tx) -> tx.version("vault", SECRET, "s", "v1")).orElseThrow();
        assertThat(read).usingRecursiveComparison().isEqualTo(new ObjectVersionRow("vault", SECRET, "s", "v1",
                original.sequence(), false, null, T0 + 99, original.created(), T0 + 600, "application/json",
                Map.of("new", "tag"), Map.of("x", "y"), original.sealedValue()));
    }

    @Test
    void versionsPageInSequenceOrder() {
        String[] ids = new String[23];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = "ver" + i;
        }
        List<ObjectVersionRow> stored = putObject("vault", CERTIFICATE, "cert", ids);
        putObject("vault", CERTIFICATE, "other", "o1");

        List<ObjectVersionRow> seen = pageAll(10, (after, limit) -> store.read((ReadTx tx) -> tx.versions(
                "VAULT", CERTIFICATE, "Cert", after == null ? 0 : after.sequence(), limit)), List.of(10, 10, 3));
        assertThat(seen).usingRecursiveFieldByFieldElementComparator().containsExactlyElementsOf(stored);
    }

    @Test
    void latestVersionsListsLiveNamesInCaseInsensitiveOrderAcrossPages() {
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            String name = (i % 2 == 0 ? "Name-" : "name-") + String.format("%02d", i);
            putObject("Vault-A", SECRET, name, "a" + i, "b" + i);
            expected.add(name);
        }
        putObject("Vault-A", SECRET, "gone", "g1");
        write(tx -> tx.putObjectName(deletedName("Vault-A", SECRET, "gone", T0, T0 + 60)));
        putObject("Vault-A", KEY, "name-key", "k1");
        putObject("Vault-B", SECRET, "name-elsewhere", "e1");

        List<ObjectVersionRow> seen = pageAll(10, (after, limit) -> store.read((ReadTx tx) -> tx.latestVersions(
                "vault-a", SECRET, after == null ? null : after.name().toUpperCase(), limit)), List.of(10, 10, 5));

        assertThat(seen).extracting(ObjectVersionRow::name).containsExactlyElementsOf(expected);
        assertThat(seen).allSatisfy(row -> {
            assertThat(row.version()).startsWith("b");
            assertThat(row.vaultName()).isEqualTo("Vault-A");
        });
        assertThat(store.read((ReadTx tx) -> tx.objectCount("VAULT-A", SECRET))).isEqualTo(25);
        assertThat(store.read((ReadTx tx) -> tx.objectCount("vault-a", KEY))).isEqualTo(1);
    }

    @Test
    void deletedNamesPageAndAreExcludedFromTheLiveList() {
        for (int i = 0; i < 12; i++) {
            String name = "Deleted-" + String.format("%02d", i);
            putObject("vault", SECRET, name, "v");
            write(tx -> tx.putObjectName(deletedName("vault", SECRET, name, T0, T0 + 1_000)));
        }
        putObject("vault", SECRET, "alive", "v");

        List<ObjectNameRow> seen = pageAll(5, (after, limit) -> store.read((ReadTx tx) -> tx.deletedNames(
                "Vault", SECRET, after == null ? null : after.name(), limit)), List.of(5, 5, 2));
        assertThat(seen).extracting(ObjectNameRow::name).first().isEqualTo("Deleted-00");
        assertThat(seen).hasSize(12).allSatisfy(row -> assertThat(row.deleted()).isTrue());
        assertThat(store.read((ReadTx tx) -> tx.latestVersions("vault", SECRET, null, 100)))
                .extracting(ObjectVersionRow::name).containsExactly("alive");
        assertThat(store.read((ReadTx tx) -> tx.objectCount("vault", SECRET))).isEqualTo(1);
        // a deleted object's versions stay readable until it is purged (recovery needs them)
        assertThat(store.read((ReadTx tx) -> tx.latestVersion("vault", SECRET, "deleted-03"))).isPresent();
    }

    @Test
    void purgeDueFindsDeletedNamesAcrossVaultsWhoseTimeHasCome() {
        putObject("v1", SECRET, "due", "1");
        putObject("v2", KEY, "also-due", "1");
        putObject("v2", SECRET, "later", "1");
        putObject("v2", SECRET, "live", "1");
        write(tx -> {
            tx.putObjectName(deletedName("v1", SECRET, "due", T0, T0 + 10));
            tx.putObjectName(deletedName("v2", KEY, "also-due", T0, T0 + 20));
            tx.putObjectName(deletedName("v2", SECRET, "later", T0, T0 + 30));
        });

        assertThat(store.read((ReadTx tx) -> tx.purgeDue(T0 + 20, 10))).extracting(ObjectNameRow::name)
                .containsExactlyInAnyOrder("due", "also-due");
        assertThat(store.read((ReadTx tx) -> tx.purgeDue(T0 + 20, 1))).hasSize(1);
        assertThat(store.read((ReadTx tx) -> tx.purgeDue(T0 + 9, 10))).isEmpty();
    }

    @Test
    void purgeObjectRemovesTheNameAndEveryVersionOfIt() {
        putObject("vault", SECRET, "Doomed", "1", "2");
        putObject("vault", KEY, "doomed", "1");
        write(tx -> tx.purgeObject("VAULT", SECRET, "DOOMED"));

        assertThat(store.read((ReadTx tx) -> tx.objectName("vault", SECRET, "doomed"))).isEmpty();
        assertThat(store.read((ReadTx tx) -> tx.versions("vault", SECRET, "doomed", 0, 10))).isEmpty();
        assertThat(store.read((ReadTx tx) -> tx.latestVersion("vault", KEY, "doomed"))).isPresent();

        // the name can be used again from scratch
        List<ObjectVersionRow> again = putObject("vault", SECRET, "doomed", "1");
        assertThat(store.read((ReadTx tx) -> tx.versions("vault", SECRET, "doomed", 0, 10)))
                .usingRecursiveFieldByFieldElementComparator().containsExactlyElementsOf(again);
        write(tx -> tx.purgeObject("vault", SECRET, "never-existed"));
    }

    @Test
    void purgeVaultObjectsRemovesEveryKindInThatVaultOnly() {
        for (ObjectKind kind : ObjectKind.values()) {
            putObject("Purged", kind, "thing", "1");
            putObject("Kept", kind, "thing", "1");
        }
        write(tx -> tx.putObjectName(deletedName("Purged", SECRET, "thing", T0, T0 + 1)));
        write(tx -> tx.purgeVaultObjects("PURGED"));

        for (ObjectKind kind : ObjectKind.values()) {
            assertThat(store.read((ReadTx tx) -> tx.objectName("purged", kind, "thing"))).isEmpty();
            assertThat(store.read((ReadTx tx) -> tx.latestVersion("purged", kind, "thing"))).isEmpty();
            assertThat(store.read((ReadTx tx) -> tx.latestVersions("kept", kind, null, 10))).hasSize(1);
        }
        assertThat(store.read((ReadTx tx) -> tx.purgeDue(Long.MAX_VALUE, 10))).isEmpty();
    }

    /**
     * Reads every page with {@code fetch(lastOfPreviousPage, limit)} and checks the page sizes, so that an
     * off-by-one at a page boundary (a repeated or skipped row) shows.
     */
    protected static <R> List<R> pageAll(int limit, BiFunction<R, Integer, List<R>> fetch,
                                         List<Integer> expectedPageSizes) {
        List<R> all = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        R last = null;
        while (true) {
            List<R> page = fetch.apply(last, limit);
            if (page.isEmpty()) {
                break;
            }
            sizes.add(page.size());
            all.addAll(page);
            last = page.getLast();
            if (page.size() < limit) {
                break;
            }
        }
        assertThat(sizes).as("page sizes").isEqualTo(expectedPageSizes);
        return all;
    }
}
