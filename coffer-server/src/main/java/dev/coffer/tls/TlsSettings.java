package dev.coffer.tls;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;

/**
 * The operator's TLS choices. With no certificate configured Coffer issues its own from the local CA; a PEM
 * pair or a PKCS#12 file replaces that.
 *
 * @param certificateFile PEM certificate chain, leaf first; null for none
 * @param privateKeyFile PEM private key; null means "the key is in {@code certificateFile}" (a combined PEM)
 * @param pkcs12File PKCS#12 keystore with key and chain; null for none
 * @param pkcs12Password its password; null is treated as empty
 * @param minimumProtocol {@code TLSv1.2} (default when null) or {@code TLSv1.3}
 * @param reloadInterval how often the configured certificate files are checked for replacement (see
 *                       {@link CertificateReloader}); zero turns the check off; null means the default
 */
public record TlsSettings(Path certificateFile, Path privateKeyFile, Path pkcs12File, char[] pkcs12Password,
        String minimumProtocol, Duration reloadInterval) {

    public static final String DEFAULT_MINIMUM_PROTOCOL = TlsPolicy.TLS_1_2;
    public static final Duration DEFAULT_RELOAD_INTERVAL = Duration.ofSeconds(10);

    public TlsSettings(Path certificateFile, Path privateKeyFile, Path pkcs12File, char[] pkcs12Password,
                       String minimumProtocol) {
        this(certificateFile, privateKeyFile, pkcs12File, pkcs12Password, minimumProtocol, DEFAULT_RELOAD_INTERVAL);
    }

    public TlsSettings {
        reloadInterval = reloadInterval == null ? DEFAULT_RELOAD_INTERVAL : reloadInterval;
        if (reloadInterval.isNegative()) {
            throw new IllegalArgumentException("the certificate reload interval cannot be negative");
        }
        minimumProtocol = TlsPolicy.requireSupportedMinimum(
                minimumProtocol == null ? DEFAULT_MINIMUM_PROTOCOL : minimumProtocol);
        if (privateKeyFile != null && certificateFile == null) {
            throw new IllegalArgumentException("a TLS private key file was given without a certificate file");
        }
        if (certificateFile != null && pkcs12File != null) {
            throw new IllegalArgumentException("configure either a PEM certificate or a PKCS#12 file, not both");
        }
        if (pkcs12Password != null && pkcs12File == null) {
            throw new IllegalArgumentException("a PKCS#12 password was given without a PKCS#12 file");
        }
    }

    /** No user certificate: the local CA issues one. */
    public static TlsSettings localCertificateAuthority() {
        return new TlsSettings(null, null, null, null, DEFAULT_MINIMUM_PROTOCOL);
    }

    public static TlsSettings pem(Path certificateFile, Path privateKeyFile) {
        return new TlsSettings(Objects.requireNonNull(certificateFile, "certificateFile"), privateKeyFile, null, null,
                DEFAULT_MINIMUM_PROTOCOL);
    }

    public static TlsSettings pkcs12(Path pkcs12File, char[] password) {
        return new TlsSettings(null, null, Objects.requireNonNull(pkcs12File, "pkcs12File"), password,
                DEFAULT_MINIMUM_PROTOCOL);
    }

    public TlsSettings withMinimumProtocol(String protocol) {
        return new TlsSettings(certificateFile, privateKeyFile, pkcs12File, pkcs12Password, protocol, reloadInterval);
    }

    public TlsSettings withReloadInterval(Duration interval) {
        return new TlsSettings(certificateFile, privateKeyFile, pkcs12File, pkcs12Password, minimumProtocol, interval);
    }

    public boolean usesLocalCertificateAuthority() {
        return certificateFile == null && pkcs12File == null;
    }

    // Arrays compare by identity in generated record methods; compare the password by content instead.
    @Override
    public boolean equals(Object o) {
        return o instanceof TlsSettings t && Objects.equals(certificateFile, t.certificateFile)
                && Objects.equals(privateKeyFile, t.privateKeyFile) && Objects.equals(pkcs12File, t.pkcs12File)
                && Arrays.equals(pkcs12Password, t.pkcs12Password) && minimumProtocol.equals(t.minimumProtocol)
                && reloadInterval.equals(t.reloadInterval);
    }

    @Override
    public int hashCode() {
        return Objects.hash(certificateFile, privateKeyFile, pkcs12File, Arrays.hashCode(pkcs12Password), minimumProtocol,
                reloadInterval);
    }

    /** Settings get logged at startup; the password must not be. */
    @Override
    public String toString() {
        return "TlsSettings[certificateFile=" + certificateFile + ", privateKeyFile=" + privateKeyFile
                + ", pkcs12File=" + pkcs12File + ", pkcs12Password=" + (pkcs12Password == null ? "null" : "****")
                + ", minimumProtocol=" + minimumProtocol + ", reloadInterval=" + reloadInterval + "]";
    }
}
