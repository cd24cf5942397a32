package dev.coffer.secrets;

import dev.coffer.crypto.SecretBytes;

/** A secret version with its value; the value is secret-bearing and read only by explicit call. */
public record Secret(SecretProperties properties, SecretBytes value) {
}
