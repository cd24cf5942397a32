package dev.coffer.keys;

import dev.coffer.error.BadRequest;

/** Coffer's bounds on one cryptographic operation's input (key tags are checked by {@link dev.coffer.objects.Tags}). */
public final class KeyLimits {

    /** Far above any digest, RSA block or wrapped key; AES payloads beyond this belong in envelope encryption. */
    public static final int MAX_OPERATION_INPUT = 64 * 1024;
    public static final int MAX_RANDOM_BYTES = 128;

    private KeyLimits() {
    }

    static void checkInput(String member, byte[] value) {
        if (value != null && value.length > MAX_OPERATION_INPUT) {
            throw new BadRequest("BadParameter", "The member '" + member + "' is larger than the " + MAX_OPERATION_INPUT
                    + " bytes one operation takes.");
        }
    }
}
