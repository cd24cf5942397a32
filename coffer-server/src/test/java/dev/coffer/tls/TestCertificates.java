package dev.coffer.tls;

import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.io.pem.PemObject;

/** Operator-supplied certificates, made the way users make them with openssl, for loader tests. */
final class TestCertificates {

    private TestCertificates() {
    }

    static KeyPair rsa() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return generator.generateKeyPair();
    }

    static KeyPair ec() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    /** Certificate for {@code subject} signed by {@code issuerKey} (self-signed when it is the subject's own key). */
    static X509Certificate certificate(String subject, KeyPair subjectKeys, String issuer, PrivateKey issuerKey,
            boolean ca) throws Exception {
        Instant now = Instant.now();
        String algorithm = issuerKey.getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(new X500Name(issuer),
                BigInteger.valueOf(now.toEpochMilli()), Date.from(now.minusSeconds(60)),
                Date.from(now.plus(Duration.ofDays(90))), new X500Name(subject), subjectKeys.getPublic());
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
        if (!ca) {
            builder.addExtension(Extension.subjectAlternativeName, false,
                    new GeneralNames(new GeneralName(GeneralName.dNSName, "coffer.example.test")));
        }
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder(algorithm).build(issuerKey)));
    }

    static X509Certificate selfSigned(KeyPair keys) throws Exception {
        return certificate("CN=coffer.example.test", keys, "CN=coffer.example.test", keys.getPrivate(), false);
    }

    static Path writePem(Path file, Object... objects) throws IOException {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            for (Object o : objects) {
                writer.writeObject(o);
            }
        }
        Files.writeString(file, text.toString(), StandardCharsets.US_ASCII);
        return file;
    }

    /** "-----BEGIN PRIVATE KEY-----". */
    static Path writePkcs8(Path file, PrivateKey key) throws IOException {
        return writePem(file, new JcaPKCS8Generator(key, null));
    }

    /**
     * "-----BEGIN RSA PRIVATE KEY-----" / "-----BEGIN EC PRIVATE KEY-----", as {@code openssl genrsa} and
     * {@code openssl ecparam -genkey} write them. For EC the curve OID goes into the SEC1 structure, as
     * OpenSSL does; BouncyCastle's own conversion of a JDK key would leave it out.
     */
    static Path writeTraditional(Path file, PrivateKey key) throws IOException {
        if (!key.getAlgorithm().equals("EC")) {
            return writePem(file, key);
        }
        PrivateKeyInfo pkcs8 = PrivateKeyInfo.getInstance(key.getEncoded());
        ECPrivateKey inner = ECPrivateKey.getInstance(pkcs8.parsePrivateKey());
        ECPrivateKey sec1 = new ECPrivateKey(256, inner.getKey(), inner.getPublicKey(),
                pkcs8.getPrivateKeyAlgorithm().getParameters());
        return writePem(file, new PemObject("EC PRIVATE KEY", sec1.getEncoded()));
    }

    static Path writeEncryptedPkcs8(Path file, PrivateKey key) throws Exception {
        var encryptor = new JceOpenSSLPKCS8EncryptorBuilder(JcaPKCS8Generator.AES_256_CBC)
                .setProvider(new BouncyCastleProvider()).setPassword("secret".toCharArray()).build();
        return writePem(file, new JcaPKCS8Generator(key, encryptor));
    }

    static Path writePkcs12(Path file, PrivateKey key, char[] password, X509Certificate... chain) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("server", key, password, chain);
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, password);
        }
        return file;
    }

    static List<String> sanStrings(X509Certificate certificate) throws Exception {
        return certificate.getSubjectAlternativeNames().stream().map(san -> san.get(0) + ":" + san.get(1)).toList();
    }
}
