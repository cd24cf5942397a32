package dev.coffer.tls;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * What the TLS endpoint presents: a private key and its certificate chain, leaf first. The constructor
 * insists the key belongs to the leaf, because a mismatched pair only shows up later as an opaque handshake
 * failure on the client side.
 */
public record ServerIdentity(PrivateKey privateKey, List<X509Certificate> certificateChain) {

    static final String KEY_ALIAS = "coffer";

    public ServerIdentity {
        Objects.requireNonNull(privateKey, "privateKey");
        certificateChain = List.copyOf(certificateChain);
        if (certificateChain.isEmpty()) {
            throw new IllegalArgumentException("certificate chain is empty");
        }
        if (!keyMatches(privateKey, certificateChain.get(0).getPublicKey())) {
            throw new IllegalArgumentException("private key does not belong to certificate "
                    + certificateChain.get(0).getSubjectX500Principal());
        }
    }

    public X509Certificate leafCertificate() {
        return certificateChain.get(0);
    }

    /**
     * @param certificatePem leaf plus any intermediates; if the leaf is not first it is moved there
     * @param privateKeyPem PKCS#8 or traditional RSA/EC key; may be the same file as the certificates
     */
    public static ServerIdentity fromPem(Path certificatePem, Path privateKeyPem) {
        List<X509Certificate> certificates = PemFiles.readCertificates(certificatePem);
        PrivateKey key = PemFiles.readPrivateKey(privateKeyPem);
        return new ServerIdentity(key, leafFirst(key, certificates, certificatePem));
    }

    public static ServerIdentity fromPkcs12(Path p12, char[] password) {
        char[] pw = password == null ? new char[0] : password;
        KeyStore store;
        try {
            store = KeyStore.getInstance(p12.toFile(), pw);
        } catch (IOException | GeneralSecurityException e) {
            throw new TlsSetupException("Cannot open PKCS#12 file " + p12 + " (wrong password?): " + e.getMessage(), e);
        }
        try {
            for (String alias : Collections.list(store.aliases())) {
                if (!store.isKeyEntry(alias)) {
                    continue;
                }
                Key key = store.getKey(alias, pw);
                Certificate[] chain = store.getCertificateChain(alias);
                if (key instanceof PrivateKey privateKey && chain != null && chain.length > 0) {
                    List<X509Certificate> certificates = new ArrayList<>();
                    for (Certificate c : chain) {
                        certificates.add((X509Certificate) c);
                    }
                    return new ServerIdentity(privateKey, leafFirst(privateKey, certificates, p12));
                }
            }
        } catch (GeneralSecurityException e) {
            throw new TlsSetupException("Cannot read the private key in " + p12 + ": " + e.getMessage(), e);
        }
        throw new TlsSetupException("No private key with a certificate chain in PKCS#12 file " + p12);
    }

    /** An in-memory keystore for Jetty; nothing is written to disk, the password only satisfies the API. */
    public KeyStore toKeyStore(char[] password) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry(KEY_ALIAS, privateKey, password, certificateChain.toArray(new X509Certificate[0]));
            return store;
        } catch (IOException | GeneralSecurityException e) {
            throw new TlsSetupException("Cannot build keystore for " + leafCertificate().getSubjectX500Principal(), e);
        }
    }

    /** Records print their components; a private key must never reach a log line. */
    @Override
    public String toString() {
        X509Certificate leaf = leafCertificate();
        return "ServerIdentity[subject=" + leaf.getSubjectX500Principal() + ", notAfter=" + leaf.getNotAfter().toInstant()
                + ", chainLength=" + certificateChain.size() + "]";
    }

    private static List<X509Certificate> leafFirst(PrivateKey key, List<X509Certificate> certificates, Path source) {
        for (int i = 0; i < certificates.size(); i++) {
            if (keyMatches(key, certificates.get(i).getPublicKey())) {
                List<X509Certificate> ordered = new ArrayList<>(certificates);
                ordered.add(0, ordered.remove(i));
                return ordered;
            }
        }
        throw new TlsSetupException("The private key does not belong to any certificate in " + source);
    }

    /**
     * Proves possession by signing and verifying a probe: it works for RSA, EC and EdDSA alike without
     * algorithm-specific arithmetic. Unknown key types are given the benefit of the doubt.
     */
    static boolean keyMatches(PrivateKey privateKey, PublicKey publicKey) {
        String algorithm = switch (privateKey.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC", "ECDSA" -> "SHA256withECDSA";
            case "Ed25519", "Ed448", "EdDSA" -> "EdDSA";
            default -> null;
        };
        if (algorithm == null) {
            return true;
        }
        try {
            byte[] probe = "coffer key match probe".getBytes(StandardCharsets.US_ASCII);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(privateKey);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(publicKey);
            verifier.update(probe);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
