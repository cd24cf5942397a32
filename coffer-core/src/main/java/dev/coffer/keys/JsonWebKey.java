package dev.coffer.keys;

import dev.coffer.crypto.Curve;
import dev.coffer.crypto.KeyOperation;
import dev.coffer.crypto.KeyType;
import java.util.List;

/**
 * The public members of a key as Azure returns them: {@code n, e} for RSA, {@code crv, x, y} for EC, no
 * material for oct. Binary members are raw bytes here; the wire encodes them base64url.
 */
public record JsonWebKey(KeyType kty, List<KeyOperation> keyOps, byte[] n, byte[] e, Curve crv, byte[] x,
                         byte[] y) {
    public JsonWebKey {
        keyOps = keyOps == null ? List.of() : List.copyOf(keyOps);
    }
}
