package dev.coffer.keys;

import dev.coffer.crypto.KeyType;
import dev.coffer.store.VaultRow;

/**
 * Charges what a key operation weighs once the engine knows the key (Azure counts an RSA-4096 or HSM key's
 * operation as several); the edge, which has not read the key, charged one unit already. A port, so the
 * engine knows nothing of the throttle behind it. Over the limit it throws {@link dev.coffer.error.Throttled}
 * before the work is done.
 */
public interface KeyMeter {

    /** A transaction on an existing key; {@code bits} is the RSA modulus or AES key size (0 otherwise). */
    void transaction(VaultRow vault, KeyType kty, int bits);

    /** The creation of a key of this type (create, rotate). */
    void creation(VaultRow vault, KeyType kty);

    /** Charges nothing (tests and embedded use without throttling). */
    KeyMeter NONE = new KeyMeter() {
        @Override
        public void transaction(VaultRow vault, KeyType kty, int bits) {
        }

        @Override
        public void creation(VaultRow vault, KeyType kty) {
        }
    };
}
