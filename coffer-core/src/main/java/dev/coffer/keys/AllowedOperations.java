package dev.coffer.keys;

import dev.coffer.crypto.KeyOperation;
import dev.coffer.crypto.KeyType;
import dev.coffer.error.BadRequest;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A version's {@code key_ops}: the caller's list, or (absent or empty) every operation the key type can do. An
 * operation the key cannot do at all (encrypt with an EC key, sign with a public-only key) is refused when the
 * list is set rather than accepted and failing later.
 */
final class AllowedOperations {

    private AllowedOperations() {
    }

    static List<KeyOperation> resolve(KeyType kty, List<KeyOperation> requested, boolean publicOnly) {
        Set<KeyOperation> possible = KeyOperation.applicableTo(kty.family());
        // The SDKs send an empty list when the caller named no operations (JsonWebKey.fromRsa, for one).
        if (requested == null || requested.isEmpty()) {
            List<KeyOperation> defaults = new ArrayList<>();
            for (KeyOperation op : KeyOperation.values()) {
                if (possible.contains(op) && (!publicOnly || op.publicKeyOperation())) {
                    defaults.add(op);
                }
            }
            return defaults;
        }
        for (KeyOperation op : requested) {
            if (!possible.contains(op)) {
                throw new BadRequest("BadParameter", "The operation " + op.wireName() + " does not apply to "
                        + kty.wireName() + " keys.");
            }
            if (publicOnly && !op.publicKeyOperation()) {
                throw new BadRequest("BadParameter", "The operation " + op.wireName() + " needs a private key, and "
                        + "this key was imported without private parts.");
            }
        }
        return List.copyOf(new LinkedHashSet<>(requested));
    }
}
