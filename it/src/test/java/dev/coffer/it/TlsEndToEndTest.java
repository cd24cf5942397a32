package dev.coffer.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.server.CofferServer;
import dev.coffer.server.ServerConfig;
import dev.coffer.tls.CaRevocationList;
import dev.coffer.tls.IssuedCertificate;
import dev.coffer.tls.LocalCertificateAuthority;
import dev.coffer.tls.TlsSettings;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyStore;
import java.security.cert.CertPathValidator;
import java.security.cert.CertStore;
import java.security.cert.CertificateFactory;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS policy end to end: the server refuses TLS 1.1 and older at the handshake (checked with {@code openssl
 * s_client}), a vault's own {@code minimumTlsVersion 1.3} refuses a TLS 1.2 client for that vault only, and a
 * certificate replaced on disk is presented to new connections without a restart while open connections
 * keep working.
 */
class TlsEndToEndTest {

    @TempDir
    static Path dataDir;

    static RunningCoffer coffer;
    static SourceBoundClient client;
    static String token;
    static String mgmt;
    static final String STRICT = "tls13-vault";
    static final String RELAXED = "tls12-vault";
    static final String PATH = "/secrets/s?api-version=7.4";

    @BeforeAll
    static void start() throws Exception {
        coffer = RunningCoffer.start(dataDir);
        client = new SourceBoundClient(coffer.sslContext());
        mgmt = coffer.adminManagementToken();
        coffer.createVault(mgmt, "rg-tls", STRICT, true, false);
        coffer.createVault(mgmt, "rg-tls", RELAXED, true, false);
        Bootstrap b = coffer.bootstrap();
        token = coffer.token(b.clientId(), b.clientSecret(), "https://vault.azure.net/.default");
        for (String v : List.of(STRICT, RELAXED)) {
            assertThat(coffer.call("PUT", coffer.vaultUrl(v) + PATH, token, "{\"value\":\"v\"}").status()).isEqualTo(200);
        }
        RunningCoffer.Reply r = coffer.call("PATCH", vaultArm(STRICT), mgmt,
                "{\"properties\":{\"minimumTlsVersion\":\"TLS1_3\"}}");
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        assertThat(r.json().at("/properties/minimumTlsVersion").asText()).isEqualTo("1.3");
    }

    @AfterAll
    static void stop() throws Exception {
        coffer.close();
    }

    static String vaultArm(String vault) {
        return coffer.arm("/subscriptions/" + coffer.bootstrap().subscriptionId()
                + "/resourceGroups/rg-tls/providers/Microsoft.KeyVault/vaults/" + vault + "?api-version=2023-07-01");
    }

    static String host(String vault) {
        return vault + "." + coffer.bootstrap().vaultDnsSuffix();
    }

    @Test
    void aVaultsTlsFloorRefusesOlderConnectionsForThatVaultOnly() throws Exception {
        try (SourceBoundClient.Connection tls12 = client.connect("127.0.0.1", "127.0.0.1", coffer.port(),
                host(STRICT), null, List.of("TLSv1.2"))) {
            assertThat(tls12.negotiatedProtocol()).isEqualTo("TLSv1.2");
            SourceBoundClient.Reply refused = tls12.send("GET", PATH, token, null);
            assertThat(refused.status()).isEqualTo(403);
            assertThat(refused.errorCode()).isEqualTo("Forbidden");
            assertThat(refused.innerCode()).isEqualTo("ForbiddenByTlsVersion");
            assertThat(refused.message()).contains(STRICT, "TLS 1.3", "TLSv1.2");
            // The same connection is fine for a vault without its own floor (one wildcard certificate).
            SourceBoundClient.Reply other = tls12.send("GET", PATH, token, null,
                    Map.of("Host", host(RELAXED) + ":" + coffer.port()));
            assertThat(other.status()).as(other.body()).isEqualTo(200);
        }
        try (SourceBoundClient.Connection tls13 = client.connect("127.0.0.1", "127.0.0.1", coffer.port(),
                host(STRICT), null, List.of("TLSv1.3"))) {
            assertThat(tls13.negotiatedProtocol()).isEqualTo("TLSv1.3");
            assertThat(tls13.send("GET", PATH, token, null).status()).isEqualTo(200);
        }
    }

    @Test
    void minimumTlsVersionIsValidated() throws Exception {
        for (String bad : List.of("1.1", "1.0", "TLS1_1", "2.0", "")) {
            RunningCoffer.Reply r = coffer.call("PATCH", vaultArm(RELAXED), mgmt,
                    "{\"properties\":{\"minimumTlsVersion\":\"" + bad + "\"}}");
            assertThat(r.status()).as(bad).isEqualTo(400);
        }
        assertThat(coffer.call("GET", vaultArm(RELAXED), mgmt, null).json().at("/properties/minimumTlsVersion")
                .isMissingNode()).isTrue();
        assertThat(coffer.call("GET", vaultArm(STRICT), mgmt, null).json().at("/properties/minimumTlsVersion")
                .asText()).isEqualTo("1.3");
    }

    @Test
    void opensslOlderThanTls12IsRefusedAtTheHandshake() throws Exception {
        // SECLEVEL=0 makes OpenSSL 3 actually offer TLS 1.0/1.1, so it is the server that says no.
        for (String flag : List.of("-tls1", "-tls1_1")) {
            Result r = openssl(flag, "-cipher", "DEFAULT@SECLEVEL=0");
            assertThat(r.exit).as(flag + ": " + r.output).isNotZero();
            assertThat(r.output).as(flag).doesNotContain("Cipher is ECDHE").containsAnyOf("alert", "no protocols",
                    "wrong version", "unsupported protocol", "handshake failure");
        }
        Result tls12 = openssl("-tls1_2");
        assertThat(tls12.output).as(tls12.output).contains("Protocol  : TLSv1.2").contains("Verify return code: 0");
        Result tls13 = openssl("-tls1_3");
        assertThat(tls13.output).as(tls13.output).contains("TLSv1.3");
    }

    @Test
    void clientInitiatedRenegotiationIsRefusedWithAnAlert() throws Exception {
        Process p = new ProcessBuilder("openssl", "s_client", "-tls1_2", "-connect", "127.0.0.1:" + coffer.port(),
                "-servername", host(RELAXED), "-CAfile", coffer.bootstrap().caCertificatePath().toString())
                .redirectErrorStream(true).start();
        // "R" asks s_client to renegotiate; the pause keeps stdin open until the server has answered.
        p.getOutputStream().write("R\n".getBytes(StandardCharsets.US_ASCII));
        p.getOutputStream().flush();
        Thread.sleep(1500);
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(out).contains("RENEGOTIATING").contains("alert handshake failure");
        assertThat(p.exitValue()).isNotZero();
    }

    record Result(int exit, String output) {
    }

    static Result openssl(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("openssl", "s_client", "-connect",
                "127.0.0.1:" + coffer.port(), "-servername", host(RELAXED), "-CAfile",
                coffer.bootstrap().caCertificatePath().toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), out);
    }

    @Test
    void theLocalCaPublishesACrlWhereItsCertificatesSayAndWithoutAuthentication() throws Exception {
        X509Certificate leaf;
        try (SourceBoundClient.Connection c = client.connect("127.0.0.1", "127.0.0.1", coffer.port(), "localhost")) {
            leaf = presented(c);
        }
        String url = CaRevocationList.distributionPointOf(leaf);
        assertThat(url).isEqualTo(coffer.serviceBase() + "/coffer-ca.crl");

        HttpResponse<byte[]> r = coffer.http().send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/pkix-crl");
        CertificateFactory x509 = CertificateFactory.getInstance("X.509");
        X509CRL crl = (X509CRL) x509.generateCRL(new ByteArrayInputStream(r.body()));
        X509Certificate ca = (X509Certificate) x509.generateCertificate(
                new ByteArrayInputStream(Files.readAllBytes(dataDir.resolve("tls").resolve("ca.pem"))));
        crl.verify(ca.getPublicKey());
        assertThat(crl.getNextUpdate()).isAfter(new Date());

        // A PKIX check with revocation on, given the served list, accepts the presented certificate.
        PKIXParameters params = new PKIXParameters(Set.of(new TrustAnchor(ca, null)));
        params.setRevocationEnabled(true);
        params.addCertStore(CertStore.getInstance("Collection", new CollectionCertStoreParameters(List.of(crl))));
        CertPathValidator.getInstance("PKIX").validate(x509.generateCertPath(List.of(leaf)), params);
    }

    @Test
    void aReplacedCertificateIsPresentedToNewConnectionsWithoutDroppingOpenOnes(@TempDir Path dir) throws Exception {
        LocalCertificateAuthority ca = LocalCertificateAuthority.loadOrCreate(dir.resolve("ca"), Clock.systemUTC());
        Path cert = dir.resolve("server.pem");
        Path key = dir.resolve("server-key.pem");
        IssuedCertificate first = issue(ca);
        writePem(cert, key, first);
        ServerConfig config = ServerConfig.defaults(dir.resolve("data")).withPort(0)
                .withTls(TlsSettings.pem(cert, key).withReloadInterval(Duration.ofMillis(100)));
        try (CofferServer server = CofferServer.start(config)) {
            SourceBoundClient raw = new SourceBoundClient(trusting(ca.certificate()));
            try (SourceBoundClient.Connection open = raw.connect("127.0.0.1", "127.0.0.1", server.port(), "localhost")) {
                assertThat(presented(open)).isEqualTo(first.certificate());
                assertThat(open.send("GET", "/healthz/live", null, null).status()).isEqualTo(200);
                // The operator's CA is theirs to publish revocation for: no local CA list here.
                assertThat(open.send("GET", "/coffer-ca.crl", null, null).status()).isEqualTo(404);

                // Half a pair (new certificate, old key) is not taken; the old pair stays in service.
                IssuedCertificate second = issue(ca);
                replace(cert, certificatePem(second));
                Thread.sleep(500);
                assertThat(presentedToANewConnection(raw, server)).isEqualTo(first.certificate());

                replace(key, keyPem(second));
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                X509Certificate now = null;
                while (System.nanoTime() < deadline) {
                    now = presentedToANewConnection(raw, server);
                    if (now.equals(second.certificate())) {
                        break;
                    }
                    Thread.sleep(100);
                }
                assertThat(now).isEqualTo(second.certificate());

                // The connection opened before the swap still serves requests with its certificate.
                assertThat(open.send("GET", "/healthz/live", null, null).status()).isEqualTo(200);
                assertThat(presented(open)).isEqualTo(first.certificate());
            }
        }
    }

    static IssuedCertificate issue(LocalCertificateAuthority ca) {
        return ca.issueServerCertificate(List.of("localhost", "vault.localhost", "*.vault.localhost"),
                List.of("127.0.0.1", "::1"), Duration.ofDays(30));
    }

    static X509Certificate presented(SourceBoundClient.Connection c) throws Exception {
        return (X509Certificate) c.socket().getSession().getPeerCertificates()[0];
    }

    static X509Certificate presentedToANewConnection(SourceBoundClient raw, CofferServer server) throws Exception {
        try (SourceBoundClient.Connection c = raw.connect("127.0.0.1", "127.0.0.1", server.port(), "localhost")) {
            return presented(c);
        }
    }

    static SSLContext trusting(X509Certificate ca) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", ca);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);
        return ssl;
    }

    static void writePem(Path cert, Path key, IssuedCertificate issued) throws Exception {
        replace(cert, certificatePem(issued));
        replace(key, keyPem(issued));
    }

    static String certificatePem(IssuedCertificate issued) throws Exception {
        return pem("CERTIFICATE", issued.certificate().getEncoded()) + pem("CERTIFICATE", issued.caCertificate().getEncoded());
    }

    static String keyPem(IssuedCertificate issued) {
        return pem("PRIVATE KEY", issued.privateKey().getEncoded());
    }

    static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der) + "\n-----END " + type + "-----\n";
    }

    /** Replaces a file the way deployment tools do: write a temporary file, then rename over the old one. */
    static void replace(Path file, String content) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, content);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
