package dev.coffer.tls;

import java.io.IOException;
import java.net.URI;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;

/**
 * The local CA's certificate revocation list, served without authentication at {@value #PATH} on the service
 * host and named as the CRL distribution point of the server certificates the CA issues. Without one, clients
 * that check revocation have nothing to check and scanners (testssl.sh) rate the certificate HIGH.
 *
 * <p>Signed on first request and again once {@link #REFRESH_AFTER} has passed, long before its
 * {@link #VALIDITY} ends ({@code nextUpdate}), so a client never holds a list about to expire. The served
 * list sits in an {@link AtomicReference}: two requests that find it due may both sign one, and either is valid.
 */
public final class CaRevocationList {

    public static final String PATH = "/coffer-ca.crl";
    public static final String CONTENT_TYPE = "application/pkix-crl";
    static final Duration VALIDITY = Duration.ofDays(7);
    static final Duration REFRESH_AFTER = Duration.ofDays(1);
    /** As the certificates are: a client whose clock runs a little behind must not see a list "from the future". */
    private static final Duration BACKDATE = Duration.ofHours(1);

    private record Signed(byte[] der, Instant refreshAt) {
    }

    private final LocalCertificateAuthority ca;
    private final Clock clock;
    private final AtomicReference<Signed> current = new AtomicReference<>();

    public CaRevocationList(LocalCertificateAuthority ca, Clock clock) {
        this.ca = ca;
        this.clock = clock;
    }

    /** Where clients of a service at {@code serviceBase} ({@code https://host:port}) fetch the list. */
    public static URI url(String serviceBase) {
        return URI.create(serviceBase + PATH);
    }

    /** The current list, DER-encoded (a copy). */
    public byte[] der() {
        Instant now = clock.instant();
        Signed s = current.get();
        if (s == null || !now.isBefore(s.refreshAt())) {
            Signed fresh = new Signed(ca.issueCrl(now.minus(BACKDATE), now.plus(VALIDITY)), now.plus(REFRESH_AFTER));
            current.compareAndSet(s, fresh);
            s = fresh;
        }
        return s.der().clone();
    }

    /** The first URI among {@code certificate}'s CRL distribution points, or null when it names none. */
    public static String distributionPointOf(X509Certificate certificate) {
        byte[] value = certificate.getExtensionValue(Extension.cRLDistributionPoints.getId());
        if (value == null) {
            return null;
        }
        try {
            for (DistributionPoint p : CRLDistPoint.getInstance(JcaX509ExtensionUtils.parseExtensionValue(value))
                    .getDistributionPoints()) {
                DistributionPointName name = p.getDistributionPoint();
                if (name == null || name.getType() != DistributionPointName.FULL_NAME) {
                    continue;
                }
                for (GeneralName n : GeneralNames.getInstance(name.getName()).getNames()) {
                    if (n.getTagNo() == GeneralName.uniformResourceIdentifier) {
                        return n.getName().toString();
                    }
                }
            }
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
        return null;
    }
}
