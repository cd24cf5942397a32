package dev.coffer.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalCertificateAuthorityTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    @TempDir
    Path dataDir;

    @Test
    void createsSelfSignedCaWithCaExtensions() throws Exception {
        Path tlsDir = dataDir.resolve("tls");
        LocalCertificateAuthority ca = LocalCertificateAuthority.loadOrCreate(tlsDir, CLOCK);
        X509Certificate cert = ca.certificate();

        assertThat(ca.caCertificatePath()).isEqualTo(tlsDir.resolve("ca.pem")).exists();
        assertThat(tlsDir.resolve("ca-key.pem")).exists();
        assertThat(cert.getSubjectX500Principal().getName()).matches("CN=Coffer Local CA [0-9a-f]{8}");
        assertThat(cert.getIssuerX500Principal()).isEqualTo(cert.getSubjectX500Principal());
        cert.verify(cert.getPublicKey());
        assertThat(cert.getBasicConstraints()).isGreaterThanOrEqualTo(0);
        assertThat(cert.getCriticalExtensionOIDs()).contains("2.5.29.19", "2.5.29.15");
        boolean[] keyUsage = cert.getKeyUsage();
        assertThat(keyUsage[5]).as("keyCertSign").isTrue();
        assertThat(keyUsage[6]).as("cRLSign").isTrue();
        assertThat(keyUsage[0]).as("digitalSignature").isFalse();
        assertThat(cert.getPublicKey().getAlgorithm()).isEqualTo("EC");
        assertThat(Duration.between(NOW, cert.getNotAfter().toInstant())).isEqualTo(Duration.ofDays(3650));
        assertThat(cert.getNotBefore().toInstant()).isBefore(NOW);
    }

    @Test
    void filesAndDirectoryGetRestrictiveModes() throws Exception {
        assumeTrue(dataDir.getFileSystem().supportedFileAttributeViews().contains("posix"));
        Path tlsDir = dataDir.resolve("tls");
        LocalCertificateAuthority.loadOrCreate(tlsDir, CLOCK);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tlsDir))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tlsDir.resolve("ca.pem"))))
                .isEqualTo("rw-r--r--");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tlsDir.resolve("ca-key.pem"))))
                .isEqualTo("rw-------");
        assertThat(Files.readString(tlsDir.resolve("ca-key.pem"))).startsWith("-----BEGIN PRIVATE KEY-----");
        try (var listing = Files.list(tlsDir)) {
            assertThat(listing.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("ca.pem", "ca-key.pem");
        }
    }

    @Test
    void secondStartReusesTheSameCa() throws Exception {
        Path tlsDir = dataDir.resolve("tls");
        X509Certificate first = LocalCertificateAuthority.loadOrCreate(tlsDir, CLOCK).certificate();
        LocalCertificateAuthority again = LocalCertificateAuthority.loadOrCreate(tlsDir, Clock.offset(CLOCK, Duration.ofDays(1)));

        assertThat(again.certificate()).isEqualTo(first);
        // The reloaded key still signs leaves that chain to the original CA.
        IssuedCertificate leaf = again.issueServerCertificate(List.of("localhost"), List.of(), Duration.ofDays(30));
        leaf.certificate().verify(first.getPublicKey());
    }

    @Test
    void leafChainsToCaAndCarriesServerExtensions() throws Exception {
        LocalCertificateAuthority ca = LocalCertificateAuthority.loadOrCreate(dataDir.resolve("tls"), CLOCK);
        IssuedCertificate issued = ca.issueServerCertificate(List.of("localhost", "vault.localhost", "*.vault.localhost"),
                List.of("127.0.0.1", "::1"), LocalCertificateAuthority.DEFAULT_SERVER_VALIDITY);
        X509Certificate leaf = issued.certificate();

        PKIXParameters params = new PKIXParameters(Set.of(new TrustAnchor(ca.certificate(), null)));
        params.setRevocationEnabled(false);
        params.setDate(Date.from(NOW));
        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        CertPathValidator.getInstance("PKIX").validate(factory.generateCertPath(List.of(leaf)), params);

        assertThat(TestCertificates.sanStrings(leaf)).containsExactly("2:localhost", "2:vault.localhost",
                "2:*.vault.localhost", "7:127.0.0.1", "7:0:0:0:0:0:0:0:1");
        assertThat(leaf.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
        assertThat(leaf.getBasicConstraints()).isEqualTo(-1);
        assertThat(leaf.getKeyUsage()[0]).as("digitalSignature").isTrue();
        assertThat(leaf.getKeyUsage()[5]).as("keyCertSign").isFalse();
        assertThat(leaf.getSerialNumber().signum()).isPositive();
        assertThat(leaf.getSerialNumber().bitLength()).isBetween(64, 128);
        assertThat(leaf.getSubjectX500Principal().getName()).isEqualTo("CN=localhost");
        assertThat(Duration.between(NOW, leaf.getNotAfter().toInstant())).isEqualTo(Duration.ofDays(397));
        assertThat(issued.chain()).containsExactly(leaf, ca.certificate());
        AuthorityKeyIdentifier aki = AuthorityKeyIdentifier.getInstance(JcaX509ExtensionUtils.parseExtensionValue(
                leaf.getExtensionValue(Extension.authorityKeyIdentifier.getId())));
        SubjectKeyIdentifier caSki = SubjectKeyIdentifier.getInstance(JcaX509ExtensionUtils.parseExtensionValue(
                ca.certificate().getExtensionValue(Extension.subjectKeyIdentifier.getId())));
        assertThat(aki.getKeyIdentifier()).isEqualTo(caSki.getKeyIdentifier());
        assertThat(aki.getAuthorityCertIssuer()).isNull();
        assertThat(issued.toServerIdentity().leafCertificate()).isEqualTo(leaf);
    }

    @Test
    void leafNeverOutlivesTheCa() {
        LocalCertificateAuthority ca = LocalCertificateAuthority.loadOrCreate(dataDir.resolve("tls"), CLOCK);
        Instant nearCaExpiry = ca.certificate().getNotAfter().toInstant().minus(Duration.ofDays(10));
        LocalCertificateAuthority later = LocalCertificateAuthority.loadOrCreate(dataDir.resolve("tls"),
                Clock.fixed(nearCaExpiry, ZoneOffset.UTC));

        X509Certificate leaf = later.issueServerCertificate(List.of("localhost"), List.of(), Duration.ofDays(397)).certificate();

        assertThat(leaf.getNotAfter()).isEqualTo(ca.certificate().getNotAfter());
        LocalCertificateAuthority expired = LocalCertificateAuthority.loadOrCreate(dataDir.resolve("tls"),
                Clock.fixed(nearCaExpiry.plus(Duration.ofDays(11)), ZoneOffset.UTC));
        assertThatThrownBy(() -> expired.issueServerCertificate(List.of("localhost"), List.of(), Duration.ofDays(1)))
                .isInstanceOf(TlsSetupException.class).hasMessageContaining("expired");
    }

    @Test
    void refusesToReplaceACaWhoseKeyIsMissing() throws Exception {
        Path tlsDir = dataDir.resolve("tls");
        LocalCertificateAuthority.loadOrCreate(tlsDir, CLOCK);
        Files.delete(tlsDir.resolve("ca-key.pem"));

        assertThatThrownBy(() -> LocalCertificateAuthority.loadOrCreate(tlsDir, CLOCK))
                .isInstanceOf(TlsSetupException.class).hasMessageContaining("ca-key.pem");
    }

    @Test
    void rejectsMalformedNames() {
        LocalCertificateAuthority ca = LocalCertificateAuthority.loadOrCreate(dataDir.resolve("tls"), CLOCK);

        assertThatThrownBy(() -> ca.issueServerCertificate(List.of("bad host"), List.of(), Duration.ofDays(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ca.issueServerCertificate(List.of("a.*.example"), List.of(), Duration.ofDays(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ca.issueServerCertificate(List.of(), List.of("localhost"), Duration.ofDays(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ca.issueServerCertificate(List.of(), List.of(), Duration.ofDays(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
