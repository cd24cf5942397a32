package dev.coffer.secrets;

import dev.coffer.objects.ObjectAttributes;
import java.util.Map;

/** Everything about a secret version except its value. */
public record SecretProperties(String name, String version, String contentType, ObjectAttributes attributes,
                               Map<String, String> tags, boolean managed, String keyId) {
    public SecretProperties {
        tags = Map.copyOf(tags);
    }
}
