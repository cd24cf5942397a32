package dev.coffer.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.testkit.SettableClock;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.file.Path;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertStore;
import java.security.cert.CertificateFactory;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.x509.Extension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CaRevocationListTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final URI URL = URI.create("https://localhost:8443/coffer-ca.crl");

    @TempDir
    Path dataDir;

    private final SettableClock clock = new SettableClock(NOW);

    private static X509CRL parse(byte[] der) throws Exception {
        return (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(new ByteArrayInputStream(der));
    }

    @Test
    void leavesNameTheDistributionPointAndTheCaSignedListPassesAPkixRevocationCheck() throws Exception {
        LocalCertificateAuthority ca = LocalCertificateAuthority.loadOrCreate(dataDir.resolve("tls"), clock);
        X509Certificate leaf = ca.issueServerCertificate(List.of("localhost"), List.of("127.0.0.1"),
                Duration.ofDays(30), URL).certificate();
        assertThat(CaRevocationList.distributionPointOf(leaf)).isEqualTo(URL.toString());
        assertThat(leaf.getNonCriticalExtensionOIDs()).contains(Extension.cRLDistributionPoints.getId());
        assertThat(CaRevocationList.distributionPointOf(ca.issueServerCertificate(List.of("localhost"), List.of(),
                Duration.ofDays(30)).certificate())).isNull();

        X509CRL crl = parse(new CaRevocationList(ca, clock).der());
        crl.verify(ca.certificate().getPublicKey());
        assertThat(crl.getIssuerX500Principal()).isEqualTo(ca.certificate().getSubjectX500Principal());
        assertThat(crl.getRevokedCertificates()).isNull();
        assertThat(crl.getThisUpdate().toInstant()).isBefore(NOW);
        assertThat(crl.getNextUpdate().toInstant()).isEqualTo(NOW.plus(CaRevocationList.VALIDITY));
        assertThat(crl.getNonCriticalExtensionOIDs()).contains(Extension.cRLNumber.getId(),
                Extension.authorityKeyIdentifier.getId());

        // Java's own revocation checker, given the list, accepts the leaf; without a list it cannot.
        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        PKIXParameters params = new PKIXParameters(Set.of(new TrustAnchor(ca.certificate(), null)));
        params.setRevocationEnabled(true);
        params.setDate(Date.from(NOW));
        params.addCertStore(CertStore.getInstance("Collection", new CollectionCertStoreParameters(List.of(crl))));
        CertPathValidator.getInstance("PKIX").validate(factory.generateCertPath(List.of(leaf)), params);

        PKIXParameters withoutList = new PKIXParameters(Set.of(new TrustAnchor(ca.certificate(), null)));
        withoutList.setRevocationEnabled(true);
        withoutList.setDate(Date.from(NOW));
        // Keep the checker offline: no OCSP, and the distribution point is not fetched (no CRLDP property set).
        assertThatThrownBy(() -> CertPathValidator.getInstance("PKIX")
                .validate(factory.generateCertPath(List.of(leaf)), withoutList))
                .isInstanceOf(CertPathValidatorException.class);
    }

    @Test
    void theListIsSignedAgainDailyLongBeforeItsNextUpdate() throws Exception {
        LocalCertificateAuthority ca = LocalCertificateAuthority.loadOrCreate(dataDir.resolve("tls"), clock);
        CaRevocationList list = new CaRevocationList(ca, clock);
        X509CRL first = parse(list.der());

        clock.set(NOW.plus(Duration.ofHours(23)));
        assertThat(parse(list.der())).isEqualTo(first);

        clock.set(NOW.plus(CaRevocationList.REFRESH_AFTER));
        X509CRL second = parse(list.der());
        assertThat(second).isNotEqualTo(first);
        assertThat(second.getThisUpdate()).isAfter(first.getThisUpdate());
        assertThat(second.getNextUpdate().toInstant()).isAfter(first.getNextUpdate().toInstant());
        // Whenever it is fetched, the served list has at least six days left.
        assertThat(Duration.between(clock.instant(), first.getNextUpdate().toInstant()))
                .isGreaterThanOrEqualTo(CaRevocationList.VALIDITY.minus(CaRevocationList.REFRESH_AFTER));
    }
}
