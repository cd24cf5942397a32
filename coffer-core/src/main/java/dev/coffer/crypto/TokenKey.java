package dev.coffer.crypto;

import java.security.Key;
import java.security.Provider;
import java.security.PublicKey;

/**
 * A key inside a PKCS#11 token: the token object (a non-extractable private or secret key handle) and the
 * provider that reaches it. Public-key operations use {@link #publicKey()} in software, as a client would.
 */
public final class TokenKey implements KeyMaterial {

    private final KeyType type;
    private final PublicKey publicKey;
    private final Key tokenKey;
    private final Provider provider;
    private final Curve curve;
    private final int aesKeyBits;

    public TokenKey(KeyType type, PublicKey publicKey, Key tokenKey, Provider provider, Curve curve, int aesKeyBits) {
        if (!type.hsm()) {
            throw new IllegalArgumentException("token keys are HSM keys");
        }
        this.type = type;
        this.publicKey = publicKey;
        this.tokenKey = tokenKey;
        this.provider = provider;
        this.curve = curve;
        this.aesKeyBits = aesKeyBits;
    }

    @Override
    public KeyType type() {
        return type;
    }

    @Override
    public PublicKey publicKey() {
        return publicKey;
    }

    /** The token's handle: a private key (RSA, EC) or secret key (AES). */
    public Key tokenKey() {
        return tokenKey;
    }

    public Provider provider() {
        return provider;
    }

    @Override
    public Curve curve() {
        return curve;
    }

    /** The size of an AES key; 0 for RSA and EC keys. */
    public int aesKeyBits() {
        return aesKeyBits;
    }

    @Override
    public boolean hasSecretPart() {
        return true;
    }
}
