package dev.coffer.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.coffer.directory.IssuedClientSecret;
import dev.coffer.server.NetworkSettings;
import dev.coffer.server.ServerConfig;
import dev.coffer.store.PrincipalRow;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Virtual networks as management-plane resources and the vault rules that name their subnets (a loopback
 * subnet 127.0.0.0/29 holds the test client 127.0.0.2), private listeners with {@code publicNetworkAccess:
 * Disabled}, and trusted services passing the firewall with {@code bypass: AzureServices} only.
 */
class NetworkVirtualNetworkTest {

    @TempDir
    static Path dataDir;

    static RunningCoffer coffer;
    static SourceBoundClient client;
    static String mgmt;
    static String token;
    static String sub;
    static int privatePort;
    static final String VAULT = "vnet-vault";
    static final String PATH = "/secrets/s?api-version=7.4";
    static final String NET_API = "?api-version=2023-09-01";
    static final String SECRETS_USER = "4633458b-17de-408a-b874-0445c86b69e6";

    @BeforeAll
    static void start() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            privatePort = s.getLocalPort();
        }
        NetworkSettings network = NetworkSettings.defaults()
                .withListeners(List.of(new NetworkSettings.Listener("127.0.0.3", privatePort, true, false)));
        coffer = RunningCoffer.start(ServerConfig.defaults(dataDir).withPort(0).withBindAddress(SourceBoundClient.anyAddress())
                .withNetwork(network));
        client = new SourceBoundClient(coffer.sslContext());
        mgmt = coffer.adminManagementToken();
        sub = coffer.bootstrap().subscriptionId();
        coffer.createVault(mgmt, "rg-net", VAULT, true, false);
        token = coffer.token(coffer.bootstrap().clientId(), coffer.bootstrap().clientSecret(),
                "https://vault.azure.net/.default");
        assertThat(coffer.call("PUT", coffer.vaultUrl(VAULT) + PATH, token, "{\"value\":\"v\"}").status()).isEqualTo(200);
        RunningCoffer.Reply net = coffer.call("PUT", network("corp"), mgmt, """
                {"location":"local","properties":{"addressSpace":{"addressPrefixes":["127.0.0.0/24","fd00:1::/64"]},
                 "subnets":[
                  {"name":"apps","properties":{"addressPrefix":"127.0.0.0/29",
                   "serviceEndpoints":[{"service":"Microsoft.KeyVault","locations":["*"]}]}},
                  {"name":"other","properties":{"addressPrefixes":["127.0.0.8/29","fd00:1::/80"]}}]}}""");
        assertThat(net.status()).as(net.text()).isEqualTo(201);
    }

    @AfterAll
    static void stop() throws Exception {
        coffer.close();
    }

    static String network(String name) {
        return coffer.arm("/subscriptions/" + sub + "/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/"
                + name + NET_API);
    }

    static String subnetUrl(String net, String subnet) {
        return coffer.arm("/subscriptions/" + sub + "/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/"
                + net + "/subnets/" + subnet + NET_API);
    }

    static String subnetId(String net, String subnet) {
        return "/subscriptions/" + sub + "/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/" + net
                + "/subnets/" + subnet;
    }

    static RunningCoffer.Reply patchVault(String properties) throws Exception {
        return coffer.call("PATCH", coffer.arm("/subscriptions/" + sub + "/resourceGroups/rg-net/providers/"
                + "Microsoft.KeyVault/vaults/" + VAULT + "?api-version=2023-07-01"), mgmt,
                "{\"properties\":" + properties + "}");
    }

    static String subnetRules(String bypass, String... rules) {
        return "{\"publicNetworkAccess\":\"Enabled\",\"networkAcls\":{\"defaultAction\":\"Deny\",\"bypass\":\"" + bypass
                + "\",\"ipRules\":[],\"virtualNetworkRules\":[" + String.join(",", rules) + "]}}";
    }

    static String rule(String subnet, boolean ignoreMissingEndpoint) {
        return "{\"id\":\"" + subnetId("corp", subnet) + "\",\"ignoreMissingVnetServiceEndpoint\":"
                + ignoreMissingEndpoint + "}";
    }

    static int statusFrom(String local) throws Exception {
        return client.call(local, "127.0.0.1", coffer.port(), VAULT + ".vault.localhost", "GET", PATH, token, null)
                .status();
    }

    @Test
    void virtualNetworksHaveArmsShape() throws Exception {
        JsonNode n = coffer.call("GET", network("corp"), mgmt, null).json();
        assertThat(n.get("type").asText()).isEqualTo("Microsoft.Network/virtualNetworks");
        assertThat(n.get("id").asText()).endsWith("/providers/Microsoft.Network/virtualNetworks/corp");
        assertThat(n.at("/properties/addressSpace/addressPrefixes/0").asText()).isEqualTo("127.0.0.0/24");
        JsonNode apps = n.at("/properties/subnets/0");
        assertThat(apps.get("id").asText()).isEqualTo(subnetId("corp", "apps"));
        assertThat(apps.at("/properties/addressPrefix").asText()).isEqualTo("127.0.0.0/29");
        assertThat(apps.at("/properties/serviceEndpoints/0/service").asText()).isEqualTo("Microsoft.KeyVault");
        assertThat(n.at("/properties/subnets/1/properties/addressPrefixes").size()).isEqualTo(2);

        assertThat(coffer.call("GET", coffer.arm("/subscriptions/" + sub + "/resourceGroups/rg-net/providers/"
                + "Microsoft.Network/virtualNetworks" + NET_API), mgmt, null).json().get("value").size()).isEqualTo(1);
        assertThat(coffer.call("GET", subnetUrl("corp", "apps"), mgmt, null).json().get("name").asText())
                .isEqualTo("apps");
        assertThat(coffer.call("GET", network("corp").replace(NET_API, "?api-version=1999-01-01"), mgmt, null)
                .status()).isEqualTo(400);
    }

    @Test
    void invalidNetworksAreRefused() throws Exception {
        String outside = "{\"location\":\"local\",\"properties\":{\"addressSpace\":{\"addressPrefixes\":[\"10.0.0.0/16\"]},"
                + "\"subnets\":[{\"name\":\"a\",\"properties\":{\"addressPrefix\":\"10.1.0.0/24\"}}]}}";
        assertThat(coffer.call("PUT", network("bad"), mgmt, outside).status()).isEqualTo(400);
        String overlap = "{\"location\":\"local\",\"properties\":{\"addressSpace\":{\"addressPrefixes\":[\"10.0.0.0/16\"]},"
                + "\"subnets\":[{\"name\":\"a\",\"properties\":{\"addressPrefix\":\"10.0.0.0/24\"}},"
                + "{\"name\":\"b\",\"properties\":{\"addressPrefix\":\"10.0.0.128/25\"}}]}}";
        assertThat(coffer.call("PUT", network("bad"), mgmt, overlap).status()).isEqualTo(400);
        String badPrefix = "{\"location\":\"local\",\"properties\":{\"addressSpace\":{\"addressPrefixes\":[\"10.0.0.0/33\"]}}}";
        assertThat(coffer.call("PUT", network("bad"), mgmt, badPrefix).status()).isEqualTo(400);
        assertThat(coffer.call("GET", network("bad"), mgmt, null).status()).isEqualTo(404);
    }

    @Test
    void aSubnetRuleAdmitsItsAddressesWhileTheSubnetHasTheKeyVaultEndpoint() throws Exception {
        RunningCoffer.Reply set = patchVault(subnetRules("None", rule("apps", false)));
        assertThat(set.status()).as(set.text()).isEqualTo(200);
        assertThat(statusFrom("127.0.0.2")).isEqualTo(200);
        assertThat(statusFrom("127.0.0.9")).isEqualTo(403);

        // A rule naming a subnet without the endpoint is refused, unless told to ignore that.
        RunningCoffer.Reply refused = patchVault(subnetRules("None", rule("apps", false), rule("other", false)));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.text()).contains("NetworkAclsValidationFailure", "Microsoft.KeyVault");
        RunningCoffer.Reply missing = patchVault(subnetRules("None", "{\"id\":\"" + subnetId("corp", "nope") + "\"}"));
        assertThat(missing.status()).isEqualTo(400);
        RunningCoffer.Reply ignoring = patchVault(subnetRules("None", rule("apps", false), rule("other", true)));
        assertThat(ignoring.status()).as(ignoring.text()).isEqualTo(200);
        assertThat(ignoring.json().at("/properties/networkAcls/virtualNetworkRules/1/ignoreMissingVnetServiceEndpoint")
                .asBoolean()).isTrue();
        assertThat(statusFrom("127.0.0.9")).isEqualTo(403);

        // Enabling the endpoint on "other" makes its rule admit 127.0.0.9 at once.
        RunningCoffer.Reply endpoint = coffer.call("PUT", subnetUrl("corp", "other"), mgmt,
                "{\"properties\":{\"addressPrefixes\":[\"127.0.0.8/29\",\"fd00:1::/80\"],"
                        + "\"serviceEndpoints\":[{\"service\":\"Microsoft.KeyVault\"}]}}");
        assertThat(endpoint.status()).as(endpoint.text()).isEqualTo(200);
        assertThat(statusFrom("127.0.0.9")).isEqualTo(200);

        // Taking the endpoint off "apps" stops its rule admitting anybody.
        assertThat(coffer.call("PUT", subnetUrl("corp", "apps"), mgmt,
                "{\"properties\":{\"addressPrefix\":\"127.0.0.0/29\",\"serviceEndpoints\":[]}}").status()).isEqualTo(200);
        assertThat(statusFrom("127.0.0.2")).isEqualTo(403);
        assertThat(coffer.call("PUT", subnetUrl("corp", "apps"), mgmt, "{\"properties\":{\"addressPrefix\":"
                + "\"127.0.0.0/29\",\"serviceEndpoints\":[{\"service\":\"Microsoft.KeyVault\"}]}}").status())
                .isEqualTo(200);
        assertThat(statusFrom("127.0.0.2")).isEqualTo(200);
    }

    @Test
    void deletingAResourceGroupDeletesItsNetworksAndTheirSubnetsThenAdmitNobody() throws Exception {
        String group = coffer.arm("/subscriptions/" + sub + "/resourcegroups/rg-edge?api-version=2021-04-01");
        assertThat(coffer.call("PUT", group, mgmt, "{\"location\":\"local\"}").status()).isIn(200, 201);
        String edgeNet = coffer.arm("/subscriptions/" + sub + "/resourceGroups/rg-edge/providers/Microsoft.Network/"
                + "virtualNetworks/edge" + NET_API);
        RunningCoffer.Reply created = coffer.call("PUT", edgeNet, mgmt, """
                {"location":"local","properties":{"addressSpace":{"addressPrefixes":["127.0.0.16/28"]},
                 "subnets":[{"name":"gw","properties":{"addressPrefix":"127.0.0.16/29",
                   "serviceEndpoints":[{"service":"Microsoft.KeyVault"}]}}]}}""");
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        String gwId = "/subscriptions/" + sub + "/resourceGroups/rg-edge/providers/Microsoft.Network/virtualNetworks/"
                + "edge/subnets/gw";
        RunningCoffer.Reply set = patchVault(subnetRules("None", "{\"id\":\"" + gwId + "\"}"));
        assertThat(set.status()).as(set.text()).isEqualTo(200);
        assertThat(statusFrom("127.0.0.17")).isEqualTo(200);

        assertThat(coffer.call("DELETE", group, mgmt, null).status()).isEqualTo(200);

        // The network went with its group; the vault (in another group) keeps its rule, as Azure does, but the
        // rule names a subnet that no longer exists and admits nobody.
        assertThat(coffer.call("GET", edgeNet, mgmt, null).status()).isEqualTo(404);
        assertThat(statusFrom("127.0.0.17")).isEqualTo(403);
        JsonNode vault = coffer.call("GET", coffer.arm("/subscriptions/" + sub + "/resourceGroups/rg-net/providers/"
                + "Microsoft.KeyVault/vaults/" + VAULT + "?api-version=2023-07-01"), mgmt, null).json();
        assertThat(vault.at("/properties/networkAcls/virtualNetworkRules/0/id").asText()).isEqualToIgnoringCase(gwId);
        // A group made again under the same name is empty.
        assertThat(coffer.call("PUT", group, mgmt, "{\"location\":\"local\"}").status()).isIn(200, 201);
        assertThat(coffer.call("GET", coffer.arm("/subscriptions/" + sub + "/resourceGroups/rg-edge/providers/"
                + "Microsoft.Network/virtualNetworks" + NET_API), mgmt, null).json().path("value")).isEmpty();
        assertThat(statusFrom("127.0.0.17")).isEqualTo(403);
        assertThat(patchVault("{\"networkAcls\":{\"defaultAction\":\"Allow\",\"ipRules\":[]}}").status())
                .isEqualTo(200);
    }

    @Test
    void publicNetworkAccessDisabledAnswersOnlyOnThePrivateListener() throws Exception {
        assertThat(patchVault("{\"publicNetworkAccess\":\"Disabled\"}").status()).isEqualTo(200);
        try {
            SourceBoundClient.Reply outside = client.call("127.0.0.2", "127.0.0.1", coffer.port(),
                    VAULT + ".vault.localhost", "GET", PATH, token, null);
            assertThat(outside.status()).isEqualTo(403);
            assertThat(outside.innerCode()).isEqualTo("ForbiddenByConnection");
            SourceBoundClient.Reply inside = client.call("127.0.0.2", "127.0.0.3", privatePort,
                    VAULT + ".vault.localhost", "GET", PATH, token, null);
            assertThat(inside.status()).as(inside.body()).isEqualTo(200);
        } finally {
            assertThat(patchVault("{\"publicNetworkAccess\":\"Enabled\"}").status()).isEqualTo(200);
        }
    }

    @Test
    void trustedServicesPassOnlyWithTheAzureServicesBypassAndStillNeedARole() throws Exception {
        PrincipalRow svc = coffer.server().directory().createServicePrincipal(coffer.bootstrap().tenantId(), "backup-svc");
        IssuedClientSecret secret = coffer.server().directory().addPassword(svc.objectId());
        String svcToken = coffer.token(svc.appId(), secret.secretText().revealUtf8(), "https://vault.azure.net/.default");
        PrincipalRow idle = coffer.server().directory().createServicePrincipal(coffer.bootstrap().tenantId(), "idle-svc");
        IssuedClientSecret idleSecret = coffer.server().directory().addPassword(idle.objectId());
        String idleToken = coffer.token(idle.appId(), idleSecret.secretText().revealUtf8(),
                "https://vault.azure.net/.default");
        String vaultScope = "/subscriptions/" + sub + "/resourceGroups/rg-net/providers/Microsoft.KeyVault/vaults/" + VAULT;
        RunningCoffer.Reply role = coffer.call("PUT", coffer.arm(vaultScope + "/providers/Microsoft.Authorization/"
                        + "roleAssignments/" + UUID.randomUUID() + "?api-version=2022-04-01"), mgmt,
                "{\"properties\":{\"roleDefinitionId\":\"/providers/Microsoft.Authorization/roleDefinitions/"
                        + SECRETS_USER + "\",\"principalId\":\"" + svc.objectId() + "\"}}");
        assertThat(role.status()).as(role.text()).isEqualTo(201);

        assertThat(patchVault(subnetRules("AzureServices")).status()).isEqualTo(200);
        assertThat(getAs("127.0.0.9", svcToken).status()).isEqualTo(403);

        String graph = coffer.token(coffer.bootstrap().clientId(), coffer.bootstrap().clientSecret(),
                "https://graph.microsoft.com/.default");
        RunningCoffer.Reply marked = coffer.call("PATCH", coffer.arm("/v1.0/policies/cofferTrustedServices"), graph,
                "{\"servicePrincipals\":[\"" + svc.appId() + "\",\"" + idle.objectId() + "\"]}");
        assertThat(marked.status()).as(marked.text()).isEqualTo(200);
        assertThat(coffer.call("GET", coffer.arm("/v1.0/policies/cofferTrustedServices"), graph, null).text())
                .contains(svc.appId().toLowerCase());
        // Only an administrator may mark services as trusted.
        String svcGraph = coffer.token(svc.appId(), secret.secretText().revealUtf8(), "https://graph.microsoft.com/.default");
        assertThat(coffer.call("PATCH", coffer.arm("/v1.0/policies/cofferTrustedServices"), svcGraph,
                "{\"servicePrincipals\":[]}").status()).isEqualTo(403);

        assertThat(getAs("127.0.0.9", svcToken).status()).isEqualTo(200);
        // Network bypass only: without a role the trusted service is still refused, by RBAC.
        SourceBoundClient.Reply noRole = getAs("127.0.0.9", idleToken);
        assertThat(noRole.status()).isEqualTo(403);
        assertThat(noRole.innerCode()).isEqualTo("ForbiddenByRbac");
        // Everyone else is still held at the firewall.
        assertThat(getAs("127.0.0.9", token).innerCode()).isEqualTo("ForbiddenByFirewall");

        // As in Azure, the bypass also holds with public network access disabled.
        assertThat(patchVault("{\"publicNetworkAccess\":\"Disabled\"}").status()).isEqualTo(200);
        assertThat(getAs("127.0.0.9", svcToken).status()).isEqualTo(200);
        assertThat(getAs("127.0.0.9", token).innerCode()).isEqualTo("ForbiddenByConnection");

        // bypass None: trusted or not, the rules apply.
        assertThat(patchVault(subnetRules("None")).status()).isEqualTo(200);
        assertThat(getAs("127.0.0.9", svcToken).status()).isEqualTo(403);
        assertThat(patchVault("{\"networkAcls\":{\"defaultAction\":\"Allow\",\"ipRules\":[]}}").status()).isEqualTo(200);
    }

    static SourceBoundClient.Reply getAs(String local, String bearer) throws IOException {
        return client.call(local, "127.0.0.1", coffer.port(), VAULT + ".vault.localhost", "GET", PATH, bearer, null);
    }
}
