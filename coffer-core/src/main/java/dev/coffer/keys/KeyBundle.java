package dev.coffer.keys;

import dev.coffer.core.VersionedResult;

/** A key version as the API shows it: properties and public key. */
public record KeyBundle(KeyProperties properties, JsonWebKey key) implements VersionedResult {

    @Override
    public String resultVersion() {
        return properties == null ? null : properties.version();
    }
}
