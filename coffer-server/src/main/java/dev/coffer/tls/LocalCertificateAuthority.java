package dev.coffer.tls;

import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.IPAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The zero-configuration trust root: a CA kept in {@code <data-dir>/tls/} that users trust once
 * ({@code ca.pem}) and that then signs every server certificate Coffer issues for itself.
 *
 * <p>Keys are EC P-256 with ECDSA-SHA256: universally accepted by Java, Node, Python/OpenSSL, Go, .NET and
 * browsers, and generated in milliseconds. Extensions (critical basicConstraints and keyUsage, SKI/AKI)
 * follow what OpenSSL's X509_STRICT mode demands, which Python 3.13 enables by default.
 */
public final class LocalCertificateAuthority {

    public static final String CA_CERTIFICATE_FILE = "ca.pem";
    public static final String CA_KEY_FILE = "ca-key.pem";
    /** CA/Browser Forum and Apple cap server certificates at 398 days; one day of margin. */
    public static final Duration DEFAULT_SERVER_VALIDITY = Duration.ofDays(397);

    private static final Logger LOG = LoggerFactory.getLogger(LocalCertificateAuthority.class);
    private static final Duration CA_VALIDITY = Duration.ofDays(3650);
    /** Containers and laptops disagree on the time by minutes; a certificate "not yet valid" is a confusing failure. */
    private static final Duration BACKDATE = Duration.ofHours(1);
    private static final String SIGNATURE_ALGORITHM = "SHA256withECDSA";
    private static final Pattern DNS_NAME = Pattern.compile(
            "(\\*\\.)?[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*");

    private final Path tlsDir;
    private final X509Certificate certificate;
    private final PrivateKey privateKey;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    private LocalCertificateAuthority(Path tlsDir, X509Certificate certificate, PrivateKey privateKey, Clock clock) {
        this.tlsDir = tlsDir;
        this.certificate = certificate;
        this.privateKey = privateKey;
        this.clock = clock;
    }

    /**
     * Loads the CA from {@code tlsDir}, creating it on first use. An existing CA is never replaced
     * silently: users may already trust it, so a missing key next to an existing {@code ca.pem} is an error
     * rather than a reason to start over.
     */
    public static LocalCertificateAuthority loadOrCreate(Path tlsDir, Clock clock) {
        Path certFile = tlsDir.resolve(CA_CERTIFICATE_FILE);
        Path keyFile = tlsDir.resolve(CA_KEY_FILE);
        if (Files.exists(certFile)) {
            if (!Files.exists(keyFile)) {
                throw new TlsSetupException("Local CA certificate " + certFile + " exists but its key " + keyFile
                        + " is missing; restore the key, or delete " + certFile + " to create a new CA (clients must then trust the new one)");
            }
            return load(tlsDir, certFile, keyFile, clock);
        }
        return create(tlsDir, certFile, keyFile, clock);
    }

    public Path caCertificatePath() {
        return tlsDir.resolve(CA_CERTIFICATE_FILE);
    }

    public X509Certificate certificate() {
        return certificate;
    }

    /**
     * Issues a TLS server certificate. The leaf never outlives the CA, since a chain with an expired root is
     * rejected anyway and an explicit error here is easier to act on.
     *
     * @param dnsNames host names, lower-case, optionally with a leading {@code *.} wildcard
     * @param ipAddresses IPv4/IPv6 literals
     */
    public IssuedCertificate issueServerCertificate(List<String> dnsNames, List<String> ipAddresses, Duration validity) {
        return issueServerCertificate(dnsNames, ipAddresses, validity, null);
    }

    /**
     * As {@link #issueServerCertificate(List, List, Duration)}, naming {@code crlUrl} as the certificate's CRL
     * distribution point: where this CA publishes its {@link #issueCrl revocation list}, so clients and scanners
     * that check revocation find one.
     */
    public IssuedCertificate issueServerCertificate(List<String> dnsNames, List<String> ipAddresses, Duration validity,
                                                    URI crlUrl) {
        if (dnsNames.isEmpty() && ipAddresses.isEmpty()) {
            throw new IllegalArgumentException("a server certificate needs at least one DNS name or IP address");
        }
        if (validity.isNegative() || validity.isZero()) {
            throw new IllegalArgumentException("validity must be positive: " + validity);
        }
        Instant now = clock.instant();
        Instant caNotAfter = certificate.getNotAfter().toInstant();
        if (!now.isBefore(caNotAfter)) {
            throw new TlsSetupException("Local CA " + caCertificatePath() + " expired at " + caNotAfter
                    + "; delete " + CA_CERTIFICATE_FILE + " and " + CA_KEY_FILE + " to create a new one (clients must then trust the new CA)");
        }
        Instant notAfter = now.plus(validity);
        if (notAfter.isAfter(caNotAfter)) {
            notAfter = caNotAfter;
        }
        List<GeneralName> names = new ArrayList<>();
        for (String dns : dnsNames) {
            names.add(new GeneralName(GeneralName.dNSName, requireDnsName(dns)));
        }
        for (String ip : ipAddresses) {
            if (!IPAddress.isValid(ip)) {
                throw new IllegalArgumentException("not an IP address literal: " + ip);
            }
            names.add(new GeneralName(GeneralName.iPAddress, ip));
        }
        String commonName = dnsNames.isEmpty() ? ipAddresses.get(0) : dnsNames.get(0);
        try {
            KeyPair keyPair = newKeyPair(random);
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(certificate, randomSerial(random),
                    Date.from(now.minus(BACKDATE)), Date.from(notAfter),
                    commonName(commonName), keyPair.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    // ECDHE-ECDSA only ever signs; keyEncipherment would matter for an RSA key exchange we do not offer.
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
                    .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names.toArray(new GeneralName[0])))
                    .addExtension(Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(keyPair.getPublic()))
                    .addExtension(Extension.authorityKeyIdentifier, false, authorityKeyIdentifier(extensions));
            if (crlUrl != null) {
                GeneralNames where = new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier, crlUrl.toString()));
                builder.addExtension(Extension.cRLDistributionPoints, false, new CRLDistPoint(new DistributionPoint[] {
                        new DistributionPoint(new DistributionPointName(where), null, null)}));
            }
            X509Certificate leaf = sign(builder, privateKey);
            return new IssuedCertificate(keyPair.getPrivate(), leaf, certificate);
        } catch (IOException | GeneralSecurityException | OperatorCreationException e) {
            throw new TlsSetupException("Cannot issue a server certificate from " + caCertificatePath() + ": " + e.getMessage(), e);
        }
    }

    /**
     * A CRL of this CA valid from {@code thisUpdate} to {@code nextUpdate}, DER-encoded. It lists no certificate:
     * Coffer replaces its server certificate rather than revoking it, and the CA issues nothing else. Its CRL
     * number is {@code thisUpdate} in milliseconds, which grows from one list to the next without stored state.
     */
    public byte[] issueCrl(Instant thisUpdate, Instant nextUpdate) {
        try {
            X509v2CRLBuilder builder = new JcaX509v2CRLBuilder(certificate, Date.from(thisUpdate))
                    .setNextUpdate(Date.from(nextUpdate))
                    .addExtension(Extension.cRLNumber, false, new CRLNumber(BigInteger.valueOf(thisUpdate.toEpochMilli())))
                    .addExtension(Extension.authorityKeyIdentifier, false,
                            authorityKeyIdentifier(new JcaX509ExtensionUtils()));
            return builder.build(new JcaContentSignerBuilder(SIGNATURE_ALGORITHM).build(privateKey)).getEncoded();
        } catch (IOException | GeneralSecurityException | OperatorCreationException e) {
            throw new TlsSetupException("Cannot sign a CRL with " + caCertificatePath() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Key identifier only, copied from the CA's SKI so path building matches byte for byte. The issuer
     * name + serial form BouncyCastle would otherwise add is discouraged by RFC 5280 and the CA/B Forum,
     * and would tie leaves to one particular CA certificate rather than to its key.
     */
    private AuthorityKeyIdentifier authorityKeyIdentifier(JcaX509ExtensionUtils extensions) throws IOException {
        byte[] ski = certificate.getExtensionValue(Extension.subjectKeyIdentifier.getId());
        if (ski == null) {
            return extensions.createAuthorityKeyIdentifier(certificate.getPublicKey());
        }
        return new AuthorityKeyIdentifier(
                SubjectKeyIdentifier.getInstance(JcaX509ExtensionUtils.parseExtensionValue(ski)).getKeyIdentifier());
    }

    private static LocalCertificateAuthority load(Path tlsDir, Path certFile, Path keyFile, Clock clock) {
        X509Certificate cert = PemFiles.readCertificates(certFile).get(0);
        PrivateKey key = PemFiles.readPrivateKey(keyFile);
        if (cert.getBasicConstraints() < 0) {
            throw new TlsSetupException(certFile + " is not a CA certificate");
        }
        if (!ServerIdentity.keyMatches(key, cert.getPublicKey())) {
            throw new TlsSetupException("The key in " + keyFile + " does not belong to the CA certificate " + certFile);
        }
        warnIfReadableByOthers(keyFile);
        return new LocalCertificateAuthority(tlsDir, cert, key, clock);
    }

    private static LocalCertificateAuthority create(Path tlsDir, Path certFile, Path keyFile, Clock clock) {
        createPrivateDirectory(tlsDir);
        SecureRandom random = new SecureRandom();
        Instant now = clock.instant();
        try {
            KeyPair keyPair = newKeyPair(random);
            // A random suffix tells apart the CAs of several Coffer installs in a trust store listing.
            byte[] suffix = new byte[4];
            random.nextBytes(suffix);
            X500Name subject = commonName("Coffer Local CA " + HexFormat.of().formatHex(suffix));
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, randomSerial(random),
                    Date.from(now.minus(BACKDATE)), Date.from(now.plus(CA_VALIDITY)),
                    subject, keyPair.getPublic())
                    // pathLen 0: this CA signs leaves only, never another CA.
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(keyPair.getPublic()))
                    .addExtension(Extension.authorityKeyIdentifier, false, extensions.createAuthorityKeyIdentifier(keyPair.getPublic()));
            X509Certificate cert = sign(builder, keyPair.getPrivate());
            // Key first: a crash in between leaves no ca.pem, so the next start simply creates a CA again.
            PemFiles.write(keyFile, PemFiles.OWNER_ONLY, List.of(keyPair.getPrivate()));
            PemFiles.write(certFile, PemFiles.WORLD_READABLE, List.of(cert));
            LOG.info("Created local CA {} ({}); trust this file in clients to verify Coffer's certificate",
                    certFile, cert.getSubjectX500Principal().getName());
            return new LocalCertificateAuthority(tlsDir, cert, keyPair.getPrivate(), clock);
        } catch (IOException | GeneralSecurityException | OperatorCreationException e) {
            throw new TlsSetupException("Cannot create a local CA in " + tlsDir + ": " + e.getMessage(), e);
        }
    }

    private static void createPrivateDirectory(Path dir) {
        try {
            if (Files.isDirectory(dir)) {
                return;
            }
            Path parent = dir.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            if (PemFiles.isPosix(parent == null ? dir : parent)) {
                Set<PosixFilePermission> ownerOnly = PosixFilePermissions.fromString("rwx------");
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(ownerOnly));
                // The umask cannot widen the mode, but be explicit so the result does not depend on it.
                Files.setPosixFilePermissions(dir, ownerOnly);
            } else {
                Files.createDirectory(dir);
            }
        } catch (IOException e) {
            throw new TlsSetupException("Cannot create directory " + dir + ": " + e.getMessage(), e);
        }
    }

    static void warnIfReadableByOthers(Path keyFile) {
        if (!PemFiles.isPosix(keyFile)) {
            return;
        }
        try {
            Set<PosixFilePermission> mode = Files.getPosixFilePermissions(keyFile);
            if (mode.contains(PosixFilePermission.GROUP_READ) || mode.contains(PosixFilePermission.OTHERS_READ)) {
                LOG.warn("Private key {} is readable by other users (mode {}); chmod 600 it",
                        keyFile, PosixFilePermissions.toString(mode));
            }
        } catch (IOException e) {
            LOG.debug("Cannot read permissions of {}", keyFile, e);
        }
    }

    private static KeyPair newKeyPair(SecureRandom random) throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"), random);
        return generator.generateKeyPair();
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey signingKey)
            throws OperatorCreationException, GeneralSecurityException {
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder(SIGNATURE_ALGORITHM).build(signingKey)));
    }

    /** 128 random bits: well above the 64 bits of entropy the CA/Browser Forum asks of serials, and positive. */
    private static BigInteger randomSerial(SecureRandom random) {
        BigInteger serial;
        do {
            serial = new BigInteger(128, random);
        } while (serial.signum() == 0);
        return serial;
    }

    private static X500Name commonName(String cn) {
        return new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, cn).build();
    }

    private static String requireDnsName(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.length() > 253 || !DNS_NAME.matcher(lower).matches()) {
            throw new IllegalArgumentException("not a valid DNS name for a certificate: " + name);
        }
        return lower;
    }
}
