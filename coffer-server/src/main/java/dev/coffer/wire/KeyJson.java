package dev.coffer.wire;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coffer.crypto.Curve;
import dev.coffer.crypto.JwkPrivateParts;
import dev.coffer.crypto.KeyOperation;
import dev.coffer.crypto.KeyType;
import dev.coffer.crypto.SecretBytes;
import dev.coffer.error.BadRequest;
import dev.coffer.http.Fields;
import dev.coffer.http.Json;
import dev.coffer.keys.DeletedKey;
import dev.coffer.keys.JsonWebKey;
import dev.coffer.keys.KeyBundle;
import dev.coffer.keys.KeyImport;
import dev.coffer.keys.KeyProperties;
import dev.coffer.keys.KeyUpdate;
import dev.coffer.keys.NewKey;
import dev.coffer.objects.AttributesUpdate;
import dev.coffer.objects.RecoveryPolicy;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Keys on the wire: KeyCreateParameters, KeyImportParameters, KeyUpdateParameters, KeyBundle, KeyItem and
 * DeletedKey*. JWK binary members are base64url without padding, as Azure returns them; input is accepted
 * padded or unpadded, url-safe or standard.
 */
public final class KeyJson {

    private static final Fields F = Fields.DATA;
    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();

    private KeyJson() {
    }

    public static NewKey parseCreate(String name, ObjectNode body) {
        String kty = F.string(body, "kty");
        if (kty == null) {
            throw new BadRequest("BadParameter", "The parameter 'kty' is required.");
        }
        refuseRelease(body);
        Long size = F.integer(body, "key_size");
        Long exponent = F.integer(body, "public_exponent");
        String crv = F.string(body, "crv");
        return new NewKey(name, KeyType.of(kty), size == null ? null : Math.toIntExact(clamp(size)),
                exponent == null ? null : Math.toIntExact(clamp(exponent)), crv == null ? null : Curve.of(crv),
                keyOps(body), attributes(body), F.stringMap(body, "tags"));
    }

    public static KeyImport parseImport(String name, ObjectNode body) {
        ObjectNode jwk = F.object(body, "key");
        if (jwk == null) {
            throw new BadRequest("BadParameter", "The parameter 'key' (a JSON Web Key) is required.");
        }
        refuseRelease(body);
        if (jwk.has("key_hsm") && !jwk.get("key_hsm").isNull()) {
            throw new BadRequest("BadParameter", "Importing a key protected by a key-exchange key (key_hsm, BYOK) "
                    + "is not supported; import the JWK's private members instead.");
        }
        String kty = F.string(jwk, "kty");
        if (kty == null) {
            throw new BadRequest("BadParameter", "The JSON Web Key needs the member 'kty'.");
        }
        String crv = F.string(jwk, "crv");
        JsonWebKey publicParts = new JsonWebKey(KeyType.of(kty), List.of(), bytes(jwk, "n"), bytes(jwk, "e"),
                crv == null ? null : Curve.of(crv), bytes(jwk, "x"), bytes(jwk, "y"));
        JwkPrivateParts privateParts = new JwkPrivateParts(secret(jwk, "d"), secret(jwk, "p"), secret(jwk, "q"),
                secret(jwk, "dp"), secret(jwk, "dq"), secret(jwk, "qi"), secret(jwk, "k"));
        Boolean hsm = F.bool(body, "Hsm");
        return new KeyImport(name, publicParts, privateParts, hsm != null && hsm, keyOps(jwk), attributes(body),
                F.stringMap(body, "tags"));
    }

    public static KeyUpdate parseUpdate(ObjectNode body) {
        refuseRelease(body);
        return new KeyUpdate(keyOps(body), attributes(body), F.stringMap(body, "tags"));
    }

    public static ObjectNode bundle(String vaultUrl, KeyBundle key, RecoveryPolicy policy) {
        ObjectNode node = Json.object();
        node.set("key", jwk(vaultUrl, key));
        fill(node, key.properties(), policy);
        return node;
    }

    public static ObjectNode item(String vaultUrl, KeyProperties p, RecoveryPolicy policy, boolean withVersion) {
        ObjectNode node = Json.object();
        node.put("kid", kid(vaultUrl, p.name(), withVersion ? p.version() : null));
        fill(node, p, policy);
        return node;
    }

    /** A deleted key: the full bundle when asked for by name, an item (kid, no key) in listings. */
    public static ObjectNode deleted(String vaultUrl, DeletedKey d, RecoveryPolicy policy, boolean bundle) {
        ObjectNode node = bundle ? bundle(vaultUrl, d.key(), policy)
                : item(vaultUrl, d.key().properties(), policy, false);
        node.put("recoveryId", vaultUrl + "/deletedkeys/" + d.key().properties().name());
        node.put("deletedDate", d.deletedDate());
        node.put("scheduledPurgeDate", d.scheduledPurgeDate());
        return node;
    }

    public static String kid(String vaultUrl, String name, String version) {
        return vaultUrl + "/keys/" + name + (version == null ? "" : "/" + version);
    }

    /** Decodes a binary member given as base64url (padding optional) or standard base64; null when absent. */
    public static byte[] bytes(ObjectNode parent, String member) {
        String text = F.string(parent, member);
        if (text == null) {
            return null;
        }
        try {
            return Base64.getUrlDecoder().decode(text.replace('+', '-').replace('/', '_').replace("=", ""));
        } catch (IllegalArgumentException e) {
            throw new BadRequest("BadParameter", "The member '" + member + "' is not valid base64url.");
        }
    }

    public static String encode(byte[] bytes) {
        return B64URL.encodeToString(bytes);
    }

    private static ObjectNode jwk(String vaultUrl, KeyBundle key) {
        JsonWebKey k = key.key();
        ObjectNode node = Json.object();
        node.put("kid", kid(vaultUrl, key.properties().name(), key.properties().version()));
        node.put("kty", k.kty().wireName());
        ArrayNode ops = node.putArray("key_ops");
        k.keyOps().forEach(op -> ops.add(op.wireName()));
        if (k.n() != null) {
            node.put("n", encode(k.n()));
            node.put("e", encode(k.e()));
        }
        if (k.crv() != null) {
            node.put("crv", k.crv().wireName());
            node.put("x", encode(k.x()));
            node.put("y", encode(k.y()));
        }
        return node;
    }

    private static void fill(ObjectNode node, KeyProperties p, RecoveryPolicy policy) {
        ObjectNode attributes = SecretJson.attributes(p.attributes(), policy);
        attributes.put("exportable", false);
        node.set("attributes", attributes);
        ObjectNode tags = node.putObject("tags");
        for (Map.Entry<String, String> t : p.tags().entrySet()) {
            tags.put(t.getKey(), t.getValue());
        }
        if (p.managed()) {
            node.put("managed", true);
        }
    }

    private static List<KeyOperation> keyOps(ObjectNode parent) {
        List<String> names = F.strings(parent, "key_ops");
        if (names == null) {
            return null;
        }
        List<KeyOperation> ops = new ArrayList<>();
        names.forEach(n -> ops.add(KeyOperation.of(n)));
        return ops;
    }

    private static AttributesUpdate attributes(ObjectNode body) {
        ObjectNode a = F.object(body, "attributes");
        if (a == null) {
            return AttributesUpdate.NONE;
        }
        if (Boolean.TRUE.equals(F.bool(a, "exportable"))) {
            throw new BadRequest("BadParameter", "Exportable keys (key release) are not supported.");
        }
        return new AttributesUpdate(F.bool(a, "enabled"), F.integer(a, "nbf"), F.integer(a, "exp"));
    }

    private static void refuseRelease(ObjectNode body) {
        if (body.has("release_policy") && !body.get("release_policy").isNull()) {
            throw new BadRequest("BadParameter", "Key release policies are not supported.");
        }
    }

    private static SecretBytes secret(ObjectNode jwk, String member) {
        byte[] b = bytes(jwk, member);
        return b == null ? null : SecretBytes.wrap(b);
    }

    private static long clamp(long value) {
        return Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, value));
    }
}
