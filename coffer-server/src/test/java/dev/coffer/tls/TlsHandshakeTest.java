package dev.coffer.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real handshakes against Jetty configured the way Coffer configures it. */
class TlsHandshakeTest {

    @TempDir
    static Path dataDir;

    private static SSLContext trustingLocalCa;
    private static Server tls12Server;
    private static Server tls13Server;
    private static int tls12Port;
    private static int tls13Port;

    @BeforeAll
    static void startServers() throws Exception {
        ServerIdentity identity = ServerCertificates.resolve(TlsSettings.localCertificateAuthority(), dataDir, null,
                Clock.systemUTC());
        X509Certificate ca = PemFiles.readCertificates(ServerCertificates.localCaCertificate(
                TlsSettings.localCertificateAuthority(), dataDir)).get(0);
        trustingLocalCa = trusting(ca);
        tls12Server = start(identity, "TLSv1.2");
        tls12Port = ((ServerConnector) tls12Server.getConnectors()[0]).getLocalPort();
        tls13Server = start(identity, "TLSv1.3");
        tls13Port = ((ServerConnector) tls13Server.getConnectors()[0]).getLocalPort();
    }

    @AfterAll
    static void stopServers() throws Exception {
        if (tls12Server != null) {
            tls12Server.stop();
        }
        if (tls13Server != null) {
            tls13Server.stop();
        }
    }

    @Test
    void clientTrustingOnlyTheLocalCaGets200OverLocalhostAndLoopbackIps() throws Exception {
        try (HttpClient client = client(trustingLocalCa, null)) {
            for (String host : List.of("localhost", "127.0.0.1")) {
                HttpResponse<String> response = get(client, "https://" + host + ":" + tls12Port + "/");
                assertThat(response.statusCode()).as(host).isEqualTo(200);
                assertThat(response.body()).isEqualTo("ok");
            }
            assumeTrue(reachable("::1", tls12Port), "no IPv6 loopback here");
            assertThat(get(client, "https://[::1]:" + tls12Port + "/").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void wildcardVaultHostNamePassesHostnameVerification() throws Exception {
        // *.vault.localhost rarely resolves in CI, so connect to 127.0.0.1 but verify as the vault host name.
        try (SSLSocket socket = layeredSocket("myvault.vault.localhost", tls12Port, null)) {
            socket.startHandshake();
            assertThat(socket.getSession().getProtocol()).isEqualTo("TLSv1.3");
        }
        assertThatThrownBy(() -> {
            try (SSLSocket socket = layeredSocket("vault.example.com", tls12Port, null)) {
                socket.startHandshake();
            }
        }).isInstanceOf(SSLHandshakeException.class);
    }

    @Test
    void clientWithoutTheLocalCaRejectsTheServer() {
        assertThatThrownBy(() -> {
            try (HttpClient client = client(SSLContext.getDefault(), null)) {
                get(client, "https://localhost:" + tls12Port + "/");
            }
        }).isInstanceOf(SSLHandshakeException.class);
    }

    @Test
    void tls12ClientIsServedByDefaultAndRefusedWhenTheMinimumIs13() throws Exception {
        try (SSLSocket socket = layeredSocket("localhost", tls12Port, "TLSv1.2")) {
            socket.startHandshake();
            assertThat(socket.getSession().getProtocol()).isEqualTo("TLSv1.2");
            assertThat(socket.getSession().getCipherSuite()).isEqualTo("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256");
        }
        assertThatThrownBy(() -> {
            try (SSLSocket socket = layeredSocket("localhost", tls13Port, "TLSv1.2")) {
                socket.startHandshake();
            }
        }).isInstanceOf(IOException.class);
        try (SSLSocket socket = layeredSocket("localhost", tls13Port, "TLSv1.3")) {
            socket.startHandshake();
            assertThat(socket.getSession().getProtocol()).isEqualTo("TLSv1.3");
        }
    }

    @Test
    void tls11ClientFailsTheHandshake() {
        // The JDK lists TLSv1.1 in jdk.tls.disabledAlgorithms, so this client gives up before sending
        // anything; it shows a TLS 1.1-only client cannot connect, not that the server refuses. The raw
        // ClientHello test below proves the server side.
        SSLParameters tls11Only = new SSLParameters();
        tls11Only.setProtocols(new String[] {"TLSv1.1"});
        assertThatThrownBy(() -> {
            try (HttpClient client = client(trustingLocalCa, tls11Only)) {
                get(client, "https://localhost:" + tls12Port + "/");
            }
        }).isInstanceOf(IOException.class);
    }

    @Test
    void serverAnswersARawTls11HelloWithProtocolVersionAlert() throws Exception {
        // Hand-written ClientHellos bypass the client-side JDK policy, so only the server's policy decides.
        int[] control = RawTlsProbe.firstReply(tls12Port, 0x0303, 0xC02B, 0xC02F);
        assertThat(control).as("TLS 1.2 + ECDHE-GCM gets a ServerHello").containsExactly(RawTlsProbe.CONTENT_HANDSHAKE, 2);

        int[] reply = RawTlsProbe.firstReply(tls12Port, 0x0302, 0xC009, 0xC013, 0xC00A, 0xC014, 0x002F, 0x0035);
        assertThat(reply).as("TLS 1.1 hello").containsExactly(RawTlsProbe.CONTENT_ALERT, RawTlsProbe.ALERT_PROTOCOL_VERSION);
    }

    @Test
    void serverRefusesCbcAndStaticRsaSuitesThatTheJdkWouldOtherwiseAccept() throws Exception {
        int[] reply = RawTlsProbe.firstReply(tls12Port, 0x0303, 0xC023, 0xC027, 0xC009, 0xC013, 0x009C, 0x002F);
        assertThat(reply).containsExactly(RawTlsProbe.CONTENT_ALERT, RawTlsProbe.ALERT_HANDSHAKE_FAILURE);
    }

    private static Server start(ServerIdentity identity, String minimumProtocol) throws Exception {
        Server server = new Server();
        HttpConfiguration http = new HttpConfiguration();
        // As in CofferServer: clients reach us by names the certificate need not list (e.g. a Docker service name).
        SecureRequestCustomizer secure = new SecureRequestCustomizer();
        secure.setSniHostCheck(false);
        http.addCustomizer(secure);
        ServerConnector connector = new ServerConnector(server,
                new SslConnectionFactory(TlsPolicy.serverContext(identity, minimumProtocol), "http/1.1"),
                new HttpConnectionFactory(http));
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                response.setStatus(200);
                Content.Sink.write(response, true, "ok", callback);
                return true;
            }
        });
        server.start();
        return server;
    }

    private static SSLContext trusting(X509Certificate ca) throws Exception {
        KeyStore trustStore = KeyStore.getInstance("PKCS12");
        trustStore.load(null, null);
        trustStore.setCertificateEntry("coffer-local-ca", ca);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trustStore);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), new SecureRandom());
        return context;
    }

    private static HttpClient client(SSLContext context, SSLParameters parameters) {
        HttpClient.Builder builder = HttpClient.newBuilder().sslContext(context).version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5));
        if (parameters != null) {
            builder.sslParameters(parameters);
        }
        return builder.build();
    }

    private static HttpResponse<String> get(HttpClient client, String uri) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(5)).build();
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** TLS over a TCP connection to 127.0.0.1, with certificate checks done as if {@code verifiedHost} had been dialled. */
    private static SSLSocket layeredSocket(String verifiedHost, int port, String onlyProtocol) throws IOException {
        Socket plain = new Socket();
        plain.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        plain.setSoTimeout(5000);
        SSLSocket socket = (SSLSocket) trustingLocalCa.getSocketFactory().createSocket(plain, verifiedHost, port, true);
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        if (onlyProtocol != null) {
            parameters.setProtocols(new String[] {onlyProtocol});
        }
        socket.setSSLParameters(parameters);
        return socket;
    }

    private static boolean reachable(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
