package dev.coffer.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.network.ThrottleLimits;
import dev.coffer.server.NetworkSettings;
import dev.coffer.server.ServerConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The subscription-wide bucket (Azure: five times the vault limit) with a small explicit limit, set as an
 * operator would ({@code --throttle vault=10/10m,subscription-vault=15/10m}): two vaults of one subscription,
 * each under its own limit, together exceed the subscription's and get Azure's {@code 429 Throttled}.
 */
class ThrottlingSubscriptionTest {

    @TempDir
    static Path dataDir;

    static RunningCoffer coffer;
    static String token;
    static final String PATH = "/secrets/s?api-version=7.4";

    @BeforeAll
    static void start() throws Exception {
        // Secret creation counts in its own class, so setting up does not spend the GET budget.
        ThrottleLimits limits = ThrottleLimits.parse(List.of("vault=10/10m", "subscription-vault=15/10m"));
        coffer = RunningCoffer.start(ServerConfig.defaults(dataDir).withPort(0)
                .withNetwork(NetworkSettings.defaults().withThrottling(limits)));
        String mgmt = coffer.adminManagementToken();
        token = coffer.token(coffer.bootstrap().clientId(), coffer.bootstrap().clientSecret(),
                "https://vault.azure.net/.default");
        for (String v : List.of("left-vault", "right-vault")) {
            coffer.createVault(mgmt, "rg-sub-throttle", v, true, false);
            assertThat(coffer.call("PUT", coffer.vaultUrl(v) + PATH, token, "{\"value\":\"v\"}").status()).isEqualTo(200);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        coffer.close();
    }

    @Test
    void twoVaultsUnderTheirOwnLimitTogetherHitTheSubscriptionLimit() throws Exception {
        List<RunningCoffer.Reply> left = new ArrayList<>();
        List<RunningCoffer.Reply> right = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            left.add(coffer.call("GET", coffer.vaultUrl("left-vault") + PATH, token, null));
            right.add(coffer.call("GET", coffer.vaultUrl("right-vault") + PATH, token, null));
        }
        // 18 requests, 9 per vault (under 10 each), 15 for the subscription: three are refused (long windows, so
        // hardly anything refills while the test runs).
        long refused = left.stream().filter(r -> r.status() == 429).count()
                + right.stream().filter(r -> r.status() == 429).count();
        assertThat(refused).isBetween(2L, 3L);
        RunningCoffer.Reply throttled = right.stream().filter(r -> r.status() == 429).findFirst().orElseThrow();
        assertThat(throttled.errorCode()).isEqualTo("Throttled");
        assertThat(throttled.json().at("/error/message").asText())
                .contains("subscription '" + coffer.bootstrap().subscriptionId() + "'").contains("15");
        assertThat(Long.parseLong(throttled.headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 40L);
    }
}
