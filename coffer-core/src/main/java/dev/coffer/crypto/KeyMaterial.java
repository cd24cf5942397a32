package dev.coffer.crypto;

import java.security.PublicKey;

/**
 * The key one cryptographic operation runs with. A {@link SoftwareKey} holds JCA objects opened from the
 * barrier for the length of the operation; a {@link TokenKey} holds a handle into a PKCS#11 token, whose secret
 * part never leaves the token. Secret-bearing: implementations have no toString, equals or hashCode.
 */
public sealed interface KeyMaterial permits SoftwareKey, TokenKey {

    KeyType type();

    /** The public key of an RSA or EC key; null for oct keys. */
    PublicKey publicKey();

    /** The curve of an EC key; null otherwise. */
    Curve curve();

    /** Whether operations needing the private or secret part can run. */
    boolean hasSecretPart();
}
