package dev.coffer.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.network.TrustedProxies;
import dev.coffer.server.NetworkSettings;
import dev.coffer.server.ServerConfig;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client address behind reverse proxies: {@code X-Forwarded-For} counts only when the socket peer is a
 * configured trusted proxy (127.0.0.5 here), and then its rightmost untrusted hop is the client; a listener
 * set for the PROXY protocol takes v1/v2 headers from trusted proxies and disconnects anyone else. The vault
 * admits only 198.51.100.7, an address no test socket has, so only a believed forwarded address gets through.
 */
class NetworkClientAddressTest {

    @TempDir
    static Path dataDir;

    static RunningCoffer coffer;
    static SourceBoundClient client;
    static String token;
    static String vaultHost;
    static int proxyPort;
    static final String VAULT = "xff-vault";
    static final String PATH = "/secrets/s?api-version=7.4";
    static final String PROXY = "127.0.0.5";

    @BeforeAll
    static void start() throws Exception {
        proxyPort = freePort();
        NetworkSettings network = NetworkSettings.defaults()
                .withTrustedProxies(TrustedProxies.parse(List.of(PROXY + "/32")))
                .withListeners(List.of(new NetworkSettings.Listener("127.0.0.1", proxyPort, false, true)));
        coffer = RunningCoffer.start(ServerConfig.defaults(dataDir).withPort(0).withBindAddress(SourceBoundClient.anyAddress())
                .withNetwork(network));
        client = new SourceBoundClient(coffer.sslContext());
        String mgmt = coffer.adminManagementToken();
        coffer.createVault(mgmt, "rg-xff", VAULT, true, false);
        Bootstrap b = coffer.bootstrap();
        token = coffer.token(b.clientId(), b.clientSecret(), "https://vault.azure.net/.default");
        vaultHost = VAULT + "." + b.vaultDnsSuffix();
        assertThat(coffer.call("PUT", coffer.vaultUrl(VAULT) + PATH, token, "{\"value\":\"v\"}").status()).isEqualTo(200);
        RunningCoffer.Reply r = coffer.call("PATCH", coffer.arm("/subscriptions/" + b.subscriptionId()
                + "/resourceGroups/rg-xff/providers/Microsoft.KeyVault/vaults/" + VAULT + "?api-version=2023-07-01"),
                mgmt, "{\"properties\":{\"networkAcls\":{\"defaultAction\":\"Deny\",\"bypass\":\"None\","
                        + "\"ipRules\":[{\"value\":\"198.51.100.7\"},{\"value\":\"2001:db8::7\"}]}}}");
        assertThat(r.status()).as(r.text()).isEqualTo(200);
    }

    @AfterAll
    static void stop() throws Exception {
        coffer.close();
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static SourceBoundClient.Reply get(String from, Map<String, String> headers) throws Exception {
        try (SourceBoundClient.Connection c = client.connect(from, "127.0.0.1", coffer.port(), vaultHost)) {
            return c.send("GET", PATH, token, null, headers);
        }
    }

    @Test
    void forwardedHeadersFromUntrustedPeersAreIgnored() throws Exception {
        SourceBoundClient.Reply spoofed = get("127.0.0.9", Map.of("X-Forwarded-For", "198.51.100.7",
                "Forwarded", "for=198.51.100.7", "X-Real-IP", "198.51.100.7"));
        assertThat(spoofed.status()).isEqualTo(403);
        assertThat(spoofed.message()).contains("Client address: 127.0.0.9");
    }

    @Test
    void aTrustedProxysForwardedForCounts() throws Exception {
        SourceBoundClient.Reply r = get(PROXY, Map.of("X-Forwarded-For", "198.51.100.7"));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(get(PROXY, Map.of("X-Forwarded-For", "[2001:db8::7]:1234")).status()).isEqualTo(200);
        assertThat(Files.readString(dataDir.resolve("audit").resolve("audit.log")))
                .contains("\"callerIpAddress\":\"198.51.100.7\"");
    }

    @Test
    void theRightmostUntrustedHopIsTheClient() throws Exception {
        // The client wrote 198.51.100.7 itself; the proxy appended the address it saw.
        SourceBoundClient.Reply r = get(PROXY, Map.of("X-Forwarded-For", "198.51.100.7, 203.0.113.9"));
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.message()).contains("Client address: 203.0.113.9");
        // Trusted hops are skipped: a chain of our proxy behind our proxy.
        assertThat(get(PROXY, Map.of("X-Forwarded-For", "198.51.100.7, 127.0.0.5")).status()).isEqualTo(200);
        // Only X-Forwarded-For is read, even from a trusted proxy.
        SourceBoundClient.Reply forwarded = get(PROXY, Map.of("Forwarded", "for=198.51.100.7",
                "X-Real-IP", "198.51.100.7"));
        assertThat(forwarded.status()).isEqualTo(403);
        assertThat(forwarded.message()).contains("Client address: 127.0.0.5");
        SourceBoundClient.Reply garbage = get(PROXY, Map.of("X-Forwarded-For", "not-an-address"));
        assertThat(garbage.message()).contains("Client address: 127.0.0.5");
    }

    @Test
    void proxyProtocolV1FromATrustedProxy() throws Exception {
        byte[] v1 = ("PROXY TCP4 198.51.100.7 127.0.0.1 40000 " + proxyPort + "\r\n").getBytes(StandardCharsets.US_ASCII);
        try (SourceBoundClient.Connection c = client.connect(PROXY, "127.0.0.1", proxyPort, vaultHost, v1, null)) {
            SourceBoundClient.Reply r = c.send("GET", PATH, token, null);
            assertThat(r.status()).as(r.body()).isEqualTo(200);
        }
        byte[] other = ("PROXY TCP4 203.0.113.9 127.0.0.1 40000 " + proxyPort + "\r\n").getBytes(StandardCharsets.US_ASCII);
        try (SourceBoundClient.Connection c = client.connect(PROXY, "127.0.0.1", proxyPort, vaultHost, other, null)) {
            SourceBoundClient.Reply r = c.send("GET", PATH, token, null);
            assertThat(r.status()).isEqualTo(403);
            assertThat(r.message()).contains("Client address: 203.0.113.9");
        }
    }

    @Test
    void proxyProtocolV2FromATrustedProxy() throws Exception {
        try (SourceBoundClient.Connection c = client.connect(PROXY, "127.0.0.1", proxyPort, vaultHost,
                proxyV2(new byte[] {(byte) 198, 51, 100, 7}, new byte[] {127, 0, 0, 1}), null)) {
            SourceBoundClient.Reply r = c.send("GET", PATH, token, null);
            assertThat(r.status()).as(r.body()).isEqualTo(200);
        }
    }

    @Test
    void proxyHeadersFromUntrustedPeersOrOnOtherListenersCloseThatConnectionOnly() throws Exception {
        byte[] v1 = ("PROXY TCP4 198.51.100.7 127.0.0.1 40000 " + proxyPort + "\r\n").getBytes(StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> client.connect("127.0.0.9", "127.0.0.1", proxyPort, vaultHost, v1, null))
                .isInstanceOf(IOException.class);
        // Not even a plain TLS client is served there unless it is a trusted proxy.
        assertThatThrownBy(() -> client.connect("127.0.0.9", "127.0.0.1", proxyPort, vaultHost, null, null))
                .isInstanceOf(IOException.class);
        // A PROXY header on the ordinary listener is not TLS: the handshake fails.
        assertThatThrownBy(() -> client.connect(PROXY, "127.0.0.1", coffer.port(), vaultHost, v1, null))
                .isInstanceOf(IOException.class);
        // Both listeners keep serving.
        try (SourceBoundClient.Connection c = client.connect(PROXY, "127.0.0.1", proxyPort, vaultHost, v1, null)) {
            assertThat(c.send("GET", PATH, token, null).status()).isEqualTo(200);
        }
        assertThat(get(PROXY, Map.of("X-Forwarded-For", "198.51.100.7")).status()).isEqualTo(200);
    }

    /** A PROXY protocol v2 header: PROXY command, TCP over IPv4. */
    static byte[] proxyV2(byte[] source, byte[] destination) {
        ByteBuffer b = ByteBuffer.allocate(16 + 12);
        b.put(new byte[] {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A});
        b.put((byte) 0x21).put((byte) 0x11).putShort((short) 12);
        b.put(source).put(destination).putShort((short) 40000).putShort((short) proxyPort);
        return b.array();
    }
}
