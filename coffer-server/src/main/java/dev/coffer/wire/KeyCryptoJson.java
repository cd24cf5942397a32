package dev.coffer.wire;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coffer.error.BadRequest;
import dev.coffer.http.Fields;
import dev.coffer.http.Json;
import dev.coffer.keys.KeyOperationResult;

/**
 * Cryptographic operations on the wire: KeyOperationsParameters ({@code alg, value, iv, aad, tag}),
 * KeySignParameters ({@code alg, value}), KeyVerifyParameters ({@code alg, digest, value}), KeyOperationResult
 * and KeyVerifyResult, and the random-bytes request.
 */
public final class KeyCryptoJson {

    private static final Fields F = Fields.DATA;

    /** The members of one operation request, binary ones decoded. */
    public record Request(String alg, byte[] value, byte[] iv, byte[] aad, byte[] tag, byte[] digest) {
    }

    private KeyCryptoJson() {
    }

    public static Request parse(ObjectNode body, boolean verify) {
        String alg = F.string(body, "alg");
        if (alg == null) {
            throw new BadRequest("BadParameter", "The parameter 'alg' is required.");
        }
        byte[] value = KeyJson.bytes(body, "value");
        if (value == null) {
            throw new BadRequest("BadParameter", "The parameter 'value' is required.");
        }
        byte[] digest = null;
        if (verify) {
            digest = KeyJson.bytes(body, "digest");
            if (digest == null) {
                throw new BadRequest("BadParameter", "The parameter 'digest' is required.");
            }
        }
        return new Request(alg, value, KeyJson.bytes(body, "iv"), KeyJson.bytes(body, "aad"),
                KeyJson.bytes(body, "tag"), digest);
    }

    public static ObjectNode result(String vaultUrl, KeyOperationResult r) {
        ObjectNode node = Json.object();
        node.put("kid", KeyJson.kid(vaultUrl, r.name(), r.version()));
        node.put("value", KeyJson.encode(r.value()));
        if (r.iv() != null) {
            node.put("iv", KeyJson.encode(r.iv()));
        }
        if (r.tag() != null) {
            node.put("tag", KeyJson.encode(r.tag()));
        }
        if (r.aad() != null) {
            node.put("aad", KeyJson.encode(r.aad()));
        }
        return node;
    }

    public static ObjectNode verified(boolean valid) {
        ObjectNode node = Json.object();
        node.put("value", valid);
        return node;
    }

    public static int parseRandomCount(ObjectNode body) {
        Long count = F.integer(body, "count");
        if (count == null) {
            throw new BadRequest("BadParameter", "The parameter 'count' is required.");
        }
        if (count < 1 || count > Integer.MAX_VALUE) {
            throw new BadRequest("BadParameter", "'count' must be from 1 to 128.");
        }
        return count.intValue();
    }

    public static ObjectNode randomBytes(byte[] bytes) {
        ObjectNode node = Json.object();
        node.put("value", KeyJson.encode(bytes));
        return node;
    }
}
