package dev.coffer.store.sqlite;

import static dev.coffer.store.ObjectKind.SECRET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.store.ReadTx;
import dev.coffer.store.Store;
import dev.coffer.store.StoreException;
import dev.coffer.store.TenantRow;
import dev.coffer.testkit.StoreContract;
import dev.coffer.testkit.StoreRows;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class SqliteStoreTest extends StoreContract {

    private static final String DATABASE = "coffer.db";

    @Override
    protected Store openStore(Path dir) {
        return SqliteStore.open(dir.resolve(DATABASE));
    }

    private SqliteStore sqlite() {
        return (SqliteStore) store;
    }

    @Test
    void writerRunsInWalModeWithFullSyncAndForeignKeys() {
        assertThat(pragmaOnWriter("journal_mode")).isEqualTo("wal");
        assertThat(pragmaOnWriter("synchronous")).isEqualTo("2"); // FULL
        assertThat(pragmaOnWriter("foreign_keys")).isEqualTo("1");
        assertThat(Long.parseLong(pragmaOnWriter("busy_timeout"))).isPositive();
    }

    @Test
    void readersAreQueryOnly() {
        assertThat(store.read((ReadTx tx) -> pragma(((SqliteTx) tx).session(), "query_only"))).isEqualTo("1");
        assertThat(store.read((ReadTx tx) -> pragma(((SqliteTx) tx).session(), "journal_mode"))).isEqualTo("wal");
    }

    @Test
    void migrationsRunOnceAndReopeningIsANoOp() throws SQLException {
        reopen();
        reopen();
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(DATABASE));
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(
                     "SELECT version, success FROM flyway_schema_history WHERE version IS NOT NULL")) {
            List<String> applied = new ArrayList<>();
            while (rows.next()) {
                assertThat(rows.getBoolean("success")).isTrue();
                applied.add(rows.getString("version"));
            }
            assertThat(applied).contains("1").doesNotHaveDuplicates();
        }
    }

    @Test
    @Timeout(60)
    void concurrentWritersShareCommits() throws Exception {
        long before = sqlite().commitCount();
        int writes = writeConcurrently(16, 200);
        long commits = sqlite().commitCount() - before;
        assertThat(commits).as("commits for %d concurrent writes", writes).isPositive().isLessThan(writes);
    }

    @Test
    void listingLiveNamesIsAnIndexRangeScan() {
        String plan = store.write(tx -> {
            List<String> details = ((SqliteTx) tx).session().query("EXPLAIN QUERY PLAN " + ObjectTables.LATEST_VERSIONS,
                    row -> row.string("detail"), "vault", SECRET, "", 100);
            return String.join("\n", details);
        });
        assertThat(plan).contains("USING INDEX").doesNotContain("TEMP B-TREE").doesNotContain("SCAN v");
        assertThat(plan).containsPattern("SEARCH v USING INTEGER PRIMARY KEY");
    }

    @Test
    @Timeout(60)
    void listingStaysCorrectWithManyNames() {
        int names = 20_000;
        store.write(tx -> {
            for (int i = 0; i < names; i++) {
                String name = String.format("secret-%05d", i);
                tx.putObjectName(StoreRows.liveName("big", SECRET, name));
                tx.insertVersion(StoreRows.version("big", SECRET, name, "v1"));
                tx.insertVersion(StoreRows.version("big", SECRET, name, "v2"));
            }
            return null;
        });
        long start = System.nanoTime();
        var page = store.read((ReadTx tx) -> tx.latestVersions("big", SECRET, "secret-12345", 25));
        long micros = TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - start);
        assertThat(page).hasSize(25).first().extracting(r -> r.name()).isEqualTo("secret-12346");
        assertThat(page).allSatisfy(r -> assertThat(r.version()).isEqualTo("v2"));
        assertThat(store.read((ReadTx tx) -> tx.objectCount("big", SECRET))).isEqualTo(names);
        // generous: only a full scan or a sort of all versions would come near it
        assertThat(micros).isLessThan(TimeUnit.SECONDS.toMicros(1));
    }

    @Test
    void aFailedCommitFailsTheUnitAndKeepsNothing() {
        // A deferred foreign key is checked only at COMMIT, which is how to make a commit itself fail.
        assertThatThrownBy(() -> store.write(tx -> {
            execute((SqliteTx) tx, "PRAGMA defer_foreign_keys = ON");
            tx.putTenant(StoreRows.tenant("lost-with-the-commit"));
            tx.putCredential(StoreRows.credential("no-such-principal", "key"));
            return null;
        })).isInstanceOf(StoreException.class).hasMessageContaining("commit");

        assertThat(store.read((ReadTx tx) -> tx.tenant("lost-with-the-commit"))).isEmpty();
        write(tx -> tx.putTenant(StoreRows.tenant("the-writer-lives-on")));
        assertThat(store.read((ReadTx tx) -> tx.tenant("the-writer-lives-on"))).isPresent();
    }

    @Test
    void aClosedStoreRefusesWorkAndClosingTwiceIsHarmless() {
        Store closed = store;
        store = null;
        closed.close();
        closed.close();
        assertThatThrownBy(() -> closed.write(tx -> null)).isInstanceOf(StoreException.class);
        assertThatThrownBy(() -> closed.read(tx -> null)).isInstanceOf(StoreException.class);
    }

    @Test
    @Timeout(60)
    void closeFinishesWhatWasAcknowledged() throws Exception {
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        Store closing = store;
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int w = 0; w < 8; w++) {
                int writer = w;
                pool.submit(() -> {
                    try {
                        for (int i = 0; ; i++) {
                            String id = "w" + writer + "-" + i;
                            closing.write(tx -> {
                                tx.putTenant(StoreRows.tenant(id));
                                return null;
                            });
                            acknowledged.add(id);
                        }
                    } catch (StoreException refusedAfterClose) {
                        return;
                    }
                });
            }
            while (acknowledged.size() < 200) {
                Thread.sleep(5);
            }
            store = null;
            closing.close();
        }
        store = openStore(dir);
        Set<String> stored = store.read((ReadTx tx) -> tx.tenants()).stream().map(TenantRow::tenantId)
                .collect(Collectors.toSet());
        assertThat(stored).containsAll(acknowledged);
    }

    /**
     * Runs {@link DurabilityChild} in its own JVM, lets it acknowledge a few hundred writes, SIGKILLs it and
     * checks that every acknowledged write is in the database. (Power loss cannot be simulated here; the
     * synchronous=FULL check above covers what makes a commit survive it.)
     */
    @Test
    @Timeout(60)
    void everyAcknowledgedWriteSurvivesSigkill() throws Exception {
        store.close();
        store = null;
        Path database = dir.resolve(DATABASE);
        String java = ProcessHandle.current().info().command().orElse(
                Path.of(System.getProperty("java.home"), "bin", "java").toString());
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                DurabilityChild.class.getName(), database.toString())
                .redirectError(dir.resolve("child.err").toFile())
                .start();
        List<String> acknowledged = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while (acknowledged.size() < 400 && (line = out.readLine()) != null) {
                if (line.startsWith("acked-")) {
                    acknowledged.add(line);
                }
            }
            // Killed mid-stream, with writes in flight. Ids still in the pipe go unchecked, which is fine.
            child.destroyForcibly();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            child.destroyForcibly();
        }
        assertThat(acknowledged).as("child stderr: %s", Files.readString(dir.resolve("child.err")))
                .hasSizeGreaterThanOrEqualTo(400);

        store = openStore(dir);
        Set<String> stored = store.read((ReadTx tx) -> tx.tenants()).stream().map(TenantRow::tenantId)
                .collect(Collectors.toSet());
        assertThat(stored).containsAll(acknowledged);
    }

    private static void execute(SqliteTx tx, String sql) {
        try {
            tx.session().execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private String pragmaOnWriter(String name) {
        return store.write(tx -> pragma(((SqliteTx) tx).session(), name));
    }

    private static String pragma(SqlSession session, String name) {
        return session.query("PRAGMA " + name, row -> row.string(1)).getFirst();
    }
}
