package dev.coffer.keys;

import dev.coffer.error.BadRequest;
import java.util.Map;

/** Azure's limits on key metadata, and Coffer's bound on one cryptographic operation's input. */
public final class KeyLimits {

    public static final int MAX_TAGS = 15;
    public static final int MAX_TAG_NAME = 512;
    public static final int MAX_TAG_VALUE = 256;
    /** Far above any digest, RSA block or wrapped key; AES payloads beyond this belong in envelope encryption. */
    public static final int MAX_OPERATION_INPUT = 64 * 1024;
    public static final int MAX_RANDOM_BYTES = 128;

    private KeyLimits() {
    }

    static void checkTags(Map<String, String> tags) {
        if (tags == null) {
            return;
        }
        if (tags.size() > MAX_TAGS) {
            throw new BadRequest("BadParameter", "At most 15 tags are allowed.");
        }
        for (Map.Entry<String, String> tag : tags.entrySet()) {
            if (tag.getKey().isEmpty() || tag.getKey().length() > MAX_TAG_NAME
                    || (tag.getValue() != null && tag.getValue().length() > MAX_TAG_VALUE)) {
                throw new BadRequest("BadParameter",
                        "Tag names must be 1 to 512 characters and tag values at most 256 characters.");
            }
        }
    }

    static void checkInput(String member, byte[] value) {
        if (value != null && value.length > MAX_OPERATION_INPUT) {
            throw new BadRequest("BadParameter", "The member '" + member + "' is larger than the " + MAX_OPERATION_INPUT
                    + " bytes one operation takes.");
        }
    }
}
