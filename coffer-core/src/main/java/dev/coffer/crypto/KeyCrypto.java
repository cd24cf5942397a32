package dev.coffer.crypto;

import dev.coffer.error.BadRequest;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;

/**
 * The six cryptographic operations on one key. It checks that the algorithm fits the key and the input fits
 * the algorithm (each mistake gets its own 400), then computes. Whatever goes wrong while decrypting or
 * unwrapping — padding, tag, length, a token error — ends in the same {@link #decryptionFailed()} error, with
 * nothing about which check failed, so the API is no padding oracle beyond the bare success/failure that any
 * decryption service exposes.
 */
public final class KeyCrypto {

    private final SecureRandom random;

    public KeyCrypto(SecureRandom random) {
        this.random = random;
    }

    public byte[] sign(KeyMaterial key, SignatureAlgorithm alg, byte[] digest) {
        requireFits(key, alg);
        requireDigest(alg, digest);
        requireSecretPart(key, "sign");
        try {
            return alg.scheme() == SignatureAlgorithm.Scheme.ECDSA ? EcdsaOperations.sign(key, digest, random)
                    : RsaOperations.sign(key, alg, digest, random);
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new IllegalStateException("signing failed with a valid key and input: " + e.getClass().getName());
        }
    }

    public boolean verify(KeyMaterial key, SignatureAlgorithm alg, byte[] digest, byte[] signature) {
        requireFits(key, alg);
        requireDigest(alg, digest);
        return alg.scheme() == SignatureAlgorithm.Scheme.ECDSA
                ? EcdsaOperations.verify(key.publicKey(), key.curve(), digest, signature)
                : RsaOperations.verify(key.publicKey(), alg, digest, signature);
    }

    public Ciphertext encrypt(KeyMaterial key, EncryptionAlgorithm alg, byte[] plaintext, byte[] iv, byte[] aad) {
        requireFits(key, alg);
        if (!alg.servesEncryption()) {
            throw new BadRequest("BadParameter", alg.wireName() + " is a key-wrap algorithm; use wrapKey.");
        }
        return encryptAny(key, alg, plaintext, iv, aad);
    }

    public byte[] decrypt(KeyMaterial key, EncryptionAlgorithm alg, byte[] ciphertext, byte[] iv, byte[] aad,
                          byte[] tag) {
        requireFits(key, alg);
        if (!alg.servesEncryption()) {
            throw new BadRequest("BadParameter", alg.wireName() + " is a key-wrap algorithm; use unwrapKey.");
        }
        requireSecretPart(key, "decrypt");
        if (alg.family() == KeyType.Family.RSA) {
            noSymmetricParameters(alg, iv, aad, tag);
        }
        try {
            return alg.family() == KeyType.Family.RSA ? RsaOperations.decrypt(key, alg, ciphertext, random)
                    : AesOperations.decrypt((TokenKey) key, alg, ciphertext, iv, aad, tag);
        } catch (BadRequest e) {
            throw e;
        } catch (GeneralSecurityException | RuntimeException e) {
            throw decryptionFailed();
        }
    }

    public byte[] wrapKey(KeyMaterial key, EncryptionAlgorithm alg, byte[] keyToWrap) {
        requireFits(key, alg);
        if (!alg.servesKeyWrap()) {
            throw new BadRequest("BadParameter", alg.wireName() + " is not a key-wrap algorithm; use encrypt.");
        }
        if (alg.family() == KeyType.Family.RSA) {
            return encryptAny(key, alg, keyToWrap, null, null).value();
        }
        try {
            return AesOperations.wrap((TokenKey) key, alg, keyToWrap);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("key wrap failed with a valid key and input");
        }
    }

    public byte[] unwrapKey(KeyMaterial key, EncryptionAlgorithm alg, byte[] wrapped) {
        requireFits(key, alg);
        if (!alg.servesKeyWrap()) {
            throw new BadRequest("BadParameter", alg.wireName() + " is not a key-wrap algorithm; use decrypt.");
        }
        requireSecretPart(key, "unwrapKey");
        try {
            return alg.family() == KeyType.Family.RSA ? RsaOperations.decrypt(key, alg, wrapped, random)
                    : AesOperations.unwrap((TokenKey) key, alg, wrapped);
        } catch (BadRequest e) {
            throw e;
        } catch (GeneralSecurityException | RuntimeException e) {
            throw decryptionFailed();
        }
    }

    /** The one answer to every failed decryption or unwrap. */
    public static BadRequest decryptionFailed() {
        return new BadRequest("BadParameter", "The ciphertext could not be decrypted with this key and algorithm.");
    }

    private Ciphertext encryptAny(KeyMaterial key, EncryptionAlgorithm alg, byte[] plaintext, byte[] iv,
                                  byte[] aad) {
        try {
            if (alg.family() == KeyType.Family.RSA) {
                noSymmetricParameters(alg, iv, aad, null);
                int max = RsaOperations.maxPlaintext(key.publicKey(), alg);
                if (plaintext.length > max) {
                    throw new BadRequest("BadParameter", "The value is too long for " + alg.wireName()
                            + " with this key: at most " + max + " bytes.");
                }
                return Ciphertext.of(RsaOperations.encrypt(key.publicKey(), alg, plaintext, random));
            }
            return AesOperations.encrypt((TokenKey) key, alg, plaintext, iv, aad, random);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("encryption failed with a valid key and input");
        }
    }

    private static void requireFits(KeyMaterial key, SignatureAlgorithm alg) {
        KeyType type = key.type();
        if (alg.family() != type.family() || (alg.curve() != null && alg.curve() != key.curve())) {
            throw new BadRequest("BadParameter", "The algorithm " + alg.wireName() + " does not fit this "
                    + type.wireName() + (key.curve() == null ? "" : " " + key.curve().wireName()) + " key.");
        }
    }

    private static void requireFits(KeyMaterial key, EncryptionAlgorithm alg) {
        KeyType type = key.type();
        boolean fits = alg.family() == type.family();
        if (fits && alg.aesKeyBits() != 0 && key instanceof TokenKey t) {
            fits = t.aesKeyBits() == alg.aesKeyBits();
        }
        if (!fits) {
            throw new BadRequest("BadParameter", "The algorithm " + alg.wireName() + " does not fit this "
                    + type.wireName() + " key" + (key instanceof TokenKey t && t.aesKeyBits() > 0
                    ? " of " + t.aesKeyBits() + " bits." : "."));
        }
    }

    private static void requireDigest(SignatureAlgorithm alg, byte[] digest) {
        if (digest.length != alg.digestLength()) {
            throw new BadRequest("BadParameter", alg.wireName() + " takes a " + alg.digestLength() + "-byte "
                    + alg.hashName() + " digest, not " + digest.length + " bytes.");
        }
    }

    private static void requireSecretPart(KeyMaterial key, String operation) {
        if (!key.hasSecretPart()) {
            throw new BadRequest("BadParameter", "The key was imported without private parts; it cannot "
                    + operation + ".");
        }
    }

    private static void noSymmetricParameters(EncryptionAlgorithm alg, byte[] iv, byte[] aad, byte[] tag) {
        if (iv != null || aad != null || tag != null) {
            throw new BadRequest("BadParameter", alg.wireName() + " takes no 'iv', 'aad' or 'tag'.");
        }
    }
}
