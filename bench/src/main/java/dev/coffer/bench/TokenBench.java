package dev.coffer.bench;

import dev.coffer.identity.Plane;
import dev.coffer.identity.TokenIssuer;
import dev.coffer.identity.TokenRejected;
import dev.coffer.identity.TokenResponse;
import dev.coffer.identity.TokenValidator;
import dev.coffer.identity.ValidatedToken;
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
    private Map<String, String> clientCredentialsForm;
    private String reusedToken;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        graph = CoreGraph.create();
        clientCredentialsForm = Map.of("grant_type", "client_credentials",
                "client_id", graph.first.administrator().appId(),
                "client_secret", graph.clientSecret,
                "scope", graph.dataAudience() + "/.default");
        reusedToken = graph.issuer.issue(graph.adminSubject(), graph.dataAudience()).accessToken();
        graph.validator.validate(reusedToken, Plane.DATA); // seen once: cached from now on
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        graph.close();
    }

    /** Distinct tokens for {@link #validateFirstSight}; minted only for that benchmark. */
    @State(Scope.Thread)
    public static class FreshTokens {
        String[] tokens;
        int next;
        TokenValidator validator;
        CoreGraph graph;

        @Setup(Level.Trial)
        public void mint(TokenBench bench) {
            graph = bench.graph;
            String audience = graph.dataAudience();
            tokens = IntStream.range(0, DISTINCT_TOKENS).parallel()
                    .mapToObj(i -> graph.issuer.issue(graph.adminSubject(), audience).accessToken())
                    .toArray(String[]::new);
            validator = newValidator();
        }

        TokenValidator newValidator() {
            return new TokenValidator(graph.signingKeys, graph.endpoints, graph.audiences, graph.clock);
        }

        String nextToken() {
            if (next == DISTINCT_TOKENS) {
                next = 0;
                validator = newValidator(); // forget every token seen
            }
            return tokens[next++];
        }
    }

    @Benchmark
    public ValidatedToken validateFirstSight(FreshTokens fresh) throws TokenRejected {
        String token = fresh.nextToken();
        return fresh.validator.validate(token, Plane.DATA);
    }

    @Benchmark
    public ValidatedToken validateCached() throws TokenRejected {
        return graph.validator.validate(reusedToken, Plane.DATA);
    }

    /** Signing alone: claims, RS256 with the active 2048-bit key, serialization. */
    @Benchmark
    public TokenIssuer.IssuedToken issue() {
        return graph.issuer.issue(graph.adminSubject(), graph.dataAudience());
    }

    /** The whole client-credentials grant: tenant and client lookup in SQLite, secret check, then signing. */
    @Benchmark
    public TokenResponse grantClientCredentials() {
        return graph.tokenService.grant(graph.first.tenant().tenantId(), clientCredentialsForm, "127.0.0.1");
    }
}
