package dev.coffer.auditlog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * The Ed25519 key that signs the audit log's checkpoints. Generated at first start; the private key lives in a
 * file readable only by its owner, the public key beside it (and, for an auditor, anywhere they trust).
 * Verification needs only the public key.
 */
public final class AuditSigner {

    public static final String PRIVATE_FILE = "audit-signing-key.pem";
    public static final String PUBLIC_FILE = "audit-signing-key.pub.pem";

    private final PrivateKey privateKey;
    private final PublicKey publicKey;

    private AuditSigner(PrivateKey privateKey, PublicKey publicKey) {
        this.privateKey = privateKey;
        this.publicKey = publicKey;
    }

    /** Loads the key pair from {@code dir}, creating it on first use. */
    public static AuditSigner loadOrCreate(Path dir) {
        Path priv = dir.resolve(PRIVATE_FILE);
        Path pub = dir.resolve(PUBLIC_FILE);
        try {
            KeyFactory ed = KeyFactory.getInstance("Ed25519");
            if (Files.exists(priv)) {
                PrivateKey p = ed.generatePrivate(new PKCS8EncodedKeySpec(pem(Files.readString(priv))));
                return new AuditSigner(p, readPublicKey(pub));
            }
            KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            Files.createDirectories(dir);
            Path tmp = dir.resolve(PRIVATE_FILE + ".tmp");
            Files.deleteIfExists(tmp);
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(tmp, toPem("PRIVATE KEY", pair.getPrivate().getEncoded()), StandardOpenOption.WRITE,
                    StandardOpenOption.SYNC);
            Files.writeString(pub, toPem("PUBLIC KEY", pair.getPublic().getEncoded()), StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.SYNC);
            Files.move(tmp, priv, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            return new AuditSigner(pair.getPrivate(), pair.getPublic());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load or create the audit signing key in " + dir, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the audit signing key in " + dir + " is unusable", e);
        }
    }

    public static PublicKey readPublicKey(Path file) {
        try {
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(pem(Files.readString(file))));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the audit public key " + file, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the audit public key " + file + " is unusable", e);
        }
    }

    /** A short, stable name of a public key, written in every checkpoint so an auditor can match keys. */
    public static String keyId(PublicKey key) {
        return AuditLines.sha256(key.getEncoded()).substring(0, 16);
    }

    public String keyId() {
        return keyId(publicKey);
    }

    public PublicKey publicKey() {
        return publicKey;
    }

    /** Signs a checkpoint: its sequence number, the hash it attests (the previous line's) and its time. */
    public String sign(long seq, String attestedHash, String time) {
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initSign(privateKey);
            s.update(payload(seq, attestedHash, time));
            return Base64.getEncoder().encodeToString(s.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign an audit checkpoint", e);
        }
    }

    public static boolean verify(PublicKey key, long seq, String attestedHash, String time, String signature) {
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initVerify(key);
            s.update(payload(seq, attestedHash, time));
            return s.verify(Base64.getDecoder().decode(signature));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    private static byte[] payload(long seq, String attestedHash, String time) {
        return ("coffer-audit-checkpoint\n" + seq + "\n" + attestedHash + "\n" + time).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] pem(String text) {
        return Base64.getMimeDecoder().decode(text.replaceAll("-----[A-Z ]+-----", "").strip());
    }

    private static String toPem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der) + "\n-----END " + type + "-----\n";
    }
}
