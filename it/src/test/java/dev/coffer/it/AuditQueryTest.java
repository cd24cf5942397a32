package dev.coffer.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.coffer.directory.IssuedClientSecret;
import dev.coffer.store.PrincipalRow;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reading a vault's audit events on the management plane, filtered by time, operation, caller and result,
 * authorized by its own control-plane action: Key Vault Administrator (which reads every secret) and Reader do
 * not get it; Owner does.
 */
class AuditQueryTest {

    private static final String KEY_VAULT_ADMINISTRATOR = "00482a5a-887f-4fb3-b363-3b7fe8e74483";
    private static final String READER = "acdd72a7-3385-48ef-bd42-f606fba81ae7";

    @TempDir
    java.nio.file.Path dataDir;

    @Test
    void auditEventsAreQueryableByTheirOwnActionOnly() throws Exception {
        try (RunningCoffer coffer = RunningCoffer.start(dataDir)) {
            Bootstrap b = coffer.bootstrap();
            String mgmt = coffer.adminManagementToken();
            coffer.createVault(mgmt, "rg", "queryvault", true, false);
            coffer.createVault(mgmt, "rg", "othervault", true, false);
            String token = coffer.token(b.clientId(), b.clientSecret(), "https://vault.azure.net/.default");
            String v = coffer.vaultUrl("queryvault");
            for (int i = 0; i < 3; i++) {
                coffer.call("PUT", v + "/secrets/s" + i + "?api-version=7.4", token, "{\"value\":\"x\"}");
            }
            coffer.call("GET", v + "/secrets/s0?api-version=7.4", token, null);
            coffer.call("GET", coffer.vaultUrl("othervault") + "/secrets/o?api-version=7.4", token, null);
            String vaultArm = "/subscriptions/" + b.subscriptionId() + "/resourceGroups/rg/providers/Microsoft.KeyVault"
                    + "/vaults/queryvault";

            PrincipalRow kvAdmin = principal(coffer, "kv-admin");
            assign(coffer, mgmt, vaultArm, KEY_VAULT_ADMINISTRATOR, kvAdmin.objectId());
            PrincipalRow reader = principal(coffer, "reader");
            assign(coffer, mgmt, vaultArm, READER, reader.objectId());
            String kvAdminVault = coffer.token(kvAdmin.appId(), secrets.get(0), "https://vault.azure.net/.default");
            assertThat(coffer.call("GET", v + "/secrets/s1?api-version=7.4", kvAdminVault, null).status())
                    .as("Key Vault Administrator reads secrets").isEqualTo(200);
            coffer.call("PUT", v + "/secrets/denied?api-version=7.4", coffer.token(reader.appId(), secrets.get(1),
                    "https://vault.azure.net/.default"), "{\"value\":\"x\"}");

            String q = coffer.arm(vaultArm + "/auditEvents?api-version=2023-07-01");
            RunningCoffer.Reply all = coffer.call("GET", q, mgmt, null);
            assertThat(all.status()).as(all.text()).isEqualTo(200);
            List<String> operations = names(all.json());
            assertThat(operations).contains("VaultPut", "SecretSet", "SecretGet").doesNotContainSequence("othervault");
            assertThat(all.text()).doesNotContain("/vaults/othervault/");

            RunningCoffer.Reply sets = coffer.call("GET", q + "&operationName=SecretSet&resultType=Success", mgmt, null);
            assertThat(names(sets.json())).hasSize(3).containsOnly("SecretSet");
            RunningCoffer.Reply denied = coffer.call("GET", q + "&resultType=Denied", mgmt, null);
            assertThat(denied.json().get("value")).hasSize(1);
            assertThat(denied.json().get("value").get(0).at("/identity/claim/appid").asText()).isEqualTo(reader.appId());
            RunningCoffer.Reply byCaller = coffer.call("GET", q + "&caller=" + kvAdmin.appId(), mgmt, null);
            assertThat(names(byCaller.json())).containsExactly("SecretGet");
            RunningCoffer.Reply future = coffer.call("GET", q + "&from=2999-01-01T00:00:00Z", mgmt, null);
            assertThat(future.json().get("value")).isEmpty();

            RunningCoffer.Reply page = coffer.call("GET", q + "&$top=2", mgmt, null);
            assertThat(page.json().get("value")).hasSize(2);
            String next = page.json().get("nextLink").asText();
            RunningCoffer.Reply page2 = coffer.call("GET", next, mgmt, null);
            assertThat(page2.json().get("value").get(0).at("/properties/sequenceNumber").asLong())
                    .isGreaterThan(page.json().get("value").get(1).at("/properties/sequenceNumber").asLong());

            String kvAdminMgmt = coffer.token(kvAdmin.appId(), secrets.get(0), b.managementAudience() + ".default");
            RunningCoffer.Reply refused = coffer.call("GET", q, kvAdminMgmt, null);
            assertThat(refused.status()).as("Key Vault Administrator is no audit reader").isEqualTo(403);
            assertThat(refused.errorCode()).isEqualTo("AuthorizationFailed");
            assertThat(refused.text()).contains("Microsoft.KeyVault/vaults/auditEvents/query/action");
            String readerMgmt = coffer.token(reader.appId(), secrets.get(1), b.managementAudience() + ".default");
            assertThat(coffer.call("GET", q, readerMgmt, null).status()).as("nor is Reader").isEqualTo(403);
            assertThat(coffer.call("GET", coffer.arm("/subscriptions/" + b.subscriptionId() + "/resourceGroups/rg"
                    + "/providers/Microsoft.KeyVault/vaults/novault/auditEvents?api-version=2023-07-01"), mgmt, null)
                    .status()).isEqualTo(404);

            RunningCoffer.Reply audited = coffer.call("GET", q + "&operationName=VaultAuditEventsQuery", mgmt, null);
            assertThat(audited.json().get("value").size()).as("reading the audit log is itself audited")
                    .isGreaterThanOrEqualTo(5);
        }
    }

    private final List<String> secrets = new ArrayList<>();

    private PrincipalRow principal(RunningCoffer coffer, String name) {
        PrincipalRow p = coffer.server().directory().createServicePrincipal(coffer.bootstrap().tenantId(), name);
        IssuedClientSecret s = coffer.server().directory().addPassword(p.objectId());
        secrets.add(s.secretText().revealUtf8());
        return p;
    }

    private static void assign(RunningCoffer coffer, String mgmt, String scope, String role, String principalId)
            throws Exception {
        RunningCoffer.Reply r = coffer.call("PUT", coffer.arm(scope + "/providers/Microsoft.Authorization/roleAssignments/"
                + UUID.randomUUID() + "?api-version=2022-04-01"), mgmt, "{\"properties\":{\"roleDefinitionId\":"
                + "\"/providers/Microsoft.Authorization/roleDefinitions/" + role + "\",\"principalId\":\""
                + principalId + "\"}}");
        assertThat(r.status()).as(r.text()).isBetween(200, 201);
    }

    private static List<String> names(JsonNode page) {
        List<String> names = new ArrayList<>();
        page.get("value").forEach(e -> names.add(e.get("operationName").asText()));
        return names;
    }
}
