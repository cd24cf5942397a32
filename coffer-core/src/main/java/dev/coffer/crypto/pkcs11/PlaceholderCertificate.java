package dev.coffer.crypto.pkcs11;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The self-signed certificate that lets the JDK's PKCS#11 key store list a private key (it pairs private keys
 * with certificates by id). It names nothing and asserts nothing; no one outside the token ever sees it.
 */
final class PlaceholderCertificate {

    private static final Provider BC = new BouncyCastleProvider();

    private PlaceholderCertificate() {
    }

    /** @param signer the provider holding the private key, or null for a software key (signed by BouncyCastle) */
    static X509Certificate make(String label, PrivateKey key, PublicKey publicKey, Provider signer,
                                SecureRandom random) throws GeneralSecurityException {
        X500Name name = new X500Name("CN=Coffer key placeholder " + label);
        Instant now = Instant.now();
        var builder = new JcaX509v3CertificateBuilder(name, new BigInteger(64, random).add(BigInteger.ONE),
                Date.from(now), Date.from(now.plus(Duration.ofDays(36_500))), name, publicKey);
        String algorithm = "RSA".equals(publicKey.getAlgorithm()) ? "SHA256withRSA" : "SHA256withECDSA";
        try {
            var signerBuilder = new JcaContentSignerBuilder(algorithm).setProvider(signer == null ? BC : signer);
            return new JcaX509CertificateConverter().getCertificate(
                    builder.build(signerBuilder.build(key)));
        } catch (OperatorCreationException | java.security.cert.CertificateException e) {
            throw new GeneralSecurityException("placeholder certificate failed", e);
        }
    }
}
