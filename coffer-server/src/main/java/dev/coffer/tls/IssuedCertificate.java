package dev.coffer.tls;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/** A freshly issued leaf, its key, and the local CA certificate that signed it. */
public record IssuedCertificate(PrivateKey privateKey, X509Certificate certificate, X509Certificate caCertificate) {

    public IssuedCertificate {
        Objects.requireNonNull(privateKey, "privateKey");
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(caCertificate, "caCertificate");
    }

    /**
     * The CA is sent along with the leaf: clients that trust it ignore the duplicate, and
     * {@code openssl s_client -showcerts} then shows users exactly which CA to trust.
     */
    public List<X509Certificate> chain() {
        return List.of(certificate, caCertificate);
    }

    public ServerIdentity toServerIdentity() {
        return new ServerIdentity(privateKey, chain());
    }

    @Override
    public String toString() {
        return "IssuedCertificate[subject=" + certificate.getSubjectX500Principal() + ", notAfter="
                + certificate.getNotAfter().toInstant() + "]";
    }
}
