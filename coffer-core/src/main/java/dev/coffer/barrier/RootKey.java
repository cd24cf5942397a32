package dev.coffer.barrier;

/**
 * Protects the keyring's data keys. The file-based implementation keeps a 256-bit key in the data dir;
 * passphrase and PKCS#11 implementations can follow behind the same two calls.
 */
public interface RootKey {

    byte[] wrap(byte[] dataKey, byte[] context);

    /** @throws BarrierException if the wrapped key was not made by this root key or was altered */
    byte[] unwrap(byte[] wrappedKey, byte[] context);
}
