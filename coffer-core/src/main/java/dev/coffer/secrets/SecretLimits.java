package dev.coffer.secrets;

import dev.coffer.error.BadRequest;
import dev.coffer.objects.Tags;
import java.util.Map;

/** Azure's published limits on secret values and metadata. */
final class SecretLimits {

    static final int MAX_VALUE_BYTES = 25 * 1024;
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
        Tags.check(tags);
    }
}
