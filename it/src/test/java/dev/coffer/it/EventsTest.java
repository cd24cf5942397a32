package dev.coffer.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.coffer.observability.ObservabilityConfig;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Event Grid-shaped CloudEvents to a webhook: the validation handshake, SecretNewVersionCreated,
 * SecretNearExpiry and SecretExpired from the scanner, VaultAccessPolicyChanged; a receiver that fails its first
 * attempts and a Coffer restart in between still get every event, each with a stable id.
 */
class EventsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dataDir;

    @Test
    void webhookGetsEveryEventAtLeastOnceAcrossFailuresAndARestart() throws Exception {
        AtomicBoolean accepting = new AtomicBoolean(false);
        AtomicInteger refused = new AtomicInteger();
        List<JsonNode> received = new CopyOnWriteArrayList<>();
        Map<String, String> contentTypes = new ConcurrentHashMap<>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", ex -> {
            if ("OPTIONS".equals(ex.getRequestMethod())) {
                ex.getResponseHeaders().add("WebHook-Allowed-Origin", ex.getRequestHeaders()
                        .getFirst("WebHook-Request-Origin"));
                ex.sendResponseHeaders(200, -1);
            } else if (!accepting.get()) {
                ex.getRequestBody().readAllBytes();
                refused.incrementAndGet();
                ex.sendResponseHeaders(503, -1);
            } else {
                JsonNode e = JSON.readTree(ex.getRequestBody().readAllBytes());
                received.add(e);
                contentTypes.put(e.get("id").asText(), ex.getRequestHeaders().getFirst("Content-Type"));
                ex.sendResponseHeaders(200, -1);
            }
            ex.close();
        });
        receiver.createContext("/nohandshake", ex -> {
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        receiver.start();
        String hook = "http://127.0.0.1:" + receiver.getAddress().getPort();
        ObservabilityConfig observe = new ObservabilityConfig(false, null, null, "127.0.0.1", -1, null,
                Duration.ofMillis(200), Duration.ofSeconds(1));
        String subPath;
        try {
            try (RunningCoffer coffer = RunningCoffer.start(dataDir, observe)) {
                Bootstrap b = coffer.bootstrap();
                String mgmt = coffer.adminManagementToken();
                coffer.createVault(mgmt, "rg", "eventvault", true, false);
                String vaultArm = "/subscriptions/" + b.subscriptionId() + "/resourceGroups/rg/providers"
                        + "/Microsoft.KeyVault/vaults/eventvault";
                subPath = vaultArm + "/providers/Microsoft.EventGrid/eventSubscriptions/";
                RunningCoffer.Reply bad = coffer.call("PUT", coffer.arm(subPath + "bad?api-version=2022-06-15"), mgmt,
                        body(hook + "/nohandshake"));
                assertThat(bad.status()).isEqualTo(400);
                assertThat(bad.text()).contains("handshake");
                RunningCoffer.Reply sub = coffer.call("PUT", coffer.arm(subPath + "hook?api-version=2022-06-15"), mgmt,
                        body(hook + "/hook?code=not-echoed"));
                assertThat(sub.status()).as(sub.text()).isEqualTo(201);
                assertThat(sub.json().at("/properties/provisioningState").asText()).isEqualTo("Succeeded");
                assertThat(sub.text()).doesNotContain("not-echoed");

                String token = coffer.token(b.clientId(), b.clientSecret(), "https://vault.azure.net/.default");
                String v = coffer.vaultUrl("eventvault");
                coffer.call("PUT", v + "/secrets/fresh?api-version=7.4", token, "{\"value\":\"x\"}");
                long soon = Instant.now().plus(Duration.ofDays(5)).getEpochSecond();
                long past = Instant.now().minus(Duration.ofDays(1)).getEpochSecond();
                coffer.call("PUT", v + "/secrets/soon?api-version=7.4", token, "{\"value\":\"x\",\"attributes\":"
                        + "{\"exp\":" + soon + "}}");
                coffer.call("PUT", v + "/secrets/gone?api-version=7.4", token, "{\"value\":\"x\",\"attributes\":"
                        + "{\"exp\":" + past + "}}");
                coffer.call("PUT", coffer.arm(vaultArm + "?api-version=2023-07-01"), mgmt, "{\"location\":\"local\","
                        + "\"properties\":{\"tenantId\":\"" + b.tenantId() + "\",\"sku\":{\"family\":\"A\",\"name\":"
                        + "\"standard\"},\"enableRbacAuthorization\":true,\"accessPolicies\":[{\"tenantId\":\""
                        + b.tenantId() + "\",\"objectId\":\"" + b.clientId() + "\",\"permissions\":{\"secrets\":"
                        + "[\"get\"]}}]}}");
                AuditSinksTest.await(() -> refused.get() >= 3, "the receiver refused the first attempts");
                AuditSinksTest.await(() -> outbox().size() >= 6, "all six events are in the durable outbox");
            }
            accepting.set(true);
            try (RunningCoffer again = RunningCoffer.start(dataDir, observe)) {
                AuditSinksTest.await(() -> received.stream().map(e -> e.get("type").asText()).toList().containsAll(List.of("Microsoft.KeyVault.SecretNewVersionCreated",
                        "Microsoft.KeyVault.SecretNearExpiry", "Microsoft.KeyVault.SecretExpired",
                        "Microsoft.KeyVault.VaultAccessPolicyChanged")) && outbox().isEmpty(),
                        "every event arrived after the restart");
                RunningCoffer.Reply list = again.call("GET", again.arm(subPath.substring(0, subPath.length() - 1)
                        + "?api-version=2022-06-15"), again.adminManagementToken(), null);
                assertThat(list.json().get("value")).hasSize(1);
            }
        } finally {
            receiver.stop(0);
        }
        JsonNode created = received.stream().filter(e -> e.get("type").asText().endsWith("SecretNewVersionCreated")
                && e.at("/data/ObjectName").asText().equals("fresh")).findFirst().orElseThrow();
        assertThat(created.get("specversion").asText()).isEqualTo("1.0");
        assertThat(created.get("source").asText()).endsWith("/providers/Microsoft.KeyVault/vaults/eventvault");
        assertThat(created.get("subject").asText()).isEqualTo("fresh");
        assertThat(created.at("/data/Version").asText()).hasSize(32);
        assertThat(created.at("/data/Id").asText()).contains("eventvault.").contains("/secrets/fresh/");
        assertThat(contentTypes.get(created.get("id").asText())).startsWith("application/cloudevents+json");
        JsonNode near = received.stream().filter(e -> e.get("type").asText().endsWith("SecretNearExpiry"))
                .findFirst().orElseThrow();
        assertThat(near.at("/data/ObjectName").asText()).isEqualTo("soon");
        assertThat(received.stream().filter(e -> e.get("type").asText().endsWith("SecretExpired")))
                .extracting(e -> e.at("/data/ObjectName").asText()).containsOnly("gone");
        assertThat(received.stream().map(e -> e.get("id").asText()).distinct().count())
                .as("at least once; duplicates share their id").isGreaterThanOrEqualTo(6);
    }


    private List<Path> outbox() {
        try (var files = Files.list(dataDir.resolve("events/outbox"))) {
            return files.filter(p -> p.toString().endsWith(".json")).toList();
        } catch (java.io.IOException e) {
            return List.of();
        }
    }

    private static String body(String url) {
        return "{\"properties\":{\"destination\":{\"endpointType\":\"WebHook\",\"properties\":{\"endpointUrl\":\""
                + url + "\"}},\"filter\":{\"includedEventTypes\":[\"Microsoft.KeyVault.SecretNewVersionCreated\","
                + "\"Microsoft.KeyVault.SecretNearExpiry\",\"Microsoft.KeyVault.SecretExpired\","
                + "\"Microsoft.KeyVault.VaultAccessPolicyChanged\"]}}}";
    }
}
