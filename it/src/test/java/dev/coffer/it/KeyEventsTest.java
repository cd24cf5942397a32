package dev.coffer.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.security.keyvault.keys.KeyClient;
import com.azure.security.keyvault.keys.KeyClientBuilder;
import com.azure.security.keyvault.keys.models.CreateEcKeyOptions;
import com.azure.security.keyvault.keys.models.CreateRsaKeyOptions;
import com.azure.security.keyvault.keys.models.KeyCurveName;
import com.azure.security.keyvault.keys.models.KeyRotationLifetimeAction;
import com.azure.security.keyvault.keys.models.KeyRotationPolicy;
import com.azure.security.keyvault.keys.models.KeyRotationPolicyAction;
import com.azure.security.keyvault.keys.models.KeyVaultKey;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.coffer.observability.ObservabilityConfig;
import dev.coffer.server.JobSettings;
import dev.coffer.server.ServerConfig;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Key events to a webhook subscribed to a vault, as the Azure SDK's KeyClient causes them:
 * KeyNewVersionCreated for a created and a rotated key (with the version the SDK got back), KeyNearExpiry from
 * a rotation policy's Notify action, KeyNearExpiry and KeyExpired from the expiry scanner; and VaultAccessPolicyChanged only for a vault change that alters the
 * access policies, not for one that changes only tags.
 */
class KeyEventsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dataDir;

    @Test
    void keyClientOperationsAndANotifyPolicyReachTheWebhook() throws Exception {
        List<JsonNode> received = new CopyOnWriteArrayList<>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", ex -> {
            if ("OPTIONS".equals(ex.getRequestMethod())) {
                ex.getResponseHeaders().add("WebHook-Allowed-Origin", ex.getRequestHeaders()
                        .getFirst("WebHook-Request-Origin"));
            } else {
                received.add(JSON.readTree(ex.getRequestBody().readAllBytes()));
            }
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        receiver.start();
        ObservabilityConfig observe = new ObservabilityConfig(false, null, null, "127.0.0.1", -1, null,
                Duration.ofMillis(200), Duration.ofSeconds(1));
        ServerConfig config = ServerConfig.defaults(dataDir).withPort(0)
                .withJobs(new JobSettings(Duration.ofMinutes(10), Duration.ofMillis(500)));
        try (RunningCoffer coffer = RunningCoffer.start(config, observe)) {
            Bootstrap b = coffer.bootstrap();
            String mgmt = coffer.adminManagementToken();
            coffer.createVault(mgmt, "rg", "keyevents", true, false);
            String vaultArm = "/subscriptions/" + b.subscriptionId() + "/resourceGroups/rg/providers"
                    + "/Microsoft.KeyVault/vaults/keyevents";
            RunningCoffer.Reply sub = coffer.call("PUT", coffer.arm(vaultArm
                            + "/providers/Microsoft.EventGrid/eventSubscriptions/all?api-version=2022-06-15"), mgmt,
                    "{\"properties\":{\"destination\":{\"endpointType\":\"WebHook\",\"properties\":{\"endpointUrl\":"
                            + "\"http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook\"}}}}");
            assertThat(sub.status()).as(sub.text()).isEqualTo(201);

            KeyClient keys = new KeyClientBuilder().vaultUrl(coffer.vaultUrl("keyevents"))
                    .credential(coffer.adminCredential()).httpClient(coffer.azureHttpClient()).buildClient();
            OffsetDateTime expires = OffsetDateTime.now().plusDays(90).withNano(0);
            KeyVaultKey made = keys.createRsaKey(new CreateRsaKeyOptions("made").setExpiresOn(expires));
            KeyVaultKey rotated = keys.rotateKey("made");
            keys.createEcKey(new CreateEcKeyOptions("notified").setCurveName(KeyCurveName.P_256));
            keys.updateKeyRotationPolicy("notified", new KeyRotationPolicy().setLifetimeActions(List.of(
                    new KeyRotationLifetimeAction(KeyRotationPolicyAction.NOTIFY).setTimeAfterCreate("PT1S"))));

            keys.createEcKey(new CreateEcKeyOptions("soon").setCurveName(KeyCurveName.P_256)
                    .setExpiresOn(OffsetDateTime.now().plusDays(5)));
            keys.createEcKey(new CreateEcKeyOptions("gone").setCurveName(KeyCurveName.P_256)
                    .setExpiresOn(OffsetDateTime.now().minusDays(1)));

            String vault = coffer.arm(vaultArm + "?api-version=2023-07-01");
            assertThat(coffer.call("PATCH", vault, mgmt, "{\"tags\":{\"team\":\"blue\"}}").status()).isEqualTo(200);
            assertThat(coffer.call("PATCH", vault, mgmt, "{\"properties\":{\"accessPolicies\":[{\"tenantId\":\""
                    + b.tenantId() + "\",\"objectId\":\"" + b.clientId() + "\",\"permissions\":{\"keys\":[\"get\"]}}]}}")
                    .status()).isEqualTo(200);

            AuditSinksTest.await(() -> named(received, "Microsoft.KeyVault.KeyNearExpiry").containsAll(
                            List.of("notified", "soon"))
                    && named(received, "Microsoft.KeyVault.KeyExpired").contains("gone")
                    && types(received).contains("Microsoft.KeyVault.VaultAccessPolicyChanged")
                    && types(received).stream().filter(t -> t.endsWith("KeyNewVersionCreated")).count() >= 3,
                    "key events and the access policy change arrived");

            List<JsonNode> created = received.stream()
                    .filter(e -> e.get("type").asText().equals("Microsoft.KeyVault.KeyNewVersionCreated")
                            && e.at("/data/ObjectName").asText().equals("made")).toList();
            assertThat(created).extracting(e -> e.at("/data/Version").asText())
                    .containsExactlyInAnyOrder(made.getProperties().getVersion(), rotated.getProperties().getVersion());
            JsonNode first = created.stream().filter(e -> e.at("/data/Version").asText()
                    .equals(made.getProperties().getVersion())).findFirst().orElseThrow();
            assertThat(first.get("specversion").asText()).isEqualTo("1.0");
            assertThat(first.get("subject").asText()).isEqualTo("made");
            assertThat(first.get("source").asText()).endsWith("/providers/Microsoft.KeyVault/vaults/keyevents");
            assertThat(first.at("/data/Id").asText()).isEqualTo(made.getId());
            assertThat(first.at("/data/VaultName").asText()).isEqualTo("keyevents");
            assertThat(first.at("/data/ObjectType").asText()).isEqualTo("Key");
            assertThat(first.at("/data/EXP").asLong()).isEqualTo(expires.toEpochSecond());
            assertThat(first.at("/data").has("NBF")).isTrue();

            assertThat(named(received, "Microsoft.KeyVault.KeyExpired")).as("from the expiry scanner")
                    .containsOnly("gone");
            JsonNode near = received.stream().filter(e -> e.get("type").asText().endsWith("KeyNearExpiry")
                    && e.at("/data/ObjectName").asText().equals("notified")).findFirst().orElseThrow();
            assertThat(near.at("/data/ObjectName").asText()).isEqualTo("notified");
            assertThat(near.at("/data/ObjectType").asText()).isEqualTo("Key");
            assertThat(near.at("/data/Version").asText()).isEqualTo(keys.getKey("notified").getProperties().getVersion());

            assertThat(received.stream().filter(e -> e.get("type").asText().endsWith("VaultAccessPolicyChanged")))
                    .as("only the PATCH that changed the access policies; not the tags-only one, not the create")
                    .hasSize(1);
        } finally {
            receiver.stop(0);
        }
    }

    private static List<String> named(List<JsonNode> events, String type) {
        return events.stream().filter(e -> e.get("type").asText().equals(type))
                .map(e -> e.at("/data/ObjectName").asText()).toList();
    }

    private static List<String> types(List<JsonNode> events) {
        return events.stream().map(e -> e.get("type").asText()).toList();
    }
}
