package dev.coffer.directory;

import dev.coffer.crypto.SecretBytes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Hashes generated client secrets. They carry 256 bits of randomness, so a fast salted SHA-256 is safe
 * (no dictionary to attack) and keeps the token endpoint fast; human passwords use a memory-hard hash.
 * Comparison is constant-time.
 */
final class ClientSecretHasher {

    static final String ALGORITHM = "sha256-salted";

    private ClientSecretHasher() {
    }

    static byte[] hash(String salt, SecretBytes secret) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(salt.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            digest.update((byte) 0);
            byte[] clear = secret.reveal();
            try {
                return digest.digest(clear);
            } finally {
                java.util.Arrays.fill(clear, (byte) 0);
            }
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static boolean matches(String salt, SecretBytes presented, byte[] storedHash) {
        return MessageDigest.isEqual(hash(salt, presented), storedHash);
    }
}
