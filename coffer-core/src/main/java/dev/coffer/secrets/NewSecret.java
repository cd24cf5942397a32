package dev.coffer.secrets;

import dev.coffer.crypto.SecretBytes;
import dev.coffer.objects.AttributesUpdate;
import java.util.Map;

/** A caller's request to set a secret's new version. */
public record NewSecret(String name, SecretBytes value, String contentType, AttributesUpdate attributes,
                        Map<String, String> tags) {
    public NewSecret {
        tags = tags == null ? Map.of() : Map.copyOf(tags);
        attributes = attributes == null ? AttributesUpdate.NONE : attributes;
    }
}
