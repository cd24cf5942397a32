package dev.coffer.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.coffer.server.ServerConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A client on a real, non-loopback network: the test makes a network namespace joined to the host by a veth
 * pair (host 10.201.77.1, namespace 10.201.77.2, a /30 of its own) and runs curl inside it. A vault rule
 * naming a subnet that holds 10.201.77.2 admits it; without the rule it is refused. Needs root and
 * iproute2 and curl; skipped otherwise. Everything made here is removed afterwards.
 */
class NetworkNamespaceTest {

    @TempDir
    static Path dataDir;

    static final String NS = "coffer-it-" + ProcessHandle.current().pid();
    static final String HOST_IF = "cfh" + (ProcessHandle.current().pid() % 100000);
    static final String NS_IF = "cfn" + (ProcessHandle.current().pid() % 100000);
    static final String VAULT = "netns-vault";
    static RunningCoffer coffer;
    static boolean made;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(run("curl", "--version").exit == 0, "curl is needed to run a client inside the namespace");
        assumeTrue(run("ip", "netns", "add", NS).exit == 0, "cannot create network namespaces here (root and iproute2 needed)");
        made = true;
        assumeTrue(run("ip", "link", "add", HOST_IF, "type", "veth", "peer", "name", NS_IF).exit == 0, "no veth");
        require(run("ip", "link", "set", NS_IF, "netns", NS));
        require(run("ip", "addr", "add", "10.201.77.1/30", "dev", HOST_IF));
        require(run("ip", "link", "set", HOST_IF, "up"));
        require(run("ip", "netns", "exec", NS, "ip", "addr", "add", "10.201.77.2/30", "dev", NS_IF));
        require(run("ip", "netns", "exec", NS, "ip", "link", "set", NS_IF, "up"));
        require(run("ip", "netns", "exec", NS, "ip", "link", "set", "lo", "up"));
        coffer = RunningCoffer.start(ServerConfig.defaults(dataDir).withPort(0).withBindAddress("0.0.0.0"));
        coffer.createVault(coffer.adminManagementToken(), "rg-ns", VAULT, true, false);
    }

    @AfterAll
    static void stop() throws Exception {
        if (coffer != null) {
            coffer.close();
        }
        if (made) {
            run("ip", "link", "del", HOST_IF);
            run("ip", "netns", "del", NS);
        }
    }

    record Result(int exit, String out) {
    }

    static Result run(String... command) throws Exception {
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (java.io.IOException e) {
            return new Result(-1, e.getMessage());
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return new Result(-1, out);
        }
        return new Result(p.exitValue(), out);
    }

    static void require(Result r) {
        assertThat(r.exit).as(r.out).isZero();
    }

    /** curl from inside the namespace; returns the HTTP status. */
    static int curlFromNamespace(String token) throws Exception {
        String host = VAULT + "." + coffer.bootstrap().vaultDnsSuffix();
        Path tokenFile = dataDir.resolve("curl-auth");
        Files.writeString(tokenFile, "Authorization: Bearer " + token);
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", NS, "curl", "-s", "-o", "/dev/null", "-w",
                "%{http_code}", "--max-time", "20", "--cacert", coffer.bootstrap().caCertificatePath().toString(),
                "--resolve", host + ":" + coffer.port() + ":10.201.77.1", "-H", "@" + tokenFile,
                "https://" + host + ":" + coffer.port() + "/secrets/s?api-version=7.4"));
        Result r = run(cmd.toArray(new String[0]));
        return Integer.parseInt(r.out.strip());
    }

    @Test
    void aSubnetRuleAdmitsAClientInThatSubnetOnARealInterface() throws Exception {
        String mgmt = coffer.adminManagementToken();
        String sub = coffer.bootstrap().subscriptionId();
        String token = coffer.token(coffer.bootstrap().clientId(), coffer.bootstrap().clientSecret(),
                "https://vault.azure.net/.default");
        assertThat(coffer.call("PUT", coffer.vaultUrl(VAULT) + "/secrets/s?api-version=7.4", token,
                "{\"value\":\"v\"}").status()).isEqualTo(200);
        String net = coffer.arm("/subscriptions/" + sub + "/resourceGroups/rg-ns/providers/Microsoft.Network/"
                + "virtualNetworks/lab?api-version=2023-09-01");
        RunningCoffer.Reply created = coffer.call("PUT", net, mgmt, "{\"location\":\"local\",\"properties\":{"
                + "\"addressSpace\":{\"addressPrefixes\":[\"10.201.77.0/24\"]},\"subnets\":[{\"name\":\"veth\","
                + "\"properties\":{\"addressPrefix\":\"10.201.77.0/30\",\"serviceEndpoints\":[{\"service\":"
                + "\"Microsoft.KeyVault\"}]}}]}}");
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        String vault = coffer.arm("/subscriptions/" + sub + "/resourceGroups/rg-ns/providers/Microsoft.KeyVault/vaults/"
                + VAULT + "?api-version=2023-07-01");

        assertThat(coffer.call("PATCH", vault, mgmt, "{\"properties\":{\"networkAcls\":{\"defaultAction\":\"Deny\","
                + "\"bypass\":\"None\",\"ipRules\":[{\"value\":\"127.0.0.1\"}]}}}").status()).isEqualTo(200);
        assertThat(curlFromNamespace(token)).isEqualTo(403);

        RunningCoffer.Reply rule = coffer.call("PATCH", vault, mgmt, "{\"properties\":{\"networkAcls\":{"
                + "\"defaultAction\":\"Deny\",\"bypass\":\"None\",\"ipRules\":[{\"value\":\"127.0.0.1\"}],"
                + "\"virtualNetworkRules\":[{\"id\":\"/subscriptions/" + sub + "/resourceGroups/rg-ns/providers/"
                + "Microsoft.Network/virtualNetworks/lab/subnets/veth\"}]}}}");
        assertThat(rule.status()).as(rule.text()).isEqualTo(200);
        assertThat(curlFromNamespace(token)).isEqualTo(200);
    }
}
