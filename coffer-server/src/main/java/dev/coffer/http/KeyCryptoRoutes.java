package dev.coffer.http;

import dev.coffer.authz.Actions;
import dev.coffer.core.Operation;
import dev.coffer.crypto.EncryptionAlgorithm;
import dev.coffer.crypto.SignatureAlgorithm;
import dev.coffer.keys.KeyCryptoService;
import dev.coffer.keys.KeyOperationResult;
import dev.coffer.wire.KeyCryptoJson;

/**
 * A key's cryptographic operations ({@code POST /keys/{name}/{version}/encrypt} and the rest) and random
 * bytes ({@code POST /rng}). An SDK that omits the version sends {@code /keys/{name}//encrypt}; the edge
 * collapses the double slash, so the version-less routes mean "latest".
 */
final class KeyCryptoRoutes {

    static final Operation ENCRYPT = Operation.of("KeyEncrypt", Actions.KEYS_ENCRYPT).changingNothing();
    static final Operation DECRYPT = Operation.of("KeyDecrypt", Actions.KEYS_DECRYPT).changingNothing();
    static final Operation WRAP = Operation.of("KeyWrap", Actions.KEYS_WRAP).changingNothing();
    static final Operation UNWRAP = Operation.of("KeyUnwrap", Actions.KEYS_UNWRAP).changingNothing();
    static final Operation SIGN = Operation.of("KeySign", Actions.KEYS_SIGN).changingNothing();
    static final Operation VERIFY = Operation.of("KeyVerify", Actions.KEYS_VERIFY).changingNothing();
    static final Operation RANDOM = Operation.of("GetRandomBytes", Actions.RNG).changingNothing();

    private final KeyCryptoService crypto;

    KeyCryptoRoutes(KeyCryptoService crypto) {
        this.crypto = crypto;
    }

    void register(Router<DataRoute> router) {
        for (String prefix : new String[] {"/keys/{name}/{version}/", "/keys/{name}/"}) {
            router.add("POST", prefix + "encrypt", this::encrypt)
                    .add("POST", prefix + "decrypt", this::decrypt)
                    .add("POST", prefix + "wrapkey", this::wrapKey)
                    .add("POST", prefix + "unwrapkey", this::unwrapKey)
                    .add("POST", prefix + "sign", this::sign)
                    .add("POST", prefix + "verify", this::verify);
        }
        router.add("POST", "/rng", this::randomBytes);
    }

    private static String version(DataCall c) {
        String v = c.param("version");
        return v == null ? "" : v;
    }

    private static KeyCryptoJson.Request body(DataCall c, boolean verify) {
        return KeyCryptoJson.parse(Json.parseObject(c.exchange().body()), verify);
    }

    private void encrypt(DataCall c) {
        KeyOperationResult r = c.run(ENCRYPT, KeyRoutes.objectPath(c), () -> {
            KeyCryptoJson.Request q = body(c, false);
            return crypto.encrypt(c.vault(), c.param("name"), version(c), EncryptionAlgorithm.of(q.alg()), q.value(),
                    q.iv(), q.aad());
        });
        c.exchange().sendJson(200, KeyCryptoJson.result(c.vaultUrl(), r));
    }

    private void decrypt(DataCall c) {
        KeyOperationResult r = c.run(DECRYPT, KeyRoutes.objectPath(c), () -> {
            KeyCryptoJson.Request q = body(c, false);
            return crypto.decrypt(c.vault(), c.param("name"), version(c), EncryptionAlgorithm.of(q.alg()), q.value(),
                    q.iv(), q.aad(), q.tag());
        });
        c.exchange().sendJson(200, KeyCryptoJson.result(c.vaultUrl(), r));
    }

    private void wrapKey(DataCall c) {
        KeyOperationResult r = c.run(WRAP, KeyRoutes.objectPath(c), () -> {
            KeyCryptoJson.Request q = body(c, false);
            return crypto.wrapKey(c.vault(), c.param("name"), version(c), EncryptionAlgorithm.of(q.alg()),
                    q.value());
        });
        c.exchange().sendJson(200, KeyCryptoJson.result(c.vaultUrl(), r));
    }

    private void unwrapKey(DataCall c) {
        KeyOperationResult r = c.run(UNWRAP, KeyRoutes.objectPath(c), () -> {
            KeyCryptoJson.Request q = body(c, false);
            return crypto.unwrapKey(c.vault(), c.param("name"), version(c), EncryptionAlgorithm.of(q.alg()),
                    q.value());
        });
        c.exchange().sendJson(200, KeyCryptoJson.result(c.vaultUrl(), r));
    }

    private void sign(DataCall c) {
        KeyOperationResult r = c.run(SIGN, KeyRoutes.objectPath(c), () -> {
            KeyCryptoJson.Request q = body(c, false);
            return crypto.sign(c.vault(), c.param("name"), version(c), SignatureAlgorithm.of(q.alg()), q.value());
        });
        c.exchange().sendJson(200, KeyCryptoJson.result(c.vaultUrl(), r));
    }

    private void verify(DataCall c) {
        boolean valid = c.run(VERIFY, KeyRoutes.objectPath(c), () -> {
            KeyCryptoJson.Request q = body(c, true);
            return crypto.verify(c.vault(), c.param("name"), version(c), SignatureAlgorithm.of(q.alg()), q.digest(),
                    q.value());
        });
        c.exchange().sendJson(200, KeyCryptoJson.verified(valid));
    }

    private void randomBytes(DataCall c) {
        byte[] bytes = c.run(RANDOM, null, () -> crypto.randomBytes(
                KeyCryptoJson.parseRandomCount(Json.parseObject(c.exchange().body()))));
        c.exchange().sendJson(200, KeyCryptoJson.randomBytes(bytes));
    }
}
