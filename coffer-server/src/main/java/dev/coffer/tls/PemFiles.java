package dev.coffer.tls;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * PEM in and out. Reading accepts what OpenSSL, cert-manager and mkcert emit (PKCS#8 and the traditional
 * "RSA/EC PRIVATE KEY" forms, EC PARAMETERS blocks, bundles); writing always produces PKCS#8 because every
 * TLS stack reads it. Keys are converted with the default JCA providers, not a registered BouncyCastle
 * provider, so JSSE signs with its own key implementations.
 */
final class PemFiles {

    static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    static final Set<PosixFilePermission> WORLD_READABLE = PosixFilePermissions.fromString("rw-r--r--");

    private PemFiles() {
    }

    static List<X509Certificate> readCertificates(Path file) {
        List<X509Certificate> certificates = new ArrayList<>();
        for (Object o : readObjects(file)) {
            if (o instanceof X509CertificateHolder holder) {
                try {
                    certificates.add(new JcaX509CertificateConverter().getCertificate(holder));
                } catch (CertificateException e) {
                    throw new TlsSetupException("Unreadable certificate in " + file + ": " + e.getMessage(), e);
                }
            }
        }
        if (certificates.isEmpty()) {
            throw new TlsSetupException("No PEM certificate (-----BEGIN CERTIFICATE-----) in " + file);
        }
        return certificates;
    }

    static PrivateKey readPrivateKey(Path file) {
        JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
        for (Object o : readObjects(file)) {
            try {
                if (o instanceof PrivateKeyInfo info) {
                    return converter.getPrivateKey(info);
                }
                if (o instanceof PEMKeyPair pair) {
                    return converter.getPrivateKey(pair.getPrivateKeyInfo());
                }
            } catch (IOException e) {
                throw new TlsSetupException("Unsupported private key in " + file + ": " + e.getMessage(), e);
            }
            if (o instanceof PEMEncryptedKeyPair || o instanceof PKCS8EncryptedPrivateKeyInfo) {
                // Coffer starts unattended; there is nobody to type a passphrase.
                throw new TlsSetupException("Private key in " + file + " is encrypted; supply it unencrypted "
                        + "(e.g. `openssl pkey -in key.pem -out plain.pem`) and protect the file with mode 0600");
            }
        }
        throw new TlsSetupException("No PEM private key (-----BEGIN PRIVATE KEY-----) in " + file);
    }

    private static List<Object> readObjects(Path file) {
        List<Object> objects = new ArrayList<>();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
                PEMParser parser = new PEMParser(reader)) {
            for (Object o = parser.readObject(); o != null; o = parser.readObject()) {
                objects.add(o);
            }
        } catch (IOException e) {
            throw new TlsSetupException("Cannot read PEM file " + file + ": " + e.getMessage(), e);
        }
        return objects;
    }

    /**
     * Writes certificates and (PKCS#8) private keys. The content goes to a temp file that is created
     * owner-only, given its final mode and then renamed into place, so a key is never briefly readable by
     * others and a crash never leaves a half-written PEM that would fail the next start.
     */
    static void write(Path file, Set<PosixFilePermission> mode, List<?> objects) {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            for (Object o : objects) {
                writer.writeObject(o instanceof PrivateKey key ? new JcaPKCS8Generator(key, null) : o);
            }
        } catch (IOException e) {
            throw new TlsSetupException("Cannot encode PEM for " + file + ": " + e.getMessage(), e);
        }
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = null;
        try {
            tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                channel.write(ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.US_ASCII)));
                channel.force(true);
            }
            if (isPosix(dir)) {
                Files.setPosixFilePermissions(tmp, mode);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            deleteQuietly(tmp);
            throw new TlsSetupException("Cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    static boolean isPosix(Path path) {
        return path.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    private static void deleteQuietly(Path tmp) {
        if (tmp != null) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // The original failure is the one worth reporting.
            }
        }
    }
}
