package dev.coffer.secrets;

import dev.coffer.error.BadRequest;
import java.util.Map;

/** Azure's published limits on secret values and metadata. */
final class SecretLimits {

    static final int MAX_VALUE_BYTES = 25 * 1024;
    static final int MAX_TAGS = 15;
    static final int MAX_TAG_NAME = 512;
    static final int MAX_TAG_VALUE = 256;
    static final int MAX_CONTENT_TYPE = 255;

    private SecretLimits() {
    }

    static void check(int valueBytes, String contentType, Map<String, String> tags) {
        if (valueBytes > MAX_VALUE_BYTES) {
            throw new BadRequest("BadParameter", "The secret value exceeds the maximum size of 25 KiB.");
        }
        checkMetadata(contentType, tags);
    }

    static void checkMetadata(String contentType, Map<String, String> tags) {
        if (contentType != null && contentType.length() > MAX_CONTENT_TYPE) {
            throw new BadRequest("BadParameter", "The content type exceeds 255 characters.");
        }
        if (tags != null) {
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
    }
}
