package dev.coffer.directory;

import dev.coffer.crypto.SecretBytes;

/** A newly made client secret: the only moment the secret text exists outside its holder. */
public record IssuedClientSecret(String keyId, String hint, SecretBytes secretText, long expiresAt) {
}
