package dev.coffer.directory;

import dev.coffer.crypto.SecretBytes;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Human passwords, hashed with Argon2id (memory-hard, OWASP's minimum: 19 MiB, 2 passes, 1 lane) and a
 * random 16-byte salt; stored as salt ‖ hash, compared in constant time.
 */
final class PasswordHasher {

    static final String ALGORITHM = "argon2id-v19-m19456-t2-p1";
    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;

    private PasswordHasher() {
    }

    static byte[] hash(SecretBytes password, SecureRandom random) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        byte[] out = new byte[SALT_BYTES + HASH_BYTES];
        System.arraycopy(salt, 0, out, 0, SALT_BYTES);
        System.arraycopy(derive(password, salt), 0, out, SALT_BYTES, HASH_BYTES);
        return out;
    }

    static boolean matches(SecretBytes presented, byte[] stored) {
        if (stored == null || stored.length != SALT_BYTES + HASH_BYTES) {
            return false;
        }
        byte[] salt = Arrays.copyOfRange(stored, 0, SALT_BYTES);
        return MessageDigest.isEqual(derive(presented, salt), Arrays.copyOfRange(stored, SALT_BYTES, stored.length));
    }

    private static byte[] derive(SecretBytes password, byte[] salt) {
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13).withMemoryAsKB(19_456).withIterations(2)
                .withParallelism(1).withSalt(salt).build());
        byte[] clear = password.reveal();
        byte[] hash = new byte[HASH_BYTES];
        try {
            generator.generateBytes(clear, hash);
        } finally {
            Arrays.fill(clear, (byte) 0);
        }
        return hash;
    }
}
