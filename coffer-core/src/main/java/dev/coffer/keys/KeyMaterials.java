package dev.coffer.keys;

import dev.coffer.barrier.Barrier;
import dev.coffer.barrier.BarrierException;
import dev.coffer.barrier.ObjectIdentity;
import dev.coffer.crypto.Curve;
import dev.coffer.crypto.EcKeys;
import dev.coffer.crypto.Hsm;
import dev.coffer.crypto.JwkPrivateParts;
import dev.coffer.crypto.KeyMaterial;
import dev.coffer.crypto.KeyType;
import dev.coffer.crypto.RsaKeys;
import dev.coffer.crypto.SecretBytes;
import dev.coffer.crypto.SoftwareKey;
import dev.coffer.error.BadRequest;
import dev.coffer.store.VaultRow;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Set;

/**
 * Where key material is made and reached: software keys are generated or imported here and their private part
 * sealed by the barrier under the version's identity; HSM keys are generated or imported inside the token,
 * which hands back only a label and the public key. {@link #open} gives an operation the key it needs.
 */
final class KeyMaterials {

    static final Set<Integer> AES_SIZES = Set.of(128, 192, 256);
    private static final int DEFAULT_RSA_BITS = 2048;
    private static final int DEFAULT_AES_BITS = 256;

    /** What a new version stores: its type, public key or AES size, token label, sealed private key. */
    record Made(KeyType kty, PublicKey publicKey, Curve curve, String tokenLabel, int aesKeyBits,
                byte[] sealedPrivate) {
        boolean publicOnly() {
            return !kty.hsm() && sealedPrivate == null;
        }
    }

    private final Barrier barrier;
    private final Hsm hsm;
    private final SecureRandom random;

    KeyMaterials(Barrier barrier, Hsm hsm, SecureRandom random) {
        this.barrier = barrier;
        this.hsm = hsm;
        this.random = random;
    }

    Hsm hsm() {
        return hsm;
    }

    Made generate(KeyType kty, Integer keySize, Integer publicExponent, Curve curve, ObjectIdentity identity) {
        switch (kty.family()) {
            case RSA -> {
                int bits = keySize == null ? DEFAULT_RSA_BITS : keySize;
                RsaKeys.requireSize(bits);
                // The Java SDK's CreateRsaKeyOptions sends public_exponent 0 when none was chosen: the default.
                if (publicExponent != null && publicExponent != 0) {
                    RsaKeys.requireExponent(java.math.BigInteger.valueOf(publicExponent));
                }
                if (kty.hsm()) {
                    Hsm.TokenObject made = hsm.generateRsa(bits);
                    return new Made(kty, made.publicKey(), null, made.label(), 0, null);
                }
                KeyPair pair = RsaKeys.generate(bits, random);
                return new Made(kty, pair.getPublic(), null, null, 0, seal(pair.getPrivate(), identity));
            }
            case EC -> {
                Curve c = curve == null ? Curve.P_256 : curve;
                if (kty.hsm()) {
                    Hsm.TokenObject made = hsm.generateEc(c);
                    return new Made(kty, made.publicKey(), c, made.label(), 0, null);
                }
                KeyPair pair = EcKeys.generate(c, random);
                return new Made(kty, pair.getPublic(), c, null, 0, seal(pair.getPrivate(), identity));
            }
            default -> {
                requireHsmForOct(kty);
                int bits = keySize == null ? DEFAULT_AES_BITS : keySize;
                if (!AES_SIZES.contains(bits)) {
                    throw new BadRequest("BadParameter", "oct-HSM keys are 128, 192 or 256 bits long, not " + bits
                            + ".");
                }
                return new Made(kty, null, null, hsm.generateAes(bits).label(), bits, null);
            }
        }
    }

    /** Imports a JWK; its private members are destroyed whatever happens. */
    Made importKey(KeyImport request, ObjectIdentity identity) {
        JsonWebKey jwk = request.publicParts();
        JwkPrivateParts parts = request.privateParts();
        KeyType kty = jwk.kty().withHsm(request.hsm() || jwk.kty().hsm());
        try {
            if (kty.hsm() && !parts.present()) {
                throw new BadRequest("BadParameter", "An HSM key import needs the key's private members.");
            }
            switch (kty.family()) {
                case RSA -> {
                    RSAPublicKey pub = RsaKeys.publicKey(jwk.n(), jwk.e());
                    if (!parts.present()) {
                        return new Made(kty, pub, null, null, 0, null);
                    }
                    RSAPrivateCrtKey priv = RsaKeys.privateKey(pub, parts);
                    if (kty.hsm()) {
                        return new Made(kty, pub, null, hsm.importRsa(priv, pub).label(), 0, null);
                    }
                    return new Made(kty, pub, null, null, 0, seal(priv, identity));
                }
                case EC -> {
                    if (jwk.crv() == null) {
                        throw new BadRequest("BadParameter", "An EC key needs the member 'crv'.");
                    }
                    ECPublicKey pub = EcKeys.publicKey(jwk.crv(), jwk.x(), jwk.y());
                    if (!parts.present()) {
                        return new Made(kty, pub, jwk.crv(), null, 0, null);
                    }
                    ECPrivateKey priv = EcKeys.privateKey(jwk.crv(), pub, parts.d());
                    if (kty.hsm()) {
                        return new Made(kty, pub, jwk.crv(), hsm.importEc(jwk.crv(), priv, pub).label(), 0, null);
                    }
                    return new Made(kty, pub, jwk.crv(), null, 0, seal(priv, identity));
                }
                default -> {
                    requireHsmForOct(kty);
                    SecretBytes k = parts.k();
                    if (k == null || !AES_SIZES.contains(k.length() * 8)) {
                        throw new BadRequest("BadParameter", "An oct key needs the member 'k' of 16, 24 or 32 bytes.");
                    }
                    return new Made(kty, null, null, hsm.importAes(k).label(), k.length() * 8, null);
                }
            }
        } finally {
            parts.destroy();
        }
    }

    /** The key an operation runs with; a software private key is opened from the barrier for this call only. */
    KeyMaterial open(VaultRow vault, StoredKey key) {
        PublicKey pub = key.publicKey();
        if (key.kty().hsm()) {
            return hsm.open(key.kty(), key.tokenLabel(), pub, key.curve(), key.aesKeyBits());
        }
        PrivateKey priv = null;
        if (key.row().sealedValue() != null) {
            SecretBytes pkcs8;
            try {
                pkcs8 = barrier.open(key.row().sealedValue(), identity(vault, key.name(), key.version()));
            } catch (BarrierException e) {
                throw new IllegalStateException("stored key version failed to open: the store or key was altered");
            }
            byte[] encoded = pkcs8.reveal();
            try {
                priv = key.kty().family() == KeyType.Family.RSA ? RsaKeys.fromPkcs8(encoded)
                        : EcKeys.fromPkcs8(encoded);
            } finally {
                java.util.Arrays.fill(encoded, (byte) 0);
                pkcs8.destroy();
            }
        }
        return new SoftwareKey(key.kty(), pub, priv, key.curve());
    }

    /** The PKCS#8 form of a version's private key, opened from the barrier (for backup). */
    SecretBytes openPrivate(VaultRow vault, String name, String version, byte[] sealed) {
        return barrier.open(sealed, identity(vault, name, version));
    }

    byte[] sealPrivate(VaultRow vault, String name, String version, SecretBytes pkcs8) {
        return barrier.seal(pkcs8, identity(vault, name, version));
    }

    static ObjectIdentity identity(VaultRow vault, String name, String version) {
        return new ObjectIdentity(vault.tenantId(), vault.name(), "key", name, version);
    }

    private byte[] seal(PrivateKey key, ObjectIdentity identity) {
        return barrier.seal(SecretBytes.wrap(key.getEncoded()), identity);
    }

    private static void requireHsmForOct(KeyType kty) {
        if (!kty.hsm()) {
            throw new BadRequest("BadParameter", "Symmetric (oct) keys exist only inside the HSM in Coffer: use "
                    + "kty oct-HSM, or import with \"Hsm\": true.");
        }
    }
}
