package dev.coffer.keys;

import dev.coffer.crypto.Ciphertext;
import dev.coffer.crypto.EncryptionAlgorithm;
import dev.coffer.crypto.KeyCrypto;
import dev.coffer.crypto.KeyMaterial;
import dev.coffer.crypto.KeyOperation;
import dev.coffer.crypto.SignatureAlgorithm;
import dev.coffer.error.BadRequest;
import dev.coffer.error.Forbidden;
import dev.coffer.store.ObjectVersionRow;
import dev.coffer.store.VaultRow;
import java.security.SecureRandom;
import java.time.Clock;

/**
 * The cryptographic operations on stored keys. Before any computation a version must be enabled and allow the
 * operation in its {@code key_ops}; operations that produce new protected data (encrypt, wrapKey, sign) also
 * need the current time inside the version's nbf/exp window, while decrypt, unwrapKey and verify keep working
 * outside it so data made while the key was valid stays readable — Azure's documented rule.
 */
public final class KeyCryptoService {

    private final KeyService keys;
    private final KeyCrypto crypto;
    private final Clock clock;
    private final SecureRandom random;

    public KeyCryptoService(KeyService keys, Clock clock, SecureRandom random) {
        this.keys = keys;
        this.crypto = new KeyCrypto(random);
        this.clock = clock;
        this.random = random;
    }

    public KeyOperationResult encrypt(VaultRow vault, String name, String version, EncryptionAlgorithm alg,
                                      byte[] plaintext, byte[] iv, byte[] aad) {
        KeyLimits.checkInput("value", plaintext);
        StoredKey key = permitted(vault, name, version, KeyOperation.ENCRYPT);
        Ciphertext out = crypto.encrypt(open(vault, key), alg, plaintext, iv, aad);
        return new KeyOperationResult(key.name(), key.version(), out.value(), out.iv(), out.tag(), out.aad());
    }

    public KeyOperationResult decrypt(VaultRow vault, String name, String version, EncryptionAlgorithm alg,
                                      byte[] ciphertext, byte[] iv, byte[] aad, byte[] tag) {
        KeyLimits.checkInput("value", ciphertext);
        StoredKey key = permitted(vault, name, version, KeyOperation.DECRYPT);
        byte[] plain = crypto.decrypt(open(vault, key), alg, ciphertext, iv, aad, tag);
        return new KeyOperationResult(key.name(), key.version(), plain, null, null, null);
    }

    public KeyOperationResult wrapKey(VaultRow vault, String name, String version, EncryptionAlgorithm alg,
                                      byte[] keyToWrap) {
        KeyLimits.checkInput("value", keyToWrap);
        StoredKey key = permitted(vault, name, version, KeyOperation.WRAP_KEY);
        byte[] wrapped = crypto.wrapKey(open(vault, key), alg, keyToWrap);
        return new KeyOperationResult(key.name(), key.version(), wrapped, null, null, null);
    }

    public KeyOperationResult unwrapKey(VaultRow vault, String name, String version, EncryptionAlgorithm alg,
                                        byte[] wrapped) {
        KeyLimits.checkInput("value", wrapped);
        StoredKey key = permitted(vault, name, version, KeyOperation.UNWRAP_KEY);
        byte[] unwrapped = crypto.unwrapKey(open(vault, key), alg, wrapped);
        return new KeyOperationResult(key.name(), key.version(), unwrapped, null, null, null);
    }

    public KeyOperationResult sign(VaultRow vault, String name, String version, SignatureAlgorithm alg,
                                   byte[] digest) {
        KeyLimits.checkInput("value", digest);
        StoredKey key = permitted(vault, name, version, KeyOperation.SIGN);
        byte[] signature = crypto.sign(open(vault, key), alg, digest);
        return new KeyOperationResult(key.name(), key.version(), signature, null, null, null);
    }

    public boolean verify(VaultRow vault, String name, String version, SignatureAlgorithm alg, byte[] digest,
                          byte[] signature) {
        KeyLimits.checkInput("digest", digest);
        KeyLimits.checkInput("value", signature);
        StoredKey key = permitted(vault, name, version, KeyOperation.VERIFY);
        return crypto.verify(open(vault, key), alg, digest, signature);
    }

    /** Random bytes from the server's generator ({@code POST /rng}). */
    public byte[] randomBytes(int count) {
        if (count < 1 || count > KeyLimits.MAX_RANDOM_BYTES) {
            throw new BadRequest("BadParameter", "'count' must be from 1 to " + KeyLimits.MAX_RANDOM_BYTES + ".");
        }
        byte[] out = new byte[count];
        random.nextBytes(out);
        return out;
    }

    private KeyMaterial open(VaultRow vault, StoredKey key) {
        return keys.materials().open(vault, key);
    }

    private StoredKey permitted(VaultRow vault, String name, String version, KeyOperation op) {
        StoredKey key = StoredKey.of(keys.objects().findLive(vault, name, version));
        keys.meter().transaction(vault, key.kty(), key.bits());
        ObjectVersionRow row = key.row();
        String what = "Operation " + op.wireName();
        if (!row.enabled()) {
            throw new Forbidden("Forbidden", "KeyDisabled", what + " is not allowed on a disabled key.");
        }
        if (!key.keyOps().contains(op)) {
            throw new Forbidden("Forbidden", "KeyOperationForbidden", what + " is not permitted on this key.");
        }
        if (op == KeyOperation.ENCRYPT || op == KeyOperation.WRAP_KEY || op == KeyOperation.SIGN) {
            long now = clock.instant().getEpochSecond();
            if (row.notBefore() != null && now < row.notBefore()) {
                throw new Forbidden("Forbidden", "KeyNotYetValid", what + " is not allowed before the key's "
                        + "activation time (nbf).");
            }
            if (row.expires() != null && now >= row.expires()) {
                throw new Forbidden("Forbidden", "KeyExpired", what + " is not allowed on an expired key (exp).");
            }
        }
        return key;
    }
}
