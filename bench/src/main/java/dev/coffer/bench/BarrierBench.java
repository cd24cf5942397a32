package dev.coffer.bench;

import dev.coffer.barrier.ObjectIdentity;
import dev.coffer.crypto.SecretBytes;
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

/** The barrier's envelope encryption of a 1 KiB secret value: AES-256-GCM with the object identity as AAD. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class BarrierBench {

    private CoreGraph graph;
    private SecretBytes value;
    private byte[] sealed;
    private final ObjectIdentity identity = new ObjectIdentity("8a6a3a4e-0000-4000-8000-000000000001", "bench",
            "secret", "db-password", "0123456789abcdef0123456789abcdef");

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        graph = CoreGraph.create();
        byte[] bytes = new byte[1024];
        graph.random.nextBytes(bytes);
        value = SecretBytes.wrap(bytes);
        sealed = graph.barrier.seal(value, identity);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        graph.close();
    }

    @Benchmark
    public SecretBytes sealAndOpen1KiB() {
        return graph.barrier.open(graph.barrier.seal(value, identity), identity);
    }

    @Benchmark
    public byte[] seal1KiB() {
        return graph.barrier.seal(value, identity);
    }

    @Benchmark
    public SecretBytes open1KiB() {
        return graph.barrier.open(sealed, identity);
    }
}
