package dev.coffer.keys;

import dev.coffer.crypto.JwkPrivateParts;
import dev.coffer.crypto.KeyOperation;
import dev.coffer.objects.AttributesUpdate;
import java.util.List;
import java.util.Map;

/**
 * A request to import a key as a new version: the JWK's public and private members, its {@code key_ops} (null
 * for the key type's defaults), and whether it goes into the HSM ({@code Hsm: true} or a {@code -HSM} kty).
 */
public record KeyImport(String name, JsonWebKey publicParts, JwkPrivateParts privateParts, boolean hsm,
                        List<KeyOperation> keyOps, AttributesUpdate attributes, Map<String, String> tags) {
    public KeyImport {
        keyOps = keyOps == null ? null : List.copyOf(keyOps);
        tags = tags == null ? Map.of() : Map.copyOf(tags);
        attributes = attributes == null ? AttributesUpdate.NONE : attributes;
        privateParts = privateParts == null ? JwkPrivateParts.NONE : privateParts;
    }
}
