package dev.coffer.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coffer.server.ServerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A vault's network rules against real source addresses: the server listens on {@code ::} (dual stack) and
 * clients bind 127.0.0.2, 127.0.0.9 and ::1 before connecting. Rules are checked before authentication on
 * the data plane, refusals are audited, and the management plane is not affected.
 */
class FirewallEndToEndTest {

    @TempDir
    static Path dataDir;

    static RunningCoffer coffer;
    static SourceBoundClient client;
    static String vaultToken;
    static String mgmtToken;
    static String vaultHost;
    static final String VAULT = "fw-vault";
    static final String SECRET_PATH = "/secrets/greeting?api-version=7.4";

    @BeforeAll
    static void start() throws Exception {
        coffer = RunningCoffer.start(ServerConfig.defaults(dataDir).withPort(0).withBindAddress(SourceBoundClient.anyAddress()));
        client = new SourceBoundClient(coffer.sslContext());
        mgmtToken = coffer.adminManagementToken();
        coffer.createVault(mgmtToken, "rg-fw", VAULT, true, false);
        Bootstrap b = coffer.bootstrap();
        vaultToken = coffer.token(b.clientId(), b.clientSecret(), "https://vault.localhost:" + coffer.port() + "/.default");
        vaultHost = VAULT + "." + b.vaultDnsSuffix();
        assertThat(coffer.call("PUT", coffer.vaultUrl(VAULT) + SECRET_PATH, vaultToken, "{\"value\":\"hello\"}")
                .status()).isEqualTo(200);
    }

    @AfterAll
    static void stop() throws Exception {
        coffer.close();
    }

    @BeforeEach
    void openVault() throws Exception {
        setRules(null, "Enabled");
    }

    static void setRules(String networkAcls, String publicNetworkAccess) throws Exception {
        String body = "{\"properties\":{\"publicNetworkAccess\":\"" + publicNetworkAccess + "\""
                + (networkAcls == null ? ",\"networkAcls\":{\"defaultAction\":\"Allow\",\"ipRules\":[]}" : ",\"networkAcls\":" + networkAcls)
                + "}}";
        RunningCoffer.Reply r = coffer.call("PATCH", vaultArm(), mgmtToken, body);
        assertThat(r.status()).as(r.text()).isEqualTo(200);
    }

    static String vaultArm() {
        return coffer.arm("/subscriptions/" + coffer.bootstrap().subscriptionId()
                + "/resourceGroups/rg-fw/providers/Microsoft.KeyVault/vaults/" + VAULT + "?api-version=2023-07-01");
    }

    static String denyExcept(String... rules) {
        StringBuilder sb = new StringBuilder("{\"defaultAction\":\"Deny\",\"bypass\":\"None\",\"ipRules\":[");
        for (int i = 0; i < rules.length; i++) {
            sb.append(i == 0 ? "" : ",").append("{\"value\":\"").append(rules[i]).append("\"}");
        }
        return sb.append("]}").toString();
    }

    static SourceBoundClient.Reply getFrom(String local, String token) throws Exception {
        String server = local.contains(":") ? "::1" : "127.0.0.1";
        return client.call(local, server, coffer.port(), vaultHost, "GET", SECRET_PATH, token, null);
    }

    @Test
    void denyByDefaultAdmitsOnlyListedAddressesBeforeAuthentication() throws Exception {
        setRules(denyExcept("127.0.0.2/32"), "Enabled");

        SourceBoundClient.Reply allowed = getFrom("127.0.0.2", vaultToken);
        assertThat(allowed.status()).as(allowed.body()).isEqualTo(200);
        assertThat(allowed.json().get("value").asText()).isEqualTo("hello");

        SourceBoundClient.Reply denied = getFrom("127.0.0.9", vaultToken);
        assertThat(denied.status()).isEqualTo(403);
        assertThat(denied.errorCode()).isEqualTo("Forbidden");
        assertThat(denied.innerCode()).isEqualTo("ForbiddenByFirewall");
        assertThat(denied.message()).contains("Client address: 127.0.0.9")
                .contains("Caller: appid=" + coffer.bootstrap().clientId())
                .contains("Vault: " + VAULT + ";location=local");

        // No token: still the firewall's 403, not the 401 challenge, and the caller is unknown.
        SourceBoundClient.Reply anonymous = getFrom("127.0.0.9", null);
        assertThat(anonymous.status()).isEqualTo(403);
        assertThat(anonymous.innerCode()).isEqualTo("ForbiddenByFirewall");
        assertThat(anonymous.header("WWW-Authenticate")).isNull();
        assertThat(anonymous.message()).contains("Caller: unknown");
        // An allowed address without a token gets the usual challenge.
        assertThat(getFrom("127.0.0.2", null).status()).isEqualTo(401);

        if (SourceBoundClient.ipv6Loopback()) {
            SourceBoundClient.Reply v6 = getFrom("::1", vaultToken);
            assertThat(v6.status()).isEqualTo(403);
            assertThat(v6.message()).contains("Client address: ::1");
        }
    }

    @Test
    void ipv6AndMappedRulesAndEdgeLengths() throws Exception {
        boolean v6 = SourceBoundClient.ipv6Loopback();
        setRules(denyExcept("::1/128"), "Enabled");
        if (v6) {
            assertThat(getFrom("::1", vaultToken).status()).isEqualTo(200);
        }
        assertThat(getFrom("127.0.0.2", vaultToken).status()).isEqualTo(403);

        // An IPv4-mapped IPv6 rule is its IPv4 rule; it is stored in IPv4 form.
        setRules(denyExcept("::ffff:127.0.0.9/128"), "Enabled");
        assertThat(getFrom("127.0.0.9", vaultToken).status()).isEqualTo(200);
        assertThat(getFrom("127.0.0.2", vaultToken).status()).isEqualTo(403);
        JsonNode stored = coffer.call("GET", vaultArm(), mgmtToken, null).json().at("/properties/networkAcls/ipRules");
        assertThat(stored.get(0).get("value").asText()).isEqualTo("127.0.0.9");

        setRules(denyExcept("0.0.0.0/0"), "Enabled");
        assertThat(getFrom("127.0.0.9", vaultToken).status()).isEqualTo(200);
        if (v6) {
            assertThat(getFrom("::1", vaultToken).status()).isEqualTo(403);
        }

        setRules(denyExcept("::/0"), "Enabled");
        if (v6) {
            assertThat(getFrom("::1", vaultToken).status()).isEqualTo(200);
        }
        assertThat(getFrom("127.0.0.2", vaultToken).status()).isEqualTo(200);

        setRules(denyExcept("127.0.0.0/30"), "Enabled");
        assertThat(getFrom("127.0.0.2", vaultToken).status()).isEqualTo(200);
        assertThat(getFrom("127.0.0.9", vaultToken).status()).isEqualTo(403);
    }

    @Test
    void invalidRulesAreRefusedAndChangeNothing() throws Exception {
        setRules(denyExcept("127.0.0.2"), "Enabled");
        for (String bad : new String[] {"1.2.3.4/33", "127.000.000.002", "example.com", "fe80::1%eth0", "::/129"}) {
            RunningCoffer.Reply r = coffer.call("PATCH", vaultArm(), mgmtToken,
                    "{\"properties\":{\"networkAcls\":" + denyExcept(bad) + "}}");
            assertThat(r.status()).as(bad).isEqualTo(400);
        }
        assertThat(getFrom("127.0.0.2", vaultToken).status()).isEqualTo(200);
        assertThat(getFrom("127.0.0.9", vaultToken).status()).isEqualTo(403);
    }

    @Test
    void ruleChangesApplyToTheNextRequestOnAnOpenConnection() throws Exception {
        setRules(denyExcept("127.0.0.2"), "Enabled");
        try (SourceBoundClient.Connection c = client.connect("127.0.0.2", "127.0.0.1", coffer.port(), vaultHost)) {
            assertThat(c.send("GET", SECRET_PATH, vaultToken, null).status()).isEqualTo(200);
            setRules(denyExcept("127.0.0.3"), "Enabled");
            SourceBoundClient.Reply next = c.send("GET", SECRET_PATH, vaultToken, null);
            assertThat(next.status()).isEqualTo(403);
            assertThat(next.innerCode()).isEqualTo("ForbiddenByFirewall");
        }
    }

    @Test
    void publicNetworkAccessDisabledRefusesPublicListeners() throws Exception {
        setRules(null, "Disabled");
        SourceBoundClient.Reply r = getFrom("127.0.0.2", vaultToken);
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.innerCode()).isEqualTo("ForbiddenByConnection");
        assertThat(r.message()).contains("Client address: 127.0.0.2").contains(VAULT);
    }

    @Test
    void managementPlaneIsNotAffected() throws Exception {
        setRules(denyExcept("192.0.2.1"), "Disabled");
        SourceBoundClient.Reply r = client.call("127.0.0.9", "127.0.0.1", coffer.port(), "localhost", "GET",
                vaultArm().substring(coffer.serviceBase().length()), mgmtToken, null);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().at("/properties/publicNetworkAccess").asText()).isEqualTo("Disabled");
        // Nor is the token service.
        assertThat(coffer.token(coffer.bootstrap().clientId(), coffer.bootstrap().clientSecret(),
                "https://vault.azure.net/.default")).isNotBlank();
    }

    @Test
    void refusalsAreAuditedWithTheClientAddressAndCaller() throws Exception {
        setRules(denyExcept("127.0.0.2"), "Enabled");
        assertThat(getFrom("127.0.0.9", vaultToken).status()).isEqualTo(403);
        assertThat(getFrom("127.0.0.2", vaultToken).status()).isEqualTo(200);
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> events = Files.readAllLines(dataDir.resolve("audit").resolve("audit.log")).stream()
                .map(line -> {
                    try {
                        return json.readTree(line);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }).toList();
        JsonNode denial = events.stream().filter(e -> e.path("operationName").asText().equals("NetworkAccessCheck"))
                .filter(e -> e.path("callerIpAddress").asText().equals("127.0.0.9")).reduce((a, b) -> b).orElseThrow();
        assertThat(denial.path("resultType").asText()).isEqualTo("Denied");
        assertThat(denial.at("/properties/httpStatusCode").asInt()).isEqualTo(403);
        assertThat(denial.at("/identity/claim/appid").asText()).isEqualTo(coffer.bootstrap().clientId());
        assertThat(denial.at("/properties/networkRuleDecision").asText()).isEqualTo("DENIED_BY_RULES");
        assertThat(denial.path("resultDescription").asText()).contains("Client address: 127.0.0.9")
                .doesNotContain("Bearer");
        assertThat(events.stream().anyMatch(e -> e.path("operationName").asText().equals("SecretGet")
                && e.path("callerIpAddress").asText().equals("127.0.0.2"))).isTrue();
    }

    @Test
    void admittedRequestsAreAuditedWithTheRuleThatAdmittedThem() throws Exception {
        setRules(denyExcept("127.0.0.0/29"), "Enabled");
        SourceBoundClient.Reply byRule = getFrom("127.0.0.2", vaultToken);
        assertThat(byRule.status()).as(byRule.body()).isEqualTo(200);
        JsonNode get = AuditTrail.eventsOf(dataDir, byRule.header("x-ms-request-id")).stream()
                .filter(e -> e.path("operationName").asText().equals("SecretGet")).reduce((a, b) -> b).orElseThrow();
        assertThat(get.path("callerIpAddress").asText()).isEqualTo("127.0.0.2");
        assertThat(get.at("/properties/networkRuleDecision").asText()).isEqualTo("ALLOWED_BY_RULE 127.0.0.0/29");

        setRules(null, "Enabled");
        SourceBoundClient.Reply byDefault = getFrom("127.0.0.9", vaultToken);
        assertThat(byDefault.status()).isEqualTo(200);
        assertThat(AuditTrail.eventsOf(dataDir, byDefault.header("x-ms-request-id")).stream()
                .filter(e -> e.path("operationName").asText().equals("SecretGet"))
                .map(e -> e.at("/properties/networkRuleDecision").asText()).toList())
                .isNotEmpty().containsOnly("ALLOWED_BY_DEFAULT");
    }
}
