package dev.coffer.barrier;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/** AES-256-GCM with a random 96-bit nonce prepended to the ciphertext. */
final class AesGcm {

    static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private AesGcm() {
    }

    static byte[] seal(byte[] key, byte[] plaintext, byte[] aad, SecureRandom random, byte[] prefix) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(prefix);
            cipher.updateAAD(aad);
            byte[] out = new byte[prefix.length + NONCE_BYTES + cipher.getOutputSize(plaintext.length)];
            System.arraycopy(prefix, 0, out, 0, prefix.length);
            System.arraycopy(nonce, 0, out, prefix.length, NONCE_BYTES);
            cipher.doFinal(plaintext, 0, plaintext.length, out, prefix.length + NONCE_BYTES);
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unavailable", e);
        }
    }

    /** Opens {@code sealed[offset..]} whose first {@code offset} bytes are the authenticated prefix. */
    static byte[] open(byte[] key, byte[] sealed, int offset, byte[] aad) {
        if (sealed.length < offset + NONCE_BYTES + TAG_BITS / 8) {
            throw new BarrierException("ciphertext too short");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"),
                    new GCMParameterSpec(TAG_BITS, sealed, offset, NONCE_BYTES));
            cipher.updateAAD(sealed, 0, offset);
            cipher.updateAAD(aad);
            int start = offset + NONCE_BYTES;
            return cipher.doFinal(sealed, start, sealed.length - start);
        } catch (javax.crypto.AEADBadTagException e) {
            throw new BarrierException("ciphertext failed authentication");
        } catch (GeneralSecurityException e) {
            throw new BarrierException("ciphertext could not be opened");
        }
    }
}
