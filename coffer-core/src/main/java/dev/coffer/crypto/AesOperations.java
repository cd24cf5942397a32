package dev.coffer.crypto;

import dev.coffer.error.BadRequest;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;

/**
 * AES with a key that lives in a PKCS#11 token: GCM (the service chooses a 96-bit nonce and returns a 128-bit
 * tag, as Azure does), CBC without and with PKCS#7 padding (the caller's IV, or one the service picks), and RFC
 * 3394/5649 key
 * wrap. Parameter mistakes are the caller's and get a precise 400; authentication or padding failures are
 * reported by the caller of this class as one undifferentiated decryption failure.
 */
final class AesOperations {

    static final int GCM_NONCE_BYTES = 12;
    static final int GCM_TAG_BYTES = 16;
    private static final int BLOCK = 16;

    private AesOperations() {
    }

    static Ciphertext encrypt(TokenKey key, EncryptionAlgorithm alg, byte[] plaintext, byte[] iv, byte[] aad,
                              SecureRandom random) throws GeneralSecurityException {
        switch (alg.scheme()) {
            case AES_GCM -> {
                if (iv != null) {
                    throw new BadRequest("BadParameter", "The service chooses the nonce for " + alg.wireName()
                            + "; do not send 'iv'.");
                }
                byte[] nonce = new byte[GCM_NONCE_BYTES];
                random.nextBytes(nonce);
                Cipher c = Cipher.getInstance("AES/GCM/NoPadding", key.provider());
                c.init(Cipher.ENCRYPT_MODE, key.tokenKey(), new GCMParameterSpec(GCM_TAG_BYTES * 8, nonce));
                if (aad != null) {
                    c.updateAAD(aad);
                }
                byte[] out = c.doFinal(plaintext);
                int ctLength = out.length - GCM_TAG_BYTES;
                return new Ciphertext(Arrays.copyOf(out, ctLength), nonce, Arrays.copyOfRange(out, ctLength,
                        out.length), aad);
            }
            case AES_CBC, AES_CBC_PAD -> {
                // The SDKs' plain encrypt(alg, data) sends no IV for CBC: the service picks one and returns it.
                if (iv == null) {
                    iv = new byte[BLOCK];
                    random.nextBytes(iv);
                }
                requireCbcIv(alg, iv);
                noAad(alg, aad);
                if (alg.scheme() == EncryptionAlgorithm.Scheme.AES_CBC && plaintext.length % BLOCK != 0) {
                    throw new BadRequest("BadParameter", alg.wireName() + " needs a plaintext that is a multiple of "
                            + "16 bytes; use " + alg.wireName() + "PAD for other lengths.");
                }
                Cipher c = Cipher.getInstance(cbcTransformation(alg), key.provider());
                c.init(Cipher.ENCRYPT_MODE, key.tokenKey(), new IvParameterSpec(iv));
                return new Ciphertext(c.doFinal(plaintext), iv, null, null);
            }
            default -> throw new IllegalArgumentException("not an encryption algorithm");
        }
    }

    static byte[] decrypt(TokenKey key, EncryptionAlgorithm alg, byte[] ciphertext, byte[] iv, byte[] aad,
                          byte[] tag) throws GeneralSecurityException {
        switch (alg.scheme()) {
            case AES_GCM -> {
                if (iv == null || iv.length != GCM_NONCE_BYTES || tag == null || tag.length != GCM_TAG_BYTES) {
                    throw new BadRequest("BadParameter", alg.wireName() + " decryption needs the 12-byte 'iv' and "
                            + "the 16-byte 'tag' that encryption returned.");
                }
                Cipher c = Cipher.getInstance("AES/GCM/NoPadding", key.provider());
                c.init(Cipher.DECRYPT_MODE, key.tokenKey(), new GCMParameterSpec(GCM_TAG_BYTES * 8, iv));
                if (aad != null) {
                    c.updateAAD(aad);
                }
                byte[] input = Arrays.copyOf(ciphertext, ciphertext.length + GCM_TAG_BYTES);
                System.arraycopy(tag, 0, input, ciphertext.length, GCM_TAG_BYTES);
                return c.doFinal(input);
            }
            case AES_CBC, AES_CBC_PAD -> {
                requireCbcIv(alg, iv);
                noAad(alg, aad);
                if (ciphertext.length == 0 || ciphertext.length % BLOCK != 0) {
                    throw new GeneralSecurityException("ciphertext is not whole blocks");
                }
                Cipher c = Cipher.getInstance(cbcTransformation(alg), key.provider());
                c.init(Cipher.DECRYPT_MODE, key.tokenKey(), new IvParameterSpec(iv));
                return c.doFinal(ciphertext);
            }
            default -> throw new IllegalArgumentException("not an encryption algorithm");
        }
    }

    static byte[] wrap(TokenKey key, EncryptionAlgorithm alg, byte[] keyToWrap) throws GeneralSecurityException {
        if (alg.scheme() == EncryptionAlgorithm.Scheme.AES_KW
                && (keyToWrap.length < 16 || keyToWrap.length % 8 != 0)) {
            throw new BadRequest("BadParameter", alg.wireName() + " wraps keys of at least 16 bytes in whole "
                    + "multiples of 8 bytes; use CKM_AES_KEY_WRAP_PAD for other lengths.");
        }
        if (keyToWrap.length == 0) {
            throw new BadRequest("BadParameter", "There is no key to wrap.");
        }
        return TokenKeyWrap.of(key, alg).wrap(keyToWrap);
    }

    static byte[] unwrap(TokenKey key, EncryptionAlgorithm alg, byte[] wrapped) throws GeneralSecurityException {
        // RFC 3394 wraps at least two 64-bit blocks (24 bytes out); one block is RFC 5649's case only.
        int shortest = alg.scheme() == EncryptionAlgorithm.Scheme.AES_KW ? 24 : 16;
        if (wrapped.length < shortest || wrapped.length % 8 != 0) {
            throw new GeneralSecurityException("wrapped key has an impossible length");
        }
        return TokenKeyWrap.of(key, alg).unwrap(wrapped);
    }

    private static String cbcTransformation(EncryptionAlgorithm alg) {
        return alg.scheme() == EncryptionAlgorithm.Scheme.AES_CBC ? "AES/CBC/NoPadding" : "AES/CBC/PKCS5Padding";
    }

    private static void requireCbcIv(EncryptionAlgorithm alg, byte[] iv) {
        if (iv == null || iv.length != BLOCK) {
            throw new BadRequest("BadParameter", alg.wireName() + " needs a 16-byte 'iv'.");
        }
    }

    private static void noAad(EncryptionAlgorithm alg, byte[] aad) {
        if (aad != null && aad.length > 0) {
            throw new BadRequest("BadParameter", alg.wireName() + " does not take additional authenticated data.");
        }
    }
}
