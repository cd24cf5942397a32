package dev.coffer.bench;

import dev.coffer.audit.Audit;
import dev.coffer.audit.AuditEvent;
import dev.coffer.auditlog.AuditFile;
import dev.coffer.crypto.SecretBytes;
import dev.coffer.secrets.NewSecret;
import dev.coffer.secrets.Secret;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The in-process pieces of a secret GET besides the token and the decision: the engine's read (SQLite read
 * transaction plus barrier open), an empty read transaction, the audit log's availability probe (run before
 * every operation) and one durable audit append (group-committed, fsync'd: with one thread this is the sync
 * latency).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SecretPathBench {

    private CoreGraph graph;
    private AuditFile auditFile;
    private Audit audit;
    private AuditEvent event;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        graph = CoreGraph.create();
        graph.secrets.set(graph.vault, new NewSecret("db-password", SecretBytes.ofUtf8("x".repeat(100)), null,
                null, Map.of()));
        auditFile = new AuditFile(graph.dir.resolve("audit").resolve("audit.log"));
        audit = new Audit(auditFile);
        event = new AuditEvent(Instant.now(), "SecretGet", "Success", 200, "OK", null, 1, "127.0.0.1",
                "3f1c1d0e-5b7a-4f5e-9d55-0d7d6f6e2a11", graph.admin.tenantId(), graph.admin.objectId(),
                graph.admin.appId(), graph.secretScope("db-password"), CoreGraph.VAULT,
                "https://bench.vault.localhost:8443/secrets/db-password?api-version=7.4", "rbac",
                "role assignment 'x' (Key Vault Administrator) at scope '/subscriptions/y'");
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        auditFile.close();
        graph.close();
    }

    @Benchmark
    public Secret engineGet() {
        return graph.secrets.get(graph.vault, "db-password", null);
    }

    /** An empty read transaction (BEGIN DEFERRED, ROLLBACK on a pooled connection): the store's fixed cost. */
    @Benchmark
    public Object storeEmptyRead() {
        return graph.store.read(tx -> Boolean.TRUE);
    }

    /** {@code Audit.requireAvailable}: what the Dispatcher asks before each operation (a free-space check). */
    @Benchmark
    public void auditRequireAvailable() {
        audit.requireAvailable();
    }

    /** One durable audit record from one thread: the fsync latency every audited request waits for. */
    @Benchmark
    public void auditRecordDurable() {
        audit.record(event);
    }
}
