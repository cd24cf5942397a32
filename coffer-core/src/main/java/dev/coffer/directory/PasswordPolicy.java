package dev.coffer.directory;

import dev.coffer.crypto.SecretBytes;
import dev.coffer.error.BadRequest;

/** Minimum password rules: long enough to resist guessing, short enough to bound hashing work. */
final class PasswordPolicy {

    private PasswordPolicy() {
    }

    static void check(SecretBytes password) {
        if (password == null || password.length() < 12 || password.length() > 256) {
            throw new BadRequest("Request_BadRequest", "The password must be 12 to 256 characters long.");
        }
    }
}
