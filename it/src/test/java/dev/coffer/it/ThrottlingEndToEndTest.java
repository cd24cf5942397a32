package dev.coffer.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.core.http.HttpPipelineCallContext;
import com.azure.core.http.HttpPipelineNextPolicy;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.HttpPipelinePolicy;
import com.azure.security.keyvault.secrets.SecretClient;
import com.azure.security.keyvault.secrets.SecretClientBuilder;
import dev.coffer.network.ThrottleClass;
import dev.coffer.network.ThrottleLimits;
import dev.coffer.server.NetworkSettings;
import dev.coffer.server.ServerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Mono;

/**
 * Throttling with small limits (10 vault transactions per 2 s, 30 management writes per minute) so that
 * bursts cross them quickly: plain clients see {@code 429} with {@code Retry-After} and Azure's {@code
 * Throttled}; the Azure SDK's own retry policy waits as told and completes every call; one vault's burst does
 * not spend another's budget; unauthenticated requests are not counted.
 */
class ThrottlingEndToEndTest {

    @TempDir
    static Path dataDir;

    static RunningCoffer coffer;
    static String token;
    static String mgmt;
    static final String PATH = "/secrets/s?api-version=7.4";

    @BeforeAll
    static void start() throws Exception {
        ThrottleLimits limits = ThrottleLimits.azureDefaults()
                .with(ThrottleClass.VAULT, new ThrottleLimits.Limit(10, Duration.ofSeconds(2)))
                .with(ThrottleClass.MANAGEMENT_WRITE, new ThrottleLimits.Limit(30, Duration.ofMinutes(1)));
        coffer = RunningCoffer.start(ServerConfig.defaults(dataDir).withPort(0)
                .withNetwork(NetworkSettings.defaults().withThrottling(limits)));
        mgmt = coffer.adminManagementToken();
        for (String v : List.of("busy-vault", "quiet-vault", "sdk-vault", "anon-vault")) {
            coffer.createVault(mgmt, "rg-throttle", v, true, false);
        }
        token = coffer.token(coffer.bootstrap().clientId(), coffer.bootstrap().clientSecret(),
                "https://vault.azure.net/.default");
        for (String v : List.of("busy-vault", "quiet-vault", "sdk-vault", "anon-vault")) {
            assertThat(coffer.call("PUT", coffer.vaultUrl(v) + PATH, token, "{\"value\":\"v\"}").status()).isEqualTo(200);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        coffer.close();
    }

    @Test
    void aBurstOverTheLimitGets429WithRetryAfterAndSparesOtherVaults() throws Exception {
        List<RunningCoffer.Reply> replies = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            replies.add(coffer.call("GET", coffer.vaultUrl("busy-vault") + PATH, token, null));
        }
        List<RunningCoffer.Reply> throttled = replies.stream().filter(r -> r.status() == 429).toList();
        assertThat(throttled).isNotEmpty();
        assertThat(replies.stream().filter(r -> r.status() == 200).count()).isGreaterThanOrEqualTo(10);
        RunningCoffer.Reply first = throttled.get(0);
        assertThat(first.errorCode()).isEqualTo("Throttled");
        assertThat(first.json().at("/error/message").asText()).contains("busy-vault").contains("10");
        long retryAfter = Long.parseLong(first.headers().firstValue("Retry-After").orElseThrow());
        assertThat(retryAfter).isBetween(1L, 2L);

        // Another vault has its own bucket.
        assertThat(coffer.call("GET", coffer.vaultUrl("quiet-vault") + PATH, token, null).status()).isEqualTo(200);

        // Waiting as told is enough.
        Thread.sleep(retryAfter * 1000);
        assertThat(coffer.call("GET", coffer.vaultUrl("busy-vault") + PATH, token, null).status()).isEqualTo(200);
        assertThat(Files.readString(dataDir.resolve("audit").resolve("audit.log"))).contains("\"Throttling\"");
    }

    @Test
    void theAzureSdkRetriesThrottledCallsToSuccess() throws Exception {
        AtomicInteger throttledResponses = new AtomicInteger();
        HttpPipelinePolicy counter = new HttpPipelinePolicy() {
            @Override
            public Mono<HttpResponse> process(HttpPipelineCallContext context, HttpPipelineNextPolicy next) {
                return next.process().doOnNext(r -> {
                    if (r.getStatusCode() == 429) {
                        throttledResponses.incrementAndGet();
                    }
                });
            }
        };
        SecretClient client = new SecretClientBuilder().vaultUrl(coffer.vaultUrl("sdk-vault"))
                .credential(coffer.adminCredential()).httpClient(coffer.azureHttpClient()).addPolicy(counter)
                .buildClient();
        ExecutorService pool = Executors.newFixedThreadPool(25);
        try {
            List<Future<String>> calls = new ArrayList<>();
            for (int i = 0; i < 25; i++) {
                calls.add(pool.submit(() -> client.getSecret("s").getValue()));
            }
            for (Future<String> f : calls) {
                assertThat(f.get()).isEqualTo("v");
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(throttledResponses.get()).isPositive();
    }

    @Test
    void unauthenticatedRequestsDoNotSpendTheBudget() throws Exception {
        for (int i = 0; i < 40; i++) {
            assertThat(coffer.call("GET", coffer.vaultUrl("anon-vault") + PATH, null, null).status()).isEqualTo(401);
        }
        assertThat(coffer.call("GET", coffer.vaultUrl("anon-vault") + PATH, token, null).status()).isEqualTo(200);
    }

    @Test
    void managementWritesAreThrottledInArmsShape() throws Exception {
        String vault = coffer.arm("/subscriptions/" + coffer.bootstrap().subscriptionId()
                + "/resourceGroups/rg-throttle/providers/Microsoft.KeyVault/vaults/quiet-vault?api-version=2023-07-01");
        RunningCoffer.Reply last = null;
        for (int i = 0; i < 40 && (last == null || last.status() != 429); i++) {
            last = coffer.call("PATCH", vault, mgmt, "{\"tags\":{\"n\":\"" + i + "\"}}");
        }
        assertThat(last.status()).isEqualTo(429);
        assertThat(last.errorCode()).isEqualTo("Throttled");
        assertThat(last.headers().firstValue("Retry-After")).isPresent();
        // Reads are not throttled.
        assertThat(coffer.call("GET", vault, mgmt, null).status()).isEqualTo(200);
    }
}
