package dev.coffer.tls;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import org.bouncycastle.util.IPAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides which certificate the server presents: the operator's own if configured, else one issued by the
 * local CA for the names Coffer is reached by. The issued certificate is kept on disk and reused across
 * restarts, so clients pinning or caching it are not disturbed by every restart.
 */
public final class ServerCertificates {

    public static final String TLS_DIRECTORY = "tls";
    public static final String SERVER_CERTIFICATE_FILE = "server.pem";
    public static final String SERVER_KEY_FILE = "server-key.pem";
    public static final String DEFAULT_VAULT_DNS_SUFFIX = "vault.localhost";
    public static final List<String> LOCAL_IP_ADDRESSES = List.of("127.0.0.1", "::1");
    /** Renewal happens at startup only, so leave a month for the next restart to come around. */
    static final Duration RENEW_BEFORE = Duration.ofDays(30);

    private static final Logger LOG = LoggerFactory.getLogger(ServerCertificates.class);

    private ServerCertificates() {
    }

    /**
     * @param dataDir Coffer's data directory; the local CA lives in {@code <dataDir>/tls/}
     * @param vaultDnsSuffix vaults are addressed as {@code https://{vault}.{suffix}}; null means {@value #DEFAULT_VAULT_DNS_SUFFIX}
     */
    public static ServerIdentity resolve(TlsSettings settings, Path dataDir, String vaultDnsSuffix, Clock clock) {
        return resolve(settings, dataDir, vaultDnsSuffix, null, clock);
    }

    /**
     * @param crlUrl where the server serves the local CA's revocation list ({@link CaRevocationList}), named in the
     *               certificates the local CA issues; null for none. The operator's own certificates are left as
     *               they are.
     */
    public static ServerIdentity resolve(TlsSettings settings, Path dataDir, String vaultDnsSuffix, URI crlUrl,
                                         Clock clock) {
        if (settings.pkcs12File() != null) {
            return checked(ServerIdentity.fromPkcs12(settings.pkcs12File(), settings.pkcs12Password()),
                    settings.pkcs12File(), clock);
        }
        if (settings.certificateFile() != null) {
            Path keyFile = settings.privateKeyFile() != null ? settings.privateKeyFile() : settings.certificateFile();
            LocalCertificateAuthority.warnIfReadableByOthers(keyFile);
            return checked(ServerIdentity.fromPem(settings.certificateFile(), keyFile), settings.certificateFile(), clock);
        }
        return fromLocalCertificateAuthority(dataDir.resolve(TLS_DIRECTORY), localDnsNames(vaultDnsSuffix), crlUrl,
                clock);
    }

    /**
     * Where clients find the CA to trust, or null when the operator supplied the certificate (its issuer is
     * then theirs to distribute).
     */
    public static Path localCaCertificate(TlsSettings settings, Path dataDir) {
        return settings.usesLocalCertificateAuthority()
                ? dataDir.resolve(TLS_DIRECTORY).resolve(LocalCertificateAuthority.CA_CERTIFICATE_FILE)
                : null;
    }

    /** {@code localhost}, the suffix itself and every vault host under it. */
    public static List<String> localDnsNames(String vaultDnsSuffix) {
        String suffix = normalizeSuffix(vaultDnsSuffix);
        return List.copyOf(new LinkedHashSet<>(List.of("localhost", suffix, "*." + suffix)));
    }

    private static ServerIdentity fromLocalCertificateAuthority(Path tlsDir, List<String> dnsNames, URI crlUrl,
                                                                Clock clock) {
        LocalCertificateAuthority ca = LocalCertificateAuthority.loadOrCreate(tlsDir, clock);
        Path certFile = tlsDir.resolve(SERVER_CERTIFICATE_FILE);
        Path keyFile = tlsDir.resolve(SERVER_KEY_FILE);
        if (Files.exists(certFile) && Files.exists(keyFile)) {
            try {
                ServerIdentity stored = ServerIdentity.fromPem(certFile, keyFile);
                if (reusable(stored.leafCertificate(), ca, dnsNames, LOCAL_IP_ADDRESSES, clock.instant())
                        && Objects.equals(CaRevocationList.distributionPointOf(stored.leafCertificate()),
                                crlUrl == null ? null : crlUrl.toString())) {
                    return stored;
                }
            } catch (TlsSetupException | IllegalArgumentException e) {
                // It is ours to regenerate; a damaged copy must not keep the server down.
                LOG.warn("Ignoring unusable stored server certificate {}: {}", certFile, e.getMessage());
            }
        }
        // A stored leaf naming another CRL address (the port changed, or it predates CRLs) is replaced too.
        IssuedCertificate issued = ca.issueServerCertificate(dnsNames, LOCAL_IP_ADDRESSES,
                LocalCertificateAuthority.DEFAULT_SERVER_VALIDITY, crlUrl);
        PemFiles.write(keyFile, PemFiles.OWNER_ONLY, List.of(issued.privateKey()));
        PemFiles.write(certFile, PemFiles.WORLD_READABLE, issued.chain());
        LOG.info("Issued server certificate for {} {} valid until {}, signed by local CA {} (CRL {})", dnsNames,
                LOCAL_IP_ADDRESSES, issued.certificate().getNotAfter().toInstant(), ca.caCertificatePath(), crlUrl);
        return issued.toServerIdentity();
    }

    static boolean reusable(X509Certificate leaf, LocalCertificateAuthority ca, List<String> dnsNames,
            List<String> ipAddresses, Instant now) {
        if (leaf.getNotBefore().toInstant().isAfter(now)
                || leaf.getNotAfter().toInstant().isBefore(now.plus(RENEW_BEFORE))) {
            return false;
        }
        try {
            // A CA recreated since the leaf was issued would make the stored leaf untrusted.
            leaf.verify(ca.certificate().getPublicKey());
        } catch (GeneralSecurityException e) {
            return false;
        }
        return covers(leaf, dnsNames, ipAddresses);
    }

    static boolean covers(X509Certificate leaf, List<String> dnsNames, List<String> ipAddresses) {
        Set<String> dns = new HashSet<>();
        Set<InetAddress> ips = new HashSet<>();
        try {
            Collection<List<?>> sans = leaf.getSubjectAlternativeNames();
            for (List<?> san : sans == null ? List.<List<?>>of() : sans) {
                int type = (Integer) san.get(0);
                if (type == 2) {
                    dns.add(((String) san.get(1)).toLowerCase(Locale.ROOT));
                } else if (type == 7) {
                    ips.add(ipLiteral((String) san.get(1)));
                }
            }
        } catch (CertificateParsingException e) {
            return false;
        }
        List<InetAddress> wanted = new ArrayList<>();
        for (String ip : ipAddresses) {
            wanted.add(ipLiteral(ip));
        }
        return dnsNames.stream().map(n -> n.toLowerCase(Locale.ROOT)).allMatch(dns::contains) && ips.containsAll(wanted);
    }

    /** Compares addresses, not spellings ({@code ::1} versus {@code 0:0:0:0:0:0:0:1}). */
    private static InetAddress ipLiteral(String literal) {
        if (!IPAddress.isValid(literal)) {
            // Guard: InetAddress.getByName would otherwise go to DNS.
            throw new IllegalArgumentException("not an IP address literal: " + literal);
        }
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP address literal: " + literal, e);
        }
    }

    private static ServerIdentity checked(ServerIdentity identity, Path source, Clock clock) {
        Instant now = clock.instant();
        Instant notAfter = identity.leafCertificate().getNotAfter().toInstant();
        if (notAfter.isBefore(now)) {
            LOG.warn("TLS certificate {} expired at {}; clients will refuse it", source, notAfter);
        } else if (notAfter.isBefore(now.plus(RENEW_BEFORE))) {
            LOG.warn("TLS certificate {} expires at {}; replace it soon", source, notAfter);
        }
        return identity;
    }

    private static String normalizeSuffix(String vaultDnsSuffix) {
        String suffix = vaultDnsSuffix == null || vaultDnsSuffix.isBlank() ? DEFAULT_VAULT_DNS_SUFFIX : vaultDnsSuffix.strip();
        while (suffix.startsWith(".")) {
            suffix = suffix.substring(1);
        }
        while (suffix.endsWith(".")) {
            suffix = suffix.substring(0, suffix.length() - 1);
        }
        return suffix.toLowerCase(Locale.ROOT);
    }
}
