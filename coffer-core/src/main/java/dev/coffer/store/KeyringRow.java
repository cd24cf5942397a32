package dev.coffer.store;

/** One term of the barrier's keyring: a data key wrapped by the root key. */
public record KeyringRow(int term, byte[] wrappedKey, long createdAt) {
}
