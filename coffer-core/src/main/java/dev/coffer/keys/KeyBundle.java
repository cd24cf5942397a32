package dev.coffer.keys;

/** A key version as the API shows it: properties and public key. */
public record KeyBundle(KeyProperties properties, JsonWebKey key) {
}
