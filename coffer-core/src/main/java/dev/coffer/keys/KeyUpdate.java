package dev.coffer.keys;

import dev.coffer.crypto.KeyOperation;
import dev.coffer.objects.AttributesUpdate;
import java.util.List;
import java.util.Map;

/** Property changes for one key version; null members stay unchanged (tags and key_ops are replaced whole). */
public record KeyUpdate(List<KeyOperation> keyOps, AttributesUpdate attributes, Map<String, String> tags) {
}
