package dev.coffer.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import javax.crypto.Cipher;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input to the keys API over plain HTTPS, as curl would send it: malformed and mismatched JWKs,
 * unsupported curves and algorithms, oversized payloads, wrong digest lengths, keys that are disabled, expired,
 * not yet valid, restricted by key_ops, deleted, or in another vault. Every answer is Azure's error JSON with
 * a 4xx status — never a 500 — and a failed decryption never says why it failed.
 */
class KeyBadInputTest {

    @TempDir
    static Path dataDir;

    static RunningCoffer coffer;
    static String token;
    static String vault;
    static String otherVault;
    static KeyPair rsa;

    @BeforeAll
    static void start() throws Exception {
        coffer = RunningCoffer.start(dataDir);
        String mgmt = coffer.adminManagementToken();
        coffer.createVault(mgmt, "rg-badkeys", "badkeys", true, false);
        coffer.createVault(mgmt, "rg-badkeys", "otherkeys", true, false);
        Bootstrap b = coffer.bootstrap();
        token = coffer.token(b.clientId(), b.clientSecret(), "https://vault.azure.net/.default");
        vault = coffer.vaultUrl("badkeys");
        otherVault = coffer.vaultUrl("otherkeys");
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        rsa = g.generateKeyPair();
        ok(call("PUT", "/keys/jca-rsa", importBody(rsa, "")));
        ok(call("POST", "/keys/ec256/create", "{\"kty\":\"EC\",\"crv\":\"P-256\"}"));
    }

    @AfterAll
    static void stop() throws Exception {
        coffer.close();
    }

    static RunningCoffer.Reply call(String method, String path, String body) throws Exception {
        return coffer.call(method, vault + path + (path.contains("?") ? "&" : "?") + "api-version=7.6", token, body);
    }

    static RunningCoffer.Reply ok(RunningCoffer.Reply r) {
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        return r;
    }

    static RunningCoffer.Reply bad(RunningCoffer.Reply r, int status, String code) {
        assertThat(r.status()).as(r.text()).isEqualTo(status);
        assertThat(r.errorCode()).isEqualTo(code);
        return r;
    }

    static String b64(byte[] b) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    static String b64(java.math.BigInteger v) {
        return b64(KeyClientEndToEndTest.unsigned(v));
    }

    static String importBody(KeyPair pair, String extraJwk) {
        RSAPublicKey pub = (RSAPublicKey) pair.getPublic();
        RSAPrivateCrtKey priv = (RSAPrivateCrtKey) pair.getPrivate();
        return "{\"key\":{\"kty\":\"RSA\",\"n\":\"" + b64(pub.getModulus()) + "\",\"e\":\"AQAB\",\"d\":\""
                + b64(priv.getPrivateExponent()) + "\",\"p\":\"" + b64(priv.getPrimeP()) + "\",\"q\":\""
                + b64(priv.getPrimeQ()) + "\",\"dp\":\"" + b64(priv.getPrimeExponentP()) + "\",\"dq\":\""
                + b64(priv.getPrimeExponentQ()) + "\",\"qi\":\"" + b64(priv.getCrtCoefficient()) + "\"" + extraJwk
                + "}}";
    }

    static String sign(String alg, byte[] digest) {
        return "{\"alg\":\"" + alg + "\",\"value\":\"" + b64(digest) + "\"}";
    }

    static byte[] sha256(String text) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(text.getBytes());
    }

    @Test
    void malformedJwksAreRefusedAndNothingIsStored() throws Exception {
        bad(call("PUT", "/keys/no-kty", "{\"key\":{\"n\":\"AQAB\",\"e\":\"AQAB\"}}"), 400, "BadParameter");
        bad(call("PUT", "/keys/no-key", "{\"Hsm\":false}"), 400, "BadParameter");
        bad(call("PUT", "/keys/bad-b64", "{\"key\":{\"kty\":\"RSA\",\"n\":\"*not base64*\",\"e\":\"AQAB\"}}"),
                400, "BadParameter");
        bad(call("PUT", "/keys/small-rsa", "{\"key\":{\"kty\":\"RSA\",\"n\":\"" + b64(new byte[128])
                + "\",\"e\":\"AQAB\"}}"), 400, "BadParameter");
        bad(call("PUT", "/keys/off-curve", "{\"key\":{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"" + b64(new byte[32])
                + "\",\"y\":\"" + b64(new byte[] {1}) + "\"}}"), 400, "BadParameter");
        bad(call("PUT", "/keys/wrong-type", "{\"key\":{\"kty\":\"RSA\",\"n\":5}}"), 400, "BadParameter");
        bad(call("PUT", "/keys/not-json", "{\"key\":"), 400, "BadParameter");
        bad(call("PUT", "/keys/byok", "{\"key\":{\"kty\":\"RSA-HSM\",\"key_hsm\":\"AAAA\"}}"), 400, "BadParameter");
        RunningCoffer.Reply mismatched = bad(call("PUT", "/keys/mismatched", importBody(rsa, "").replaceFirst(
                "\"qi\":\"[^\"]+\"", "\"qi\":\"AQAB\"")), 400, "BadParameter");
        assertThat(mismatched.text()).contains("do not match").doesNotContain(b64(
                ((RSAPrivateCrtKey) rsa.getPrivate()).getPrimeP()));
        for (String name : new String[] {"no-kty", "bad-b64", "small-rsa", "off-curve", "mismatched"}) {
            bad(call("GET", "/keys/" + name, null), 404, "KeyNotFound");
        }
    }

    @Test
    void unsupportedTypesCurvesSizesAndOperationsAreRefused() throws Exception {
        bad(call("POST", "/keys/p192/create", "{\"kty\":\"EC\",\"crv\":\"P-192\"}"), 400, "BadParameter");
        bad(call("POST", "/keys/rsa1024/create", "{\"kty\":\"RSA\",\"key_size\":1024}"), 400, "BadParameter");
        bad(call("POST", "/keys/rsa-e3/create", "{\"kty\":\"RSA\",\"public_exponent\":3}"), 400, "BadParameter");
        bad(call("POST", "/keys/soft-oct/create", "{\"kty\":\"oct\",\"key_size\":256}"), 400, "BadParameter");
        bad(call("POST", "/keys/dsa/create", "{\"kty\":\"DSA\"}"), 400, "BadParameter");
        bad(call("POST", "/keys/ec-encrypt/create", "{\"kty\":\"EC\",\"key_ops\":[\"encrypt\"]}"), 400,
                "BadParameter");
        bad(call("POST", "/keys/release/create", "{\"kty\":\"RSA\",\"release_policy\":{\"data\":\"e30\"}}"), 400,
                "BadParameter");
        bad(call("POST", "/keys/no-kty/create", "{}"), 400, "BadParameter");
    }

    @Test
    void algorithmsAndDigestsMustFitTheKey() throws Exception {
        bad(call("POST", "/keys/jca-rsa/sign", sign("RS1", sha256("x"))), 400, "BadParameter");
        bad(call("POST", "/keys/jca-rsa/sign", sign("ES256", sha256("x"))), 400, "BadParameter");
        bad(call("POST", "/keys/jca-rsa/sign", sign("RS256", new byte[20])), 400, "BadParameter");
        bad(call("POST", "/keys/jca-rsa/sign", sign("RS512", sha256("x"))), 400, "BadParameter");
        bad(call("POST", "/keys/ec256/sign", sign("ES384", new byte[48])), 400, "BadParameter");
        bad(call("POST", "/keys/ec256/sign", sign("ES256K", new byte[32])), 400, "BadParameter");
        bad(call("POST", "/keys/jca-rsa/encrypt", "{\"alg\":\"A256GCM\",\"value\":\"AAAA\"}"), 400, "BadParameter");
        bad(call("POST", "/keys/jca-rsa/encrypt", "{\"alg\":\"RSA-OAEP\",\"value\":\"AAAA\",\"iv\":\"AAAA\"}"), 400,
                "BadParameter");
        bad(call("POST", "/keys/jca-rsa/wrapkey", "{\"alg\":\"A256KW\",\"value\":\"AAAA\"}"), 400, "BadParameter");
        bad(call("POST", "/keys/jca-rsa/encrypt", "{\"value\":\"AAAA\"}"), 400, "BadParameter");
        bad(call("POST", "/keys/jca-rsa/encrypt", "{\"alg\":5,\"value\":\"AAAA\"}"), 400, "BadParameter");
        bad(call("POST", "/keys/jca-rsa/verify", "{\"alg\":\"RS256\",\"value\":\"AAAA\"}"), 400, "BadParameter");
        assertThat(ok(call("POST", "/keys/jca-rsa/verify", "{\"alg\":\"RS256\",\"digest\":\"" + b64(sha256("x"))
                + "\",\"value\":\"AAAA\"}")).json().get("value").asBoolean()).isFalse();
    }

    @Test
    void oversizedPayloadsAreRefused() throws Exception {
        bad(call("POST", "/keys/jca-rsa/encrypt", "{\"alg\":\"RSA-OAEP-256\",\"value\":\"" + b64(new byte[191])
                + "\"}"), 400, "BadParameter");
        ok(call("POST", "/keys/jca-rsa/encrypt", "{\"alg\":\"RSA-OAEP-256\",\"value\":\"" + b64(new byte[190])
                + "\"}"));
        bad(call("POST", "/keys/jca-rsa/decrypt", "{\"alg\":\"RSA1_5\",\"value\":\"" + b64(new byte[70_000])
                + "\"}"), 400, "BadParameter");
        RunningCoffer.Reply huge = call("POST", "/keys/jca-rsa/decrypt", "{\"alg\":\"RSA1_5\",\"value\":\""
                + "A".repeat(300_000) + "\"}");
        assertThat(huge.status()).isEqualTo(400);
        bad(call("POST", "/rng", "{\"count\":129}"), 400, "BadParameter");
        bad(call("POST", "/rng", "{\"count\":0}"), 400, "BadParameter");
    }

    @Test
    void failedDecryptionsAllLookTheSame() throws Exception {
        Cipher pkcs1 = Cipher.getInstance("RSA/ECB/NoPadding");
        pkcs1.init(Cipher.ENCRYPT_MODE, rsa.getPublic());
        byte[] badPadding = pkcs1.doFinal(new byte[256]);
        byte[] random = new byte[256];
        new java.security.SecureRandom().nextBytes(random);
        random[0] = 0;
        Set<String> answers = new HashSet<>();
        for (String alg : new String[] {"RSA1_5", "RSA-OAEP", "RSA-OAEP-256"}) {
            for (byte[] ct : new byte[][] {badPadding, random, new byte[256], new byte[10], new byte[300],
                    ((RSAPublicKey) rsa.getPublic()).getModulus().toByteArray()}) {
                for (String op : new String[] {"decrypt", "unwrapkey"}) {
                    RunningCoffer.Reply r = call("POST", "/keys/jca-rsa/" + op, "{\"alg\":\"" + alg
                            + "\",\"value\":\"" + b64(ct) + "\"}");
                    answers.add(r.status() + " " + r.json().get("error").toString());
                }
            }
        }
        assertThat(answers).hasSize(1);
        assertThat(answers.iterator().next()).startsWith("400 ").contains("could not be decrypted");
    }

    @Test
    void disabledExpiredAndNotYetValidKeysAreEnforced() throws Exception {
        long now = System.currentTimeMillis() / 1000;
        byte[] digest = sha256("payload");
        ok(call("POST", "/keys/disabled/create", "{\"kty\":\"EC\",\"attributes\":{\"enabled\":false}}"));
        RunningCoffer.Reply disabled = bad(call("POST", "/keys/disabled/sign", sign("ES256", digest)), 403,
                "Forbidden");
        assertThat(disabled.innerCode()).isEqualTo("KeyDisabled");
        bad(call("POST", "/keys/disabled/verify", "{\"alg\":\"ES256\",\"digest\":\"" + b64(digest)
                + "\",\"value\":\"" + b64(new byte[64]) + "\"}"), 403, "Forbidden");
        ok(call("GET", "/keys/disabled", null));

        ok(call("PUT", "/keys/expired", importBody(rsa, "").replace("}}", "},\"attributes\":{\"exp\":"
                + (now - 60) + "}}")));
        RunningCoffer.Reply expired = bad(call("POST", "/keys/expired/sign", sign("RS256", digest)), 403,
                "Forbidden");
        assertThat(expired.innerCode()).isEqualTo("KeyExpired");
        bad(call("POST", "/keys/expired/encrypt", "{\"alg\":\"RSA-OAEP\",\"value\":\"AAAA\"}"), 403, "Forbidden");
        byte[] signature = ok(call("POST", "/keys/jca-rsa/sign", sign("RS256", digest))).json().get("value").asText()
                .transform(Base64.getUrlDecoder()::decode);
        assertThat(ok(call("POST", "/keys/expired/verify", "{\"alg\":\"RS256\",\"digest\":\"" + b64(digest)
                + "\",\"value\":\"" + b64(signature) + "\"}")).json().get("value").asBoolean())
                .as("verify keeps working after exp, as Azure documents").isTrue();
        Cipher oaep = Cipher.getInstance("RSA/ECB/OAEPWithSHA-1AndMGF1Padding");
        oaep.init(Cipher.ENCRYPT_MODE, rsa.getPublic());
        byte[] ct = oaep.doFinal("old data".getBytes());
        assertThat(ok(call("POST", "/keys/expired/decrypt", "{\"alg\":\"RSA-OAEP\",\"value\":\"" + b64(ct) + "\"}"))
                .json().get("value").asText()).isEqualTo(b64("old data".getBytes()));

        ok(call("POST", "/keys/future/create", "{\"kty\":\"RSA\",\"attributes\":{\"nbf\":" + (now + 3600) + "}}"));
        RunningCoffer.Reply early = bad(call("POST", "/keys/future/sign", sign("PS256", digest)), 403, "Forbidden");
        assertThat(early.innerCode()).isEqualTo("KeyNotYetValid");
        bad(call("POST", "/keys/future/wrapkey", "{\"alg\":\"RSA-OAEP\",\"value\":\"AAAA\"}"), 403, "Forbidden");
    }

    @Test
    void keyOpsAreEnforcedOnEveryOperation() throws Exception {
        ok(call("PUT", "/keys/verify-only", importBody(rsa, ",\"key_ops\":[\"verify\"]")));
        for (String[] op : new String[][] {{"sign", sign("RS256", sha256("x"))},
                {"encrypt", "{\"alg\":\"RSA-OAEP\",\"value\":\"AAAA\"}"},
                {"decrypt", "{\"alg\":\"RSA-OAEP\",\"value\":\"AAAA\"}"},
                {"wrapkey", "{\"alg\":\"RSA-OAEP\",\"value\":\"AAAA\"}"},
                {"unwrapkey", "{\"alg\":\"RSA-OAEP\",\"value\":\"AAAA\"}"}}) {
            RunningCoffer.Reply r = bad(call("POST", "/keys/verify-only/" + op[0], op[1]), 403, "Forbidden");
            assertThat(r.innerCode()).isEqualTo("KeyOperationForbidden");
        }
        ok(call("PATCH", "/keys/verify-only/", "{\"key_ops\":[\"sign\",\"verify\"]}"));
        ok(call("POST", "/keys/verify-only/sign", sign("RS256", sha256("x"))));
    }

    @Test
    void aPublicOnlyImportVerifiesButCannotSign() throws Exception {
        RSAPublicKey pub = (RSAPublicKey) rsa.getPublic();
        RunningCoffer.Reply r = ok(call("PUT", "/keys/public-only", "{\"key\":{\"kty\":\"RSA\",\"n\":\""
                + b64(pub.getModulus()) + "\",\"e\":\"AQAB\"}}"));
        assertThat(r.json().get("key").get("key_ops").toString()).isEqualTo("[\"encrypt\",\"verify\",\"wrapKey\"]");
        bad(call("PATCH", "/keys/public-only", "{\"key_ops\":[\"sign\"]}"), 400, "BadParameter");
        ok(call("POST", "/keys/public-only/encrypt", "{\"alg\":\"RSA-OAEP-256\",\"value\":\"AAAA\"}"));
    }

    @Test
    void deletedKeysAndOtherVaultsKeysAreNotFound() throws Exception {
        ok(call("POST", "/keys/soon-gone/create", "{\"kty\":\"EC\"}"));
        ok(call("DELETE", "/keys/soon-gone", null));
        bad(call("POST", "/keys/soon-gone/sign", sign("ES256", sha256("x"))), 404, "KeyNotFound");
        bad(call("GET", "/keys/soon-gone", null), 404, "KeyNotFound");

        RunningCoffer.Reply elsewhere = coffer.call("POST", otherVault + "/keys/jca-rsa/sign?api-version=7.6", token,
                sign("RS256", sha256("x")));
        assertThat(elsewhere.status()).isEqualTo(404);
        assertThat(elsewhere.errorCode()).isEqualTo("KeyNotFound");
        String version = ok(call("GET", "/keys/jca-rsa", null)).json().get("key").get("kid").asText()
                .replaceAll(".*/", "");
        assertThat(coffer.call("POST", otherVault + "/keys/jca-rsa/" + version + "/sign?api-version=7.6", token,
                sign("RS256", sha256("x"))).status()).isEqualTo(404);
        bad(call("POST", "/keys/jca-rsa/" + "0".repeat(32) + "/sign", sign("RS256", sha256("x"))), 404,
                "KeyNotFound");
        bad(call("POST", "/keys/bad_name/sign", sign("RS256", sha256("x"))), 400, "BadParameter");
    }

    @Test
    void hsmKeysNeedAConfiguredToken() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(System.getenv("COFFER_PKCS11_LIBRARY") == null);
        RunningCoffer.Reply r = bad(call("POST", "/keys/hsm/create", "{\"kty\":\"RSA-HSM\"}"), 400, "BadParameter");
        assertThat(r.text()).contains("PKCS#11");
    }
}
