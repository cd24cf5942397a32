package dev.coffer.tls;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * Coffer's protocol and cipher policy, applied to Jetty. Only TLS 1.2 and 1.3; only ephemeral (EC)DH key
 * exchange with AEAD ciphers, i.e. forward secrecy and no CBC, static-RSA or SHA-1 MAC suites. This is the
 * Mozilla "intermediate" profile minus finite-field DHE, which no client we serve needs.
 */
public final class TlsPolicy {

    public static final String TLS_1_2 = "TLSv1.2";
    public static final String TLS_1_3 = "TLSv1.3";

    /** Preference order: TLS 1.3 suites, then ECDHE-ECDSA (our own certificates), then ECDHE-RSA (user RSA certificates). */
    public static final List<String> CIPHER_SUITES = List.of(
            "TLS_AES_128_GCM_SHA256",
            "TLS_AES_256_GCM_SHA384",
            "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");

    /**
     * Belt and braces next to the include list: should a JDK ever map a name above onto something weaker,
     * or someone widen the list, these patterns still keep the weak families out.
     */
    private static final String[] EXCLUDED_CIPHER_PATTERNS = {
        "^SSL_.*$", "^TLS_RSA_.*$", "^TLS_DHE_.*$", "^TLS_ECDH_.*$", "^.*_CBC_.*$", "^.*_(MD5|SHA|SHA1)$",
        "^.*_NULL_.*$", "^.*_anon_.*$", "^.*_EXPORT_.*$", "^.*_RC4_.*$", "^.*_3DES_.*$",
    };

    static final String REJECT_CLIENT_RENEGOTIATION = "jdk.tls.rejectClientInitiatedRenegotiation";

    private static final String[] LEGACY_PROTOCOLS = {"SSL", "SSLv2", "SSLv2Hello", "SSLv3", "TLSv1", "TLSv1.1"};

    private TlsPolicy() {
    }

    /**
     * A Jetty server-side SSL context presenting {@code identity}. SNI is optional because clients connect by
     * IP ({@code 127.0.0.1}) and by single-label names ({@code localhost}), for which no SNI is sent. Jetty's
     * per-request SNI/Host check lives in {@code SecureRequestCustomizer} and must be disabled there.
     *
     * @param minimumProtocol {@value #TLS_1_2} or {@value #TLS_1_3}
     */
    public static SslContextFactory.Server serverContext(ServerIdentity identity, String minimumProtocol) {
        SslContextFactory.Server factory = serverContext(minimumProtocol);
        present(factory, identity);
        return factory;
    }

    /**
     * Sets the certificate and key a context made by {@link #serverContext(String)} presents; before the server
     * starts. The server makes its context first because the local CA's certificate names a URL with the port,
     * which is known once the listener is open.
     */
    public static void present(SslContextFactory.Server factory, ServerIdentity identity) {
        // The keystore never leaves memory; its password exists only because the KeyStore API wants one.
        String password = randomPassword();
        factory.setKeyStore(identity.toKeyStore(password.toCharArray()));
        factory.setKeyStorePassword(password);
        factory.setCertAlias(ServerIdentity.KEY_ALIAS);
    }

    /** The policy of {@link #serverContext(ServerIdentity, String)} without a certificate yet (see {@link #present}). */
    public static SslContextFactory.Server serverContext(String minimumProtocol) {
        List<String> protocols = protocolsFrom(minimumProtocol);
        SslContextFactory.Server factory = new SslContextFactory.Server();
        factory.setIncludeProtocols(protocols.toArray(new String[0]));
        List<String> excludedProtocols = new ArrayList<>(List.of(LEGACY_PROTOCOLS));
        if (!protocols.contains(TLS_1_2)) {
            excludedProtocols.add(TLS_1_2);
        }
        factory.setExcludeProtocols(excludedProtocols.toArray(new String[0]));

        factory.setIncludeCipherSuites(CIPHER_SUITES.toArray(new String[0]));
        factory.setExcludeCipherSuites(EXCLUDED_CIPHER_PATTERNS);
        factory.setUseCipherSuitesOrder(true);

        factory.setSniRequired(false);
        // Client-initiated renegotiation buys nothing for an API server and has a history of DoS and injection bugs.
        // JSSE refuses it with a handshake_failure alert once jdk.tls.rejectClientInitiatedRenegotiation is set
        // (read at its first server handshake, so this runs before the server starts; an explicit -D wins).
        // Jetty's own refusal closes the connection without an alert, which clients and scanners (testssl.sh)
        // cannot tell from a network drop, so Jetty passes renegotiation on to JSSE only while JSSE refuses it.
        if (System.getProperty(REJECT_CLIENT_RENEGOTIATION) == null) {
            System.setProperty(REJECT_CLIENT_RENEGOTIATION, "true");
        }
        factory.setRenegotiationAllowed(Boolean.parseBoolean(System.getProperty(REJECT_CLIENT_RENEGOTIATION)));
        return factory;
    }

    /** Enabled protocols, newest first. */
    static List<String> protocolsFrom(String minimumProtocol) {
        return switch (requireSupportedMinimum(minimumProtocol)) {
            case TLS_1_3 -> List.of(TLS_1_3);
            default -> List.of(TLS_1_3, TLS_1_2);
        };
    }

    static String requireSupportedMinimum(String minimumProtocol) {
        if (TLS_1_2.equals(minimumProtocol) || TLS_1_3.equals(minimumProtocol)) {
            return minimumProtocol;
        }
        throw new IllegalArgumentException("minimum TLS protocol must be " + TLS_1_2 + " or " + TLS_1_3
                + ", not " + minimumProtocol);
    }

    private static String randomPassword() {
        byte[] bytes = new byte[18];
        new SecureRandom().nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }
}
