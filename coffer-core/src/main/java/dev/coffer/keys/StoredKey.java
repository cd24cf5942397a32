package dev.coffer.keys;

import dev.coffer.crypto.Curve;
import dev.coffer.crypto.EcKeys;
import dev.coffer.crypto.KeyOperation;
import dev.coffer.crypto.KeyType;
import dev.coffer.crypto.RsaKeys;
import dev.coffer.objects.ObjectAttributes;
import dev.coffer.store.ObjectVersionRow;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A key version as kept in the store: the object-version row with the key's plain metadata in {@code extra}
 * (type, operations, public members, and for HSM keys the token label and AES size). The private part is the
 * row's sealed value (software keys) or lives in the token (HSM keys); it is never in {@code extra}.
 */
record StoredKey(ObjectVersionRow row, KeyType kty, List<KeyOperation> keyOps, byte[] n, byte[] e, Curve curve,
                 byte[] x, byte[] y, String tokenLabel, int aesKeyBits) {

    private static final String KTY = "kty";
    private static final String KEY_OPS = "key_ops";
    private static final String N = "n";
    private static final String E = "e";
    private static final String CRV = "crv";
    private static final String X = "x";
    private static final String Y = "y";
    private static final String TOKEN_LABEL = "token_label";
    private static final String AES_BITS = "aes_bits";
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    static StoredKey of(ObjectVersionRow row) {
        Map<String, String> extra = row.extra();
        KeyType kty = KeyType.of(extra.get(KTY));
        List<KeyOperation> ops = new ArrayList<>();
        String opsText = extra.getOrDefault(KEY_OPS, "");
        if (!opsText.isEmpty()) {
            for (String op : opsText.split(",")) {
                ops.add(KeyOperation.of(op));
            }
        }
        String crv = extra.get(CRV);
        String bits = extra.get(AES_BITS);
        return new StoredKey(row, kty, ops, bytes(extra, N), bytes(extra, E), crv == null ? null : Curve.of(crv),
                bytes(extra, X), bytes(extra, Y), extra.get(TOKEN_LABEL), bits == null ? 0 : Integer.parseInt(bits));
    }

    /** The {@code extra} map for a version with this metadata. */
    static Map<String, String> extra(KeyType kty, List<KeyOperation> keyOps, PublicKey publicKey, Curve curve,
                                     String tokenLabel, int aesKeyBits) {
        Map<String, String> extra = new LinkedHashMap<>();
        extra.put(KTY, kty.wireName());
        extra.put(KEY_OPS, String.join(",", keyOps.stream().map(KeyOperation::wireName).toList()));
        if (publicKey instanceof java.security.interfaces.RSAPublicKey rsa) {
            extra.put(N, ENCODER.encodeToString(RsaKeys.n(rsa)));
            extra.put(E, ENCODER.encodeToString(RsaKeys.e(rsa)));
        } else if (publicKey instanceof java.security.interfaces.ECPublicKey ec) {
            extra.put(CRV, curve.wireName());
            extra.put(X, ENCODER.encodeToString(EcKeys.x(curve, ec)));
            extra.put(Y, ENCODER.encodeToString(EcKeys.y(curve, ec)));
        }
        if (tokenLabel != null) {
            extra.put(TOKEN_LABEL, tokenLabel);
        }
        if (aesKeyBits > 0) {
            extra.put(AES_BITS, Integer.toString(aesKeyBits));
        }
        return extra;
    }

    /** The same metadata with other operations. */
    static Map<String, String> withKeyOps(Map<String, String> extra, List<KeyOperation> keyOps) {
        Map<String, String> out = new LinkedHashMap<>(extra);
        out.put(KEY_OPS, String.join(",", keyOps.stream().map(KeyOperation::wireName).toList()));
        return out;
    }

    String name() {
        return row.name();
    }

    String version() {
        return row.version();
    }

    /** The public key rebuilt from the stored members; null for oct keys. */
    PublicKey publicKey() {
        return switch (kty.family()) {
            case RSA -> RsaKeys.publicKey(n, e);
            case EC -> EcKeys.publicKey(curve, x, y);
            case OCT -> null;
        };
    }

    /** A software key stored without private parts (imported public-only). */
    /** The RSA modulus or AES key size in bits (what throttling weighs), 0 for EC keys. */
    int bits() {
        return switch (kty.family()) {
            case RSA -> new java.math.BigInteger(1, n()).bitLength();
            case OCT -> aesKeyBits();
            case EC -> 0;
        };
    }

    boolean publicOnly() {
        return !kty.hsm() && row.sealedValue() == null;
    }

    KeyProperties properties() {
        return new KeyProperties(row.name(), row.version(), kty, keyOps, new ObjectAttributes(row.enabled(),
                row.notBefore(), row.expires(), row.created(), row.updated()), row.tags(), false);
    }

    JsonWebKey jwk() {
        return new JsonWebKey(kty, keyOps, n, e, curve, x, y);
    }

    KeyBundle bundle() {
        return new KeyBundle(properties(), jwk());
    }

    private static byte[] bytes(Map<String, String> extra, String name) {
        String v = extra.get(name);
        return v == null ? null : DECODER.decode(v);
    }
}
