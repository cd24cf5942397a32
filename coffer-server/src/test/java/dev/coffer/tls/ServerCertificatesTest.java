package dev.coffer.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerCertificatesTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final TlsSettings LOCAL = TlsSettings.localCertificateAuthority();

    @TempDir
    Path dataDir;

    @Test
    void issuesLocalCertificateForLocalhostAndVaultHosts() throws Exception {
        ServerIdentity identity = ServerCertificates.resolve(LOCAL, dataDir, null, CLOCK);

        Path tlsDir = dataDir.resolve("tls");
        X509Certificate ca = LocalCertificateAuthority.loadOrCreate(tlsDir, CLOCK).certificate();
        assertThat(identity.certificateChain()).hasSize(2).endsWith(ca);
        identity.leafCertificate().verify(ca.getPublicKey());
        assertThat(TestCertificates.sanStrings(identity.leafCertificate())).containsExactlyInAnyOrder("2:localhost",
                "2:vault.localhost", "2:*.vault.localhost", "7:127.0.0.1", "7:0:0:0:0:0:0:0:1");
        assertThat(tlsDir.resolve("server.pem")).exists();
        assertThat(ServerCertificates.localCaCertificate(LOCAL, dataDir)).isEqualTo(tlsDir.resolve("ca.pem"));
        if (dataDir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tlsDir.resolve("server-key.pem"))))
                    .isEqualTo("rw-------");
        }
    }

    @Test
    void reusesStoredCertificateWhileItHasMoreThan30DaysLeft() {
        X509Certificate first = ServerCertificates.resolve(LOCAL, dataDir, null, CLOCK).leafCertificate();
        Clock monthsLater = Clock.fixed(NOW.plus(Duration.ofDays(300)), ZoneOffset.UTC);

        assertThat(ServerCertificates.resolve(LOCAL, dataDir, null, monthsLater).leafCertificate()).isEqualTo(first);
    }

    @Test
    void renewsCertificateCloseToExpiryUnderTheSameCa() {
        X509Certificate first = ServerCertificates.resolve(LOCAL, dataDir, null, CLOCK).leafCertificate();
        Clock nearExpiry = Clock.fixed(NOW.plus(Duration.ofDays(370)), ZoneOffset.UTC);

        ServerIdentity renewed = ServerCertificates.resolve(LOCAL, dataDir, null, nearExpiry);

        assertThat(renewed.leafCertificate()).isNotEqualTo(first);
        assertThat(renewed.leafCertificate().getNotAfter().toInstant()).isAfter(NOW.plus(Duration.ofDays(700)));
        assertThat(renewed.certificateChain().get(1))
                .isEqualTo(LocalCertificateAuthority.loadOrCreate(dataDir.resolve("tls"), CLOCK).certificate());
        // And the renewal was stored: the next start picks it up.
        assertThat(ServerCertificates.resolve(LOCAL, dataDir, null, nearExpiry).leafCertificate())
                .isEqualTo(renewed.leafCertificate());
    }

    @Test
    void reissuesWhenTheVaultSuffixChanges() throws Exception {
        X509Certificate first = ServerCertificates.resolve(LOCAL, dataDir, null, CLOCK).leafCertificate();

        X509Certificate changed = ServerCertificates.resolve(LOCAL, dataDir, ".Vaults.Example.Test.", CLOCK).leafCertificate();

        assertThat(changed).isNotEqualTo(first);
        assertThat(TestCertificates.sanStrings(changed)).contains("2:vaults.example.test", "2:*.vaults.example.test");
    }

    @Test
    void reissuesWhenStoredCertificateIsDamaged() throws Exception {
        X509Certificate first = ServerCertificates.resolve(LOCAL, dataDir, null, CLOCK).leafCertificate();
        Files.writeString(dataDir.resolve("tls/server.pem"), "garbage");

        X509Certificate second = ServerCertificates.resolve(LOCAL, dataDir, null, CLOCK).leafCertificate();

        assertThat(second).isNotEqualTo(first);
    }

    @Test
    void usesOperatorPemCertificateWithoutTouchingTheDataDir() throws Exception {
        KeyPair keys = TestCertificates.rsa();
        X509Certificate cert = TestCertificates.selfSigned(keys);
        Path certFile = TestCertificates.writePem(dataDir.resolve("cert.pem"), cert);
        Path keyFile = TestCertificates.writePkcs8(dataDir.resolve("key.pem"), keys.getPrivate());
        TlsSettings settings = TlsSettings.pem(certFile, keyFile);

        ServerIdentity identity = ServerCertificates.resolve(settings, dataDir, null, CLOCK);

        assertThat(identity.leafCertificate()).isEqualTo(cert);
        assertThat(dataDir.resolve("tls")).doesNotExist();
        assertThat(ServerCertificates.localCaCertificate(settings, dataDir)).isNull();
    }

    @Test
    void usesOperatorPkcs12Certificate() throws Exception {
        KeyPair keys = TestCertificates.ec();
        X509Certificate cert = TestCertificates.selfSigned(keys);
        char[] password = "p12-password".toCharArray();
        Path p12 = TestCertificates.writePkcs12(dataDir.resolve("server.p12"), keys.getPrivate(), password, cert);

        ServerIdentity identity = ServerCertificates.resolve(TlsSettings.pkcs12(p12, password), dataDir, null, CLOCK);

        assertThat(identity.leafCertificate()).isEqualTo(cert);
        assertThat(dataDir.resolve("tls")).doesNotExist();
    }

    @Test
    void settingsValidateAndHideThePassword() {
        assertThat(new TlsSettings(null, null, null, null, null).minimumProtocol()).isEqualTo("TLSv1.2");
        assertThat(LOCAL.withMinimumProtocol("TLSv1.3").minimumProtocol()).isEqualTo("TLSv1.3");
        assertThatThrownBy(() -> LOCAL.withMinimumProtocol("TLSv1.1")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TlsSettings(null, Path.of("key.pem"), null, null, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TlsSettings(Path.of("c.pem"), null, Path.of("s.p12"), null, null))
                .isInstanceOf(IllegalArgumentException.class);

        TlsSettings withPassword = TlsSettings.pkcs12(Path.of("s.p12"), "hunter2".toCharArray());
        assertThat(withPassword.toString()).doesNotContain("hunter2").contains("****");
        assertThat(withPassword).isEqualTo(TlsSettings.pkcs12(Path.of("s.p12"), "hunter2".toCharArray()));
        assertThat(ServerCertificates.localDnsNames("localhost")).containsExactly("localhost", "*.localhost");
    }

    @Test
    void localCertificatesNameTheCrlUrlAndAreReissuedWhenItChanges() {
        java.net.URI first = java.net.URI.create("https://localhost:8443/coffer-ca.crl");
        X509Certificate leaf = ServerCertificates.resolve(LOCAL, dataDir, null, first, CLOCK).leafCertificate();
        assertThat(CaRevocationList.distributionPointOf(leaf)).isEqualTo(first.toString());
        assertThat(ServerCertificates.resolve(LOCAL, dataDir, null, first, CLOCK).leafCertificate()).isEqualTo(leaf);

        java.net.URI moved = java.net.URI.create("https://localhost:9443/coffer-ca.crl");
        X509Certificate again = ServerCertificates.resolve(LOCAL, dataDir, null, moved, CLOCK).leafCertificate();
        assertThat(again).isNotEqualTo(leaf);
        assertThat(CaRevocationList.distributionPointOf(again)).isEqualTo(moved.toString());
    }

    @Test
    void operatorCertificatesAreLeftAsTheyAre() throws Exception {
        KeyPair keys = TestCertificates.ec();
        X509Certificate cert = TestCertificates.selfSigned(keys);
        Path certFile = TestCertificates.writePem(dataDir.resolve("cert.pem"), cert);
        Path keyFile = TestCertificates.writePkcs8(dataDir.resolve("key.pem"), keys.getPrivate());

        ServerIdentity identity = ServerCertificates.resolve(TlsSettings.pem(certFile, keyFile), dataDir, null,
                java.net.URI.create("https://localhost:8443/coffer-ca.crl"), CLOCK);
        assertThat(identity.leafCertificate()).isEqualTo(cert);
        assertThat(dataDir.resolve("tls")).doesNotExist();
    }

    @Test
    void storedLeafMustBeSignedByTheCurrentCa() {
        LocalCertificateAuthority ownCa = LocalCertificateAuthority.loadOrCreate(dataDir.resolve("tls"), CLOCK);
        LocalCertificateAuthority otherCa = LocalCertificateAuthority.loadOrCreate(dataDir.resolve("other"), CLOCK);
        X509Certificate stored = ownCa.issueServerCertificate(ServerCertificates.localDnsNames(null), ServerCertificates.LOCAL_IP_ADDRESSES,
                        Duration.ofDays(100)).certificate();

        assertThat(ServerCertificates.reusable(stored, otherCa, ServerCertificates.localDnsNames(null),
                ServerCertificates.LOCAL_IP_ADDRESSES, NOW)).isFalse();
        assertThat(ServerCertificates.reusable(stored, ownCa, ServerCertificates.localDnsNames(null),
                ServerCertificates.LOCAL_IP_ADDRESSES, NOW)).isTrue();
        assertThat(ServerCertificates.reusable(stored, ownCa, ServerCertificates.localDnsNames(null),
                ServerCertificates.LOCAL_IP_ADDRESSES, NOW.plus(Duration.ofDays(75)))).as("under 30 days left").isFalse();
        assertThat(ServerCertificates.reusable(stored, ownCa, ServerCertificates.localDnsNames(null),
                List.of("127.0.0.1", "::1", "10.0.0.1"), NOW)).as("missing an address").isFalse();
    }
}
