package dev.coffer.keys;

import dev.coffer.crypto.Curve;
import dev.coffer.crypto.KeyOperation;
import dev.coffer.crypto.KeyType;
import dev.coffer.objects.AttributesUpdate;
import java.util.List;
import java.util.Map;

/**
 * A request to create a key's new version. Null members take Azure's defaults (RSA 2048 bits, e = 65537, curve
 * P-256, AES 256 bits, the operations the key type supports).
 */
public record NewKey(String name, KeyType kty, Integer keySize, Integer publicExponent, Curve curve,
                     List<KeyOperation> keyOps, AttributesUpdate attributes, Map<String, String> tags) {
    public NewKey {
        keyOps = keyOps == null ? null : List.copyOf(keyOps);
        tags = tags == null ? Map.of() : Map.copyOf(tags);
        attributes = attributes == null ? AttributesUpdate.NONE : attributes;
    }
}
