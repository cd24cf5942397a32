package dev.coffer.keys;

import dev.coffer.crypto.KeyOperation;
import dev.coffer.crypto.KeyType;
import dev.coffer.objects.ObjectAttributes;
import java.util.List;
import java.util.Map;

/** Everything about a key version except its key material. */
public record KeyProperties(String name, String version, KeyType kty, List<KeyOperation> keyOps,
                            ObjectAttributes attributes, Map<String, String> tags, boolean managed) {
    public KeyProperties {
        keyOps = List.copyOf(keyOps);
        tags = Map.copyOf(tags);
    }
}
