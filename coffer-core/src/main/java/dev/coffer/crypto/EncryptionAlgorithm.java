package dev.coffer.crypto;

import dev.coffer.error.BadRequest;
import dev.coffer.objects.Names;

/**
 * Azure's encryption and key-wrap algorithms, with the key family and (for AES) key size they fit and whether
 * they serve encrypt/decrypt or wrapKey/unwrapKey. RSA algorithms serve both, as in Azure.
 */
public enum EncryptionAlgorithm {
    RSA_OAEP("RSA-OAEP", Scheme.RSA_OAEP_SHA1, 0, Use.BOTH),
    RSA_OAEP_256("RSA-OAEP-256", Scheme.RSA_OAEP_SHA256, 0, Use.BOTH),
    RSA1_5("RSA1_5", Scheme.RSA_PKCS1, 0, Use.BOTH),
    A128GCM("A128GCM", Scheme.AES_GCM, 128, Use.ENCRYPTION),
    A192GCM("A192GCM", Scheme.AES_GCM, 192, Use.ENCRYPTION),
    A256GCM("A256GCM", Scheme.AES_GCM, 256, Use.ENCRYPTION),
    A128CBC("A128CBC", Scheme.AES_CBC, 128, Use.ENCRYPTION),
    A192CBC("A192CBC", Scheme.AES_CBC, 192, Use.ENCRYPTION),
    A256CBC("A256CBC", Scheme.AES_CBC, 256, Use.ENCRYPTION),
    A128CBCPAD("A128CBCPAD", Scheme.AES_CBC_PAD, 128, Use.ENCRYPTION),
    A192CBCPAD("A192CBCPAD", Scheme.AES_CBC_PAD, 192, Use.ENCRYPTION),
    A256CBCPAD("A256CBCPAD", Scheme.AES_CBC_PAD, 256, Use.ENCRYPTION),
    A128KW("A128KW", Scheme.AES_KW, 128, Use.KEY_WRAP),
    A192KW("A192KW", Scheme.AES_KW, 192, Use.KEY_WRAP),
    A256KW("A256KW", Scheme.AES_KW, 256, Use.KEY_WRAP),
    /** RFC 3394 under an AES key of any size (Azure 7.6). */
    CKM_AES_KEY_WRAP("CKM_AES_KEY_WRAP", Scheme.AES_KW, 0, Use.KEY_WRAP),
    /** RFC 5649 (with padding) under an AES key of any size (Azure 7.6). */
    CKM_AES_KEY_WRAP_PAD("CKM_AES_KEY_WRAP_PAD", Scheme.AES_KWP, 0, Use.KEY_WRAP);

    public enum Scheme { RSA_OAEP_SHA1, RSA_OAEP_SHA256, RSA_PKCS1, AES_GCM, AES_CBC, AES_CBC_PAD, AES_KW, AES_KWP }

    /** Which operations an algorithm serves. */
    public enum Use { ENCRYPTION, KEY_WRAP, BOTH }

    private final String wireName;
    private final Scheme scheme;
    private final int aesKeyBits;
    private final Use use;

    EncryptionAlgorithm(String wireName, Scheme scheme, int aesKeyBits, Use use) {
        this.wireName = wireName;
        this.scheme = scheme;
        this.aesKeyBits = aesKeyBits;
        this.use = use;
    }

    public String wireName() {
        return wireName;
    }

    public Scheme scheme() {
        return scheme;
    }

    /** The AES key size the algorithm names; 0 for RSA algorithms and for the size-agnostic CKM_ ones. */
    public int aesKeyBits() {
        return aesKeyBits;
    }

    public KeyType.Family family() {
        return switch (scheme) {
            case RSA_OAEP_SHA1, RSA_OAEP_SHA256, RSA_PKCS1 -> KeyType.Family.RSA;
            default -> KeyType.Family.OCT;
        };
    }

    public boolean servesEncryption() {
        return use != Use.KEY_WRAP;
    }

    public boolean servesKeyWrap() {
        return use != Use.ENCRYPTION;
    }

    public static EncryptionAlgorithm of(String name) {
        if (name != null) {
            for (EncryptionAlgorithm a : values()) {
                if (a.wireName.equals(name)) {
                    return a;
                }
            }
        }
        throw new BadRequest("BadParameter", "The encryption algorithm '" + Names.sanitize(name)
                + "' is not supported.");
    }
}
