package dev.coffer.objects;

import dev.coffer.error.BadRequest;
import java.util.Map;

/** Azure's limits on a vault object's tags, the same for secrets and keys. */
public final class Tags {

    public static final int MAX_TAGS = 15;
    public static final int MAX_NAME = 512;
    public static final int MAX_VALUE = 256;

    private Tags() {
    }

    /** Null (tags not given) passes. */
    public static void check(Map<String, String> tags) {
        if (tags == null) {
            return;
        }
        if (tags.size() > MAX_TAGS) {
            throw new BadRequest("BadParameter", "At most 15 tags are allowed.");
        }
        for (Map.Entry<String, String> tag : tags.entrySet()) {
            if (tag.getKey().isEmpty() || tag.getKey().length() > MAX_NAME
                    || (tag.getValue() != null && tag.getValue().length() > MAX_VALUE)) {
                throw new BadRequest("BadParameter",
                        "Tag names must be 1 to 512 characters and tag values at most 256 characters.");
            }
        }
    }
}
