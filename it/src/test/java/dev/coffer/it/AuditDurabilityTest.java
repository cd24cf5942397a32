package dev.coffer.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coffer.auditlog.AuditReader;
import dev.coffer.auditlog.AuditSigner;
import dev.coffer.auditlog.AuditVerifier;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fail-closed and crash durability of the audit log: a full audit disk refuses requests with 503 and changes
 * nothing, and after recovery no acknowledged request lacks its event; a server killed with SIGKILL under load
 * restarts with an event for every acknowledged request and a chain that verifies.
 */
class AuditDurabilityTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dataDir;

    @Test
    void aFullAuditDiskFailsRequestsWith503ChangesNothingAndLosesNoAcknowledgedEvent() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "mounting a tiny filesystem needs root");
        Path auditDir = dataDir.resolve("audit");
        Files.createDirectories(auditDir);
        Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", auditDir.toString())
                .inheritIO().start();
        assumeTrue(mount.waitFor() == 0, "tmpfs mount not permitted here");
        Path filler = auditDir.resolve("filler");
        Map<String, Integer> acknowledged = new HashMap<>();
        try {
            try (RunningCoffer coffer = RunningCoffer.start(dataDir)) {
                coffer.createVault(coffer.adminManagementToken(), "rg", "fullvault", true, false);
                Bootstrap b = coffer.bootstrap();
                String token = coffer.token(b.clientId(), b.clientSecret(), "https://vault.azure.net/.default");
                String url = coffer.vaultUrl("fullvault") + "/secrets/s?api-version=7.4";
                remember(acknowledged, coffer.call("PUT", url, token, "{\"value\":\"before\"}"));

                Files.write(filler, new byte[(int) (Files.getFileStore(auditDir).getUsableSpace() - 100 * 1024)]);
                RunningCoffer.Reply set = coffer.call("PUT", url, token, "{\"value\":\"must-not-be-stored\"}");
                assertThat(set.status()).isEqualTo(503);
                assertThat(set.errorCode()).isEqualTo("ServiceUnavailable");
                assertThat(coffer.call("DELETE", url, token, null).status()).isEqualTo(503);
                assertThat(coffer.call("GET", url, token, null).status()).isEqualTo(503);

                Files.delete(filler);
                RunningCoffer.Reply after = coffer.call("GET", url, token, null);
                assertThat(after.status()).isEqualTo(200);
                assertThat(after.json().get("value").asText()).as("nothing was changed").isEqualTo("before");
                remember(acknowledged, after);
                remember(acknowledged, coffer.call("PUT", url, token, "{\"value\":\"after\"}"));
            }
            assertEveryAcknowledgedRequestHasItsEventAndTheChainVerifies(acknowledged);
            assertThat(Files.readString(auditDir.resolve("audit.log"))).doesNotContain("must-not-be-stored");
        } finally {
            new ProcessBuilder("umount", auditDir.toString()).inheritIO().start().waitFor();
        }
    }

    @Test
    void afterSigkillUnderLoadEveryAcknowledgedRequestHasItsEventAndTheChainVerifies() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process server = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classPath, "dev.coffer.Coffer", "server", "--data-dir", dataDir.toString(),
                "--port", String.valueOf(port), "--metrics-port", "0")
                .redirectErrorStream(true).redirectOutput(dataDir.resolveSibling(dataDir.getFileName() + ".out").toFile())
                .start();
        Map<String, Integer> acknowledged = new ConcurrentHashMap<>();
        try {
            HttpClient http = waitUntilServing(port, server);
            JsonNode boot = JSON.readTree(dataDir.resolve("bootstrap.json").toFile());
            String base = "https://localhost:" + port;
            String mgmt = token(http, base, boot, boot.get("managementAudience").asText() + ".default");
            String sub = boot.get("subscriptionId").asText();
            send(http, "PUT", base + "/subscriptions/" + sub + "/resourcegroups/rg?api-version=2021-04-01", mgmt,
                    "{\"location\":\"local\"}");
            HttpResponse<String> vault = send(http, "PUT", base + "/subscriptions/" + sub + "/resourceGroups/rg/providers"
                    + "/Microsoft.KeyVault/vaults/killvault?api-version=2023-07-01", mgmt, "{\"location\":\"local\","
                    + "\"properties\":{\"tenantId\":\"" + boot.get("tenantId").asText() + "\",\"sku\":{\"family\":\"A\","
                    + "\"name\":\"standard\"},\"enableRbacAuthorization\":true}}");
            assertThat(vault.statusCode()).isEqualTo(201);
            String token = token(http, base, boot, "https://vault.azure.net/.default");
            String vaultBase = "https://killvault." + boot.get("vaultDnsSuffix").asText() + ":" + port;

            AtomicBoolean stop = new AtomicBoolean();
            ExecutorService load = Executors.newVirtualThreadPerTaskExecutor();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                load.submit(() -> {
                    for (int i = 0; !stop.get() && i < 100_000; i++) {
                        try {
                            String url = vaultBase + "/secrets/k" + thread + "-" + (i % 20) + "?api-version=7.4";
                            HttpResponse<String> r = i % 2 == 0
                                    ? send(http, "PUT", url, token, "{\"value\":\"v" + i + "\"}")
                                    : send(http, "GET", url, token, null);
                            r.headers().firstValue("x-ms-request-id").ifPresent(id -> acknowledged.put(id, r.statusCode()));
                        } catch (Exception e) {
                            return; // the server is gone: this request was not acknowledged
                        }
                    }
                });
            }
            Thread.sleep(3_000);
            server.destroyForcibly();
            server.waitFor(30, TimeUnit.SECONDS);
            stop.set(true);
            load.shutdown();
            assertThat(load.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        } finally {
            server.destroyForcibly();
        }
        assertThat(acknowledged).hasSizeGreaterThan(20);
        try (RunningCoffer restarted = RunningCoffer.start(dataDir)) {
            assertThat(restarted.port()).isPositive();
        }
        assertEveryAcknowledgedRequestHasItsEventAndTheChainVerifies(acknowledged);
    }

    private static void remember(Map<String, Integer> acknowledged, RunningCoffer.Reply r) {
        acknowledged.put(r.headers().firstValue("x-ms-request-id").orElseThrow(), r.status());
    }

    private void assertEveryAcknowledgedRequestHasItsEventAndTheChainVerifies(Map<String, Integer> acknowledged)
            throws Exception {
        Map<String, JsonNode> events = new HashMap<>();
        AuditReader.scan(dataDir.resolve("audit"), 0, Long.MAX_VALUE,
                e -> events.put(e.json().path("correlationId").asText(), e.json()));
        for (Map.Entry<String, Integer> ack : acknowledged.entrySet()) {
            JsonNode e = events.get(ack.getKey());
            assertThat(e).as("the event of acknowledged request " + ack.getKey()).isNotNull();
            assertThat(e.at("/properties/httpStatusCode").asInt()).isEqualTo(ack.getValue());
        }
        AuditVerifier.Report report = AuditVerifier.verify(dataDir.resolve("audit"),
                AuditSigner.readPublicKey(dataDir.resolve(AuditSigner.PUBLIC_FILE)));
        assertThat(report.intact()).as(report.describe()).isTrue();
    }

    private HttpClient waitUntilServing(int port, Process server) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            assertThat(server.isAlive()).as("the server process runs").isTrue();
            Path ca = dataDir.resolve("tls").resolve("ca.pem");
            if (Files.exists(dataDir.resolve("bootstrap.json")) && Files.exists(ca)) {
                HttpClient http = client(ca);
                try {
                    if (send(http, "GET", "https://localhost:" + port + "/healthz/live", null, null).statusCode() == 200) {
                        return http;
                    }
                } catch (java.io.IOException notYet) {
                    // still starting
                }
            }
            Thread.sleep(250);
        }
        throw new AssertionError("the server did not start");
    }

    private static HttpClient client(Path caFile) throws Exception {
        X509Certificate ca;
        try (InputStream in = Files.newInputStream(caFile)) {
            ca = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", ca);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(ssl).connectTimeout(Duration.ofSeconds(5)).build();
    }

    private static String token(HttpClient http, String base, JsonNode boot, String scope) throws Exception {
        String form = "grant_type=client_credentials&client_id=" + RunningCoffer.enc(boot.get("clientId").asText())
                + "&client_secret=" + RunningCoffer.enc(boot.get("clientSecret").asText()) + "&scope="
                + RunningCoffer.enc(scope);
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/" + boot.get("tenantId").asText()
                        + "/oauth2/v2.0/token")).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(r.body()).get("access_token").asText();
    }

    static HttpResponse<String> send(HttpClient http, String method, String url, String token, String body)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

}
