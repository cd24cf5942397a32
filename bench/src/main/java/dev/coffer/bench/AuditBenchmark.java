package dev.coffer.bench;

import dev.coffer.audit.Audit;
import dev.coffer.audit.AuditEvent;
import dev.coffer.audit.AuditRecord;
import dev.coffer.audit.AuditSink;
import dev.coffer.auditlog.AuditFile;
import dev.coffer.auditlog.AuditLogPolicy;
import dev.coffer.auditlog.AuditSigner;
import dev.coffer.core.Dispatcher;
import dev.coffer.core.Operation;
import dev.coffer.core.RequestInfo;
import dev.coffer.core.Target;
import dev.coffer.authz.Actions;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The audit log's throughput: durable appends (hash chain, group commit, fsync) from 1 and 16 threads, and the
 * whole in-process secret GET through the Dispatcher (decision, engine read, audit) with the real audit file
 * against a sink that keeps nothing: the ratio of the two is audit's cost on the read path. Every audited
 * request waits for an fsync, so with a fixed number of callers in flight the cost is set by the disk's sync
 * latency; see bench/RESULTS.md.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class AuditBenchmark {

    private static final Operation SECRET_GET = Operation.of("SecretGet", Actions.SECRETS_GET);

    private CoreGraph graph;
    private AuditFile auditFile;
    private Audit audit;
    private AuditEvent event;
    private Dispatcher audited;
    private Dispatcher unaudited;
    private Target target;

    /** What "audit off" means here: a sink that accepts every record and keeps nothing. */
    static final class NoSink implements AuditSink {
        private long seq;

        @Override
        public synchronized long append(AuditRecord record) {
            return ++seq;
        }

        @Override
        public boolean available() {
            return true;
        }

        @Override
        public void close() {
        }
    }

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        graph = CoreGraph.create();
        graph.secrets.set(graph.vault, new NewSecret("db-password", SecretBytes.ofUtf8("x".repeat(100)), null,
                null, Map.of()));
        // -Dcoffer.bench.auditDir=/dev/shm/… puts the log on memory: what remains is the software's own cost.
        String auditDir = System.getProperty("coffer.bench.auditDir");
        auditFile = new AuditFile(auditDir != null ? java.nio.file.Files.createTempDirectory(java.nio.file.Path.of(
                auditDir), "audit") : graph.dir.resolve("audit"), AuditSigner.loadOrCreate(graph.dir),
                AuditLogPolicy.defaults(), graph.clock);
        audit = new Audit(auditFile);
        event = new AuditEvent(Instant.now(), "SecretGet", "Success", 200, "OK", null, 1, "127.0.0.1",
                "3f1c1d0e-5b7a-4f5e-9d55-0d7d6f6e2a11", graph.admin.tenantId(), graph.admin.objectId(),
                graph.admin.appId(), graph.secretScope("db-password"), CoreGraph.VAULT,
                "/secrets/db-password?api-version=7.4", "rbac", "role assignment 'x' (Key Vault Administrator)");
        audited = new Dispatcher(graph.authorizer, audit, graph.clock);
        unaudited = new Dispatcher(graph.authorizer, new Audit(new NoSink()), graph.clock);
        target = Target.inVault(graph.secretScope("db-password"), graph.vault);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        auditFile.close();
        graph.close();
    }

    @Benchmark
    @Threads(1)
    public void append1Thread() {
        audit.record(event);
    }

    @Benchmark
    @Threads(16)
    public void append16Threads() {
        audit.record(event);
    }

    @Benchmark
    @Threads(16)
    public Secret secretGetAuditOn() {
        return get(audited);
    }

    @Benchmark
    @Threads(16)
    public Secret secretGetAuditOff() {
        return get(unaudited);
    }

    /** With 64 callers in flight, one sync covers more records: group commit's answer to a slow disk. */
    @Benchmark
    @Threads(64)
    public Secret secretGetAuditOn64() {
        return get(audited);
    }

    @Benchmark
    @Threads(64)
    public Secret secretGetAuditOff64() {
        return get(unaudited);
    }

    private Secret get(Dispatcher dispatcher) {
        RequestInfo request = new RequestInfo("r", "127.0.0.1", "GET", "/secrets/db-password?api-version=7.4",
                System.nanoTime());
        return dispatcher.run(SECRET_GET, graph.admin, request, target,
                () -> graph.secrets.get(graph.vault, "db-password", null));
    }
}
