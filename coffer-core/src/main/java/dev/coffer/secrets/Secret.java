package dev.coffer.secrets;

import dev.coffer.core.VersionedResult;
import dev.coffer.crypto.SecretBytes;

/** A secret version with its value; the value is secret-bearing and read only by explicit call. */
public record Secret(SecretProperties properties, SecretBytes value) implements VersionedResult {

    @Override
    public String resultVersion() {
        return properties == null ? null : properties.version();
    }
}
