package dev.coffer.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Wycheproof vectors through Coffer's REST API with software keys: RSA PKCS#1 v1.5 and PSS verify, RSA-OAEP and
 * RSA1_5 decrypt, ECDSA verify on P-256, P-384, P-521 and secp256k1. Each group's key is imported (public-only
 * for the verify vectors, with private parts for the decrypt vectors), then every vector goes over HTTPS:
 * every {@code valid} vector must pass, every {@code invalid} one must fail, and nothing may answer 5xx.
 * Groups whose key Azure's rules refuse (public exponent 3) are skipped, and the import must say so with a 400.
 * OAEP vectors with a non-empty label are skipped: Azure's API has no label parameter.
 */
class WycheproofKeyVectorsTest {

    @TempDir
    static Path dataDir;

    static RunningCoffer coffer;
    static String token;
    static String vault;
    static final List<WycheproofVectors.Tally> tallies = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        coffer = RunningCoffer.start(dataDir);
        coffer.createVault(coffer.adminManagementToken(), "rg-wycheproof", "wycheproof", true, false);
        Bootstrap b = coffer.bootstrap();
        token = coffer.token(b.clientId(), b.clientSecret(), "https://vault.azure.net/.default");
        vault = coffer.vaultUrl("wycheproof");
    }

    @AfterAll
    static void stop() throws Exception {
        tallies.forEach(t -> System.out.println("[wycheproof] " + t));
        coffer.close();
    }

    static RunningCoffer.Reply post(String path, String body) throws Exception {
        return coffer.call("POST", vault + path + "?api-version=7.6", token, body);
    }

    static RunningCoffer.Reply importKey(String name, String jwk) throws Exception {
        return coffer.call("PUT", vault + "/keys/" + name + "?api-version=7.6", token, "{\"key\":" + jwk + "}");
    }

    private static final Map<String, String> RSA_SIGNATURES = Map.of(
            "rsa_signature_2048_sha256_test.json", "RS256", "rsa_signature_2048_sha384_test.json", "RS384",
            "rsa_signature_2048_sha512_test.json", "RS512", "rsa_signature_3072_sha256_test.json", "RS256",
            "rsa_signature_4096_sha512_test.json", "RS512", "rsa_pss_2048_sha256_mgf1_32_test.json", "PS256",
            "rsa_pss_2048_sha384_mgf1_48_test.json", "PS384", "rsa_pss_4096_sha512_mgf1_64_test.json", "PS512");

    static final Map<String, String> RSA_DECRYPTIONS = Map.of(
            "rsa_oaep_2048_sha1_mgf1sha1_test.json", "RSA-OAEP",
            "rsa_oaep_2048_sha256_mgf1sha256_test.json", "RSA-OAEP-256",
            "rsa_oaep_3072_sha256_mgf1sha256_test.json", "RSA-OAEP-256",
            "rsa_oaep_4096_sha256_mgf1sha256_test.json", "RSA-OAEP-256",
            "rsa_pkcs1_2048_test.json", "RSA1_5");

    private static final Map<String, String[]> ECDSA = Map.of(
            "ecdsa_secp256r1_sha256_p1363_test.json", new String[] {"P-256", "ES256", "32"},
            "ecdsa_secp384r1_sha384_p1363_test.json", new String[] {"P-384", "ES384", "48"},
            "ecdsa_secp521r1_sha512_p1363_test.json", new String[] {"P-521", "ES512", "66"},
            "ecdsa_secp256k1_sha256_p1363_test.json", new String[] {"P-256K", "ES256K", "32"});

    @TestFactory
    Stream<DynamicTest> rsaSignatureVerification() {
        return RSA_SIGNATURES.entrySet().stream().sorted(Map.Entry.comparingByKey()).map(e -> DynamicTest.dynamicTest(
                e.getKey(), () -> verifyFile(e.getKey(), e.getValue(), null)));
    }

    @TestFactory
    Stream<DynamicTest> ecdsaVerification() {
        return ECDSA.entrySet().stream().sorted(Map.Entry.comparingByKey()).map(e -> DynamicTest.dynamicTest(
                e.getKey(), () -> verifyFile(e.getKey(), e.getValue()[1], e.getValue())));
    }

    @TestFactory
    Stream<DynamicTest> rsaDecryption() {
        return RSA_DECRYPTIONS.entrySet().stream().sorted(Map.Entry.comparingByKey()).map(e -> DynamicTest.dynamicTest(
                e.getKey(), () -> decryptFile(e.getKey(), e.getValue())));
    }

    private static void verifyFile(String file, String alg, String[] ec) throws Exception {
        WycheproofVectors.Tally tally = new WycheproofVectors.Tally(file);
        JsonNode root = WycheproofVectors.load(file);
        java.util.concurrent.atomic.AtomicInteger groups = new java.util.concurrent.atomic.AtomicInteger();
        WycheproofVectors.forEach(root.get("testGroups"), g -> {
            int group = groups.incrementAndGet();
            String name = "wp-" + Integer.toHexString(file.hashCode() & 0xfffffff) + "-" + group;
            String jwk;
            if (ec != null) {
                int size = Integer.parseInt(ec[2]);
                JsonNode pub = g.get("publicKey");
                jwk = "{\"kty\":\"EC\",\"crv\":\"" + ec[0] + "\",\"x\":\"" + WycheproofVectors.b64(
                        WycheproofVectors.unsignedFixed(pub.get("wx").asText(), size)) + "\",\"y\":\""
                        + WycheproofVectors.b64(WycheproofVectors.unsignedFixed(pub.get("wy").asText(), size)) + "\"}";
            } else {
                JsonNode k = g.has("keyJwk") ? g.get("keyJwk") : g.get("publicKeyJwk");
                jwk = "{\"kty\":\"RSA\",\"n\":\"" + k.get("n").asText() + "\",\"e\":\"" + k.get("e").asText() + "\"}";
            }
            RunningCoffer.Reply imported = importKey(name, jwk);
            if (imported.status() != 200) {
                assertThat(imported.status()).as(file + " group " + group + ": " + imported.text()).isEqualTo(400);
                tally.skip("a group's key: " + imported.json().get("error").get("message").asText());
                return;
            }
            String sha = g.get("sha").asText();
            WycheproofVectors.forEach(g.get("tests"), t -> {
                byte[] digest = MessageDigest.getInstance(sha).digest(WycheproofVectors.hex(t.get("msg")));
                RunningCoffer.Reply r = post("/keys/" + name + "/verify", "{\"alg\":\"" + alg + "\",\"digest\":\""
                        + WycheproofVectors.b64(digest) + "\",\"value\":\""
                        + WycheproofVectors.b64(WycheproofVectors.hex(t.get("sig"))) + "\"}");
                boolean verified = r.status() == 200 && r.json().get("value").asBoolean();
                tally.record(t, r.status(), verified, r.text());
            });
        });
        finish(tally);
    }

    private static void decryptFile(String file, String alg) throws Exception {
        finish(WycheproofVectors.rsaDecryption(new WycheproofVectors.Api(coffer, vault, token), file, alg, false));
    }

    private static void finish(WycheproofVectors.Tally tally) {
        tallies.add(tally);
        assertThat(tally.serverErrors).as("no 5xx answers").isEmpty();
        assertThat(tally.mismatches).as(tally.toString()).isEmpty();
        assertThat(tally.checked).as("vectors actually checked").isGreaterThan(20);
    }
}
