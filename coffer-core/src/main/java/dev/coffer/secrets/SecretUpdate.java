package dev.coffer.secrets;

import dev.coffer.objects.AttributesUpdate;
import java.util.Map;

/** Property changes for one version; null members stay unchanged (tags are replaced whole when given). */
public record SecretUpdate(String contentType, AttributesUpdate attributes, Map<String, String> tags) {
}
