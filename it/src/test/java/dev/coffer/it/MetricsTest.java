package dev.coffer.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.observability.ObservabilityConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Prometheus endpoint and health checks on the private listener, guarded by a bearer token. */
class MetricsTest {

    @TempDir
    Path dataDir;

    @Test
    void metricsAndHealthAreServedToTokenHoldersOnThePrivateListener() throws Exception {
        Path tokenFile = dataDir.resolveSibling(dataDir.getFileName() + "-metrics-token");
        Files.writeString(tokenFile, "scrape-me-" + System.nanoTime());
        String metricsToken = Files.readString(tokenFile);
        try (RunningCoffer coffer = RunningCoffer.start(dataDir, new ObservabilityConfig(false, null, null,
                "127.0.0.1", 0, tokenFile))) {
            coffer.createVault(coffer.adminManagementToken(), "rg", "metricvault", true, false);
            Bootstrap b = coffer.bootstrap();
            String token = coffer.token(b.clientId(), b.clientSecret(), "https://vault.azure.net/.default");
            String url = coffer.vaultUrl("metricvault") + "/secrets/s?api-version=7.4";
            coffer.call("PUT", url, token, "{\"value\":\"x\"}");
            coffer.call("GET", url, token, null);
            coffer.call("GET", coffer.vaultUrl("metricvault") + "/secrets/none?api-version=7.4", token, null);
            coffer.call("GET", url, null, null);
            try {
                coffer.token(b.clientId(), "wrong", "https://vault.azure.net/.default");
            } catch (IllegalStateException expected) {
                // a failed sign-in
            }

            String base = "http://127.0.0.1:" + coffer.server().observability().metricsPort();
            HttpClient http = HttpClient.newHttpClient();
            assertThat(get(http, base + "/metrics", null).statusCode()).isEqualTo(401);
            HttpResponse<String> metrics = get(http, base + "/metrics", metricsToken);
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
            String text = metrics.body();
            assertThat(text).contains("ServiceApiHit_total{operation=\"SecretGet\",vault=\"metricvault\"} 2.0");
            assertThat(text).contains("ServiceApiResult_total{operation=\"SecretGet\",resultType=\"Failure\","
                    + "statusCode=\"404\",vault=\"metricvault\"} 1.0");
            assertThat(text).contains("ServiceApiLatency_seconds_bucket{operation=\"SecretSet\",vault=\"metricvault\"");
            assertThat(text).contains("coffer_signins_total{result=\"Failure\"} 1.0");
            assertThat(text).contains("Availability ").contains("coffer_store_up 1.0").contains("coffer_audit_available 1.0")
                    .contains("coffer_audit_durable_sequence");
            assertThat(text).doesNotContain(metricsToken).doesNotContain(b.clientSecret());

            assertThat(get(http, base + "/healthz/live", metricsToken).statusCode()).isEqualTo(200);
            assertThat(get(http, base + "/healthz/ready", metricsToken).statusCode()).isEqualTo(200);
            assertThat(get(http, base + "/healthz/ready", "wrong").statusCode()).isEqualTo(401);
        } finally {
            Files.deleteIfExists(tokenFile);
        }
    }

    private static HttpResponse<String> get(HttpClient http, String url, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
