package dev.coffer.bench;

import dev.coffer.identity.Plane;
import dev.coffer.identity.TokenIssuer;
import dev.coffer.identity.TokenRejected;
import dev.coffer.identity.TokenService;
import dev.coffer.identity.TokenValidator;
import dev.coffer.identity.ValidatedToken;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
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
 * The token service and the edge's token check. {@code validateFirstSight} verifies tokens the validator has
 * never seen (RS256 signature, claims): 10,000 distinct tokens are minted in setup, and when the benchmark has
 * gone through all of them it continues with a fresh {@link TokenValidator} (a cheap object), so every
 * measured call misses the cache. {@code validateCached} is the steady state of a client reusing its token.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class TokenBench {

    static final int DISTINCT_TOKENS = 10_000;

    private CoreGraph graph;
    private String[] tokens;
    private int next;
    private TokenValidator firstSight;
    private Map<String, String> clientCredentialsForm;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        graph = CoreGraph.create();
        String audience = graph.dataAudience();
        tokens = IntStream.range(0, DISTINCT_TOKENS).parallel()
                .mapToObj(i -> graph.issuer.issue(graph.admin, audience, List.of("pwd")).accessToken())
                .toArray(String[]::new);
        firstSight = newValidator();
        clientCredentialsForm = Map.of("grant_type", "client_credentials",
                "client_id", graph.first.administrator().appId(),
                "client_secret", graph.clientSecret,
                "scope", audience + "/.default");
        graph.validator.validate(tokens[0], Plane.DATA); // the cached benchmark's token, seen once
    }

    private TokenValidator newValidator() {
        return new TokenValidator(graph.signingKeys, graph.endpoints, graph.audiences, graph.clock);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        graph.close();
    }

    @Benchmark
    public ValidatedToken validateFirstSight() throws TokenRejected {
        if (next == DISTINCT_TOKENS) {
            next = 0;
            firstSight = newValidator();
        }
        return firstSight.validate(tokens[next++], Plane.DATA);
    }

    @Benchmark
    public ValidatedToken validateCached() throws TokenRejected {
        return graph.validator.validate(tokens[0], Plane.DATA);
    }

    /** Signing alone: claims, RS256 with the active 2048-bit key, serialization. */
    @Benchmark
    public TokenIssuer.IssuedToken issue() {
        return graph.issuer.issue(graph.admin, graph.dataAudience(), List.of("pwd"));
    }

    /** The whole client-credentials grant: tenant and client lookup in SQLite, secret check, then signing. */
    @Benchmark
    public TokenService.Granted grantClientCredentials() {
        return graph.tokenService.grant(graph.first.tenant().tenantId(), clientCredentialsForm);
    }
}
