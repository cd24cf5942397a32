package dev.coffer.bench;

import dev.coffer.authz.Actions;
import dev.coffer.authz.Decision;
import dev.coffer.directory.Principal;
import dev.coffer.directory.PrincipalKind;
import java.util.Set;
import java.util.UUID;
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
 * One Authorizer decision for a secret GET in an RBAC vault, with the bootstrap's assignments (Owner and Key
 * Vault Administrator of the administrator at the subscription): allowed for the administrator, denied for a
 * principal without assignments (which also builds the denial reason).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class AuthorizerBench {

    private CoreGraph graph;
    private String scope;
    private Principal stranger;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        graph = CoreGraph.create();
        scope = graph.secretScope("db-password");
        stranger = new Principal(graph.admin.tenantId(), UUID.randomUUID().toString(), UUID.randomUUID().toString(),
                PrincipalKind.SERVICE_PRINCIPAL, "stranger", Set.of());
        if (!graph.authorizer.decide(graph.admin, Actions.SECRETS_GET, scope, graph.vault).allowed()) {
            throw new IllegalStateException("the bootstrap administrator should be allowed");
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        graph.close();
    }

    @Benchmark
    public Decision secretGetAllowed() {
        return graph.authorizer.decide(graph.admin, Actions.SECRETS_GET, scope, graph.vault);
    }

    @Benchmark
    public Decision secretGetDenied() {
        return graph.authorizer.decide(stranger, Actions.SECRETS_GET, scope, graph.vault);
    }
}
