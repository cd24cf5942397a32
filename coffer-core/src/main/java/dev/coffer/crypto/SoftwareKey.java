package dev.coffer.crypto;

import java.security.PrivateKey;
import java.security.PublicKey;

/**
 * An RSA or EC key held in Coffer's memory for one operation: the public key from the version's metadata and,
 * unless it was imported public-only, the private key opened from the barrier.
 */
public final class SoftwareKey implements KeyMaterial {

    private final KeyType type;
    private final PublicKey publicKey;
    private final PrivateKey privateKey;
    private final Curve curve;

    public SoftwareKey(KeyType type, PublicKey publicKey, PrivateKey privateKey, Curve curve) {
        if (type.hsm() || type.family() == KeyType.Family.OCT) {
            throw new IllegalArgumentException("software keys are RSA or EC");
        }
        this.type = type;
        this.publicKey = publicKey;
        this.privateKey = privateKey;
        this.curve = curve;
    }

    @Override
    public KeyType type() {
        return type;
    }

    @Override
    public PublicKey publicKey() {
        return publicKey;
    }

    /** Null for a key imported without private parts. */
    public PrivateKey privateKey() {
        return privateKey;
    }

    @Override
    public Curve curve() {
        return curve;
    }

    @Override
    public boolean hasSecretPart() {
        return privateKey != null;
    }
}
