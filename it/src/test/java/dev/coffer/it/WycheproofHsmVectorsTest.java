package dev.coffer.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Wycheproof AES vectors through the REST API, with each test's key imported into the HSM as an
 * {@code oct-HSM} key (Coffer has symmetric keys only there): AES-GCM decrypt, AES key wrap (A*KW) and key
 * wrap with padding (CKM_AES_KEY_WRAP_PAD) both ways, AES-CBC with PKCS#7 padding both ways; and the RSA-OAEP
 * and RSA1_5 decryption vectors again with the RSA keys imported into the HSM (OAEP then runs BouncyCastle's
 * decoding around the token's raw RSA). Every
 * {@code valid} vector must pass, every {@code invalid} one fail, nothing may answer 5xx. GCM groups whose
 * nonce is not 96 bits are skipped: Azure's GCM takes exactly a 12-byte nonce.
 */
class WycheproofHsmVectorsTest {

    @TempDir
    static Path dataDir;

    static RunningCoffer coffer;
    static String token;
    static String vault;
    static final Map<String, String> keyNames = new ConcurrentHashMap<>();
    static final List<WycheproofVectors.Tally> tallies = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        coffer = KeyHsmFixture.start(dataDir);
        coffer.createVault(coffer.adminManagementToken(), "rg-wycheproof-hsm", "wycheproofhsm", true, false);
        Bootstrap b = coffer.bootstrap();
        token = coffer.token(b.clientId(), b.clientSecret(), "https://vault.azure.net/.default");
        vault = coffer.vaultUrl("wycheproofhsm");
    }

    @AfterAll
    static void stop() throws Exception {
        tallies.forEach(t -> System.out.println("[wycheproof-hsm] " + t));
        if (coffer != null) {
            coffer.close();
        }
    }

    static RunningCoffer.Reply post(String path, String body) throws Exception {
        return coffer.call("POST", vault + path + "?api-version=7.6", token, body);
    }

    /** The oct-HSM key holding this AES key, imported the first time it is needed. */
    static String key(String hexKey) throws Exception {
        String existing = keyNames.get(hexKey);
        if (existing != null) {
            return existing;
        }
        String name = "aes-" + Integer.toHexString(hexKey.hashCode() & 0xfffffff) + "-" + hexKey.length();
        synchronized (keyNames) {
            if (!keyNames.containsKey(hexKey)) {
                RunningCoffer.Reply r = coffer.call("PUT", vault + "/keys/" + name + "?api-version=7.6", token,
                        "{\"Hsm\":true,\"key\":{\"kty\":\"oct\",\"k\":\"" + WycheproofVectors.b64(
                                java.util.HexFormat.of().parseHex(hexKey)) + "\"}}");
                assertThat(r.status()).as(r.text()).isEqualTo(200);
                assertThat(r.json().at("/key/kty").asText()).isEqualTo("oct-HSM");
                keyNames.put(hexKey, name);
            }
        }
        return keyNames.get(hexKey);
    }

    static String bytes(JsonNode test, String member) {
        return WycheproofVectors.b64(WycheproofVectors.hex(test.get(member)));
    }

    @Test
    void aesGcmDecryption() throws Exception {
        WycheproofVectors.Tally tally = new WycheproofVectors.Tally("aes_gcm_test.json");
        for (JsonNode g : WycheproofVectors.load("aes_gcm_test.json").get("testGroups")) {
            if (g.get("ivSize").asInt() != 96 || g.get("tagSize").asInt() != 128) {
                tally.skip("group ivSize " + g.get("ivSize") + " tagSize " + g.get("tagSize"));
                continue;
            }
            String alg = "A" + g.get("keySize").asInt() + "GCM";
            WycheproofVectors.forEach(g.get("tests"), t -> {
                String name = key(t.get("key").asText());
                RunningCoffer.Reply r = post("/keys/" + name + "/decrypt", "{\"alg\":\"" + alg + "\",\"value\":\""
                        + bytes(t, "ct") + "\",\"iv\":\"" + bytes(t, "iv") + "\",\"aad\":\"" + bytes(t, "aad")
                        + "\",\"tag\":\"" + bytes(t, "tag") + "\"}");
                boolean decrypted = r.status() == 200 && r.json().get("value").asText().equals(bytes(t, "msg"));
                tally.record(t, r.status(), decrypted, r.text());
            });
        }
        finish(tally);
    }

    @Test
    void aesKeyWrap() throws Exception {
        wrapFile("aes_wrap_test.json", true);
    }

    @Test
    void aesKeyWrapWithPadding() throws Exception {
        wrapFile("aes_kwp_test.json", false);
    }

    private static void wrapFile(String file, boolean rfc3394) throws Exception {
        WycheproofVectors.Tally tally = new WycheproofVectors.Tally(file);
        for (JsonNode g : WycheproofVectors.load(file).get("testGroups")) {
            String alg = rfc3394 ? "A" + g.get("keySize").asInt() + "KW" : "CKM_AES_KEY_WRAP_PAD";
            WycheproofVectors.forEach(g.get("tests"), t -> {
                String name = key(t.get("key").asText());
                RunningCoffer.Reply unwrapped = post("/keys/" + name + "/unwrapkey", "{\"alg\":\"" + alg
                        + "\",\"value\":\"" + bytes(t, "ct") + "\"}");
                boolean passed = unwrapped.status() == 200
                        && unwrapped.json().get("value").asText().equals(bytes(t, "msg"));
                if (passed && t.get("result").asText().equals("valid")) {
                    RunningCoffer.Reply wrapped = post("/keys/" + name + "/wrapkey", "{\"alg\":\"" + alg
                            + "\",\"value\":\"" + bytes(t, "msg") + "\"}");
                    passed = wrapped.status() == 200 && wrapped.json().get("value").asText().equals(bytes(t, "ct"));
                    tally.record(t, Math.max(unwrapped.status(), wrapped.status()), passed, wrapped.text());
                } else {
                    tally.record(t, unwrapped.status(), passed, unwrapped.text());
                }
            });
        }
        finish(tally);
    }

    @Test
    void aesCbcWithPadding() throws Exception {
        WycheproofVectors.Tally tally = new WycheproofVectors.Tally("aes_cbc_pkcs5_test.json");
        for (JsonNode g : WycheproofVectors.load("aes_cbc_pkcs5_test.json").get("testGroups")) {
            String alg = "A" + g.get("keySize").asInt() + "CBCPAD";
            WycheproofVectors.forEach(g.get("tests"), t -> {
                String name = key(t.get("key").asText());
                RunningCoffer.Reply decrypted = post("/keys/" + name + "/decrypt", "{\"alg\":\"" + alg
                        + "\",\"value\":\"" + bytes(t, "ct") + "\",\"iv\":\"" + bytes(t, "iv") + "\"}");
                boolean passed = decrypted.status() == 200
                        && decrypted.json().get("value").asText().equals(bytes(t, "msg"));
                if (passed && t.get("result").asText().equals("valid")) {
                    RunningCoffer.Reply encrypted = post("/keys/" + name + "/encrypt", "{\"alg\":\"" + alg
                            + "\",\"value\":\"" + bytes(t, "msg") + "\",\"iv\":\"" + bytes(t, "iv") + "\"}");
                    passed = encrypted.status() == 200
                            && encrypted.json().get("value").asText().equals(bytes(t, "ct"));
                    tally.record(t, Math.max(decrypted.status(), encrypted.status()), passed, encrypted.text());
                } else {
                    tally.record(t, decrypted.status(), passed, decrypted.text());
                }
            });
        }
        finish(tally);
    }

    @Test
    void rsaDecryptionWithHsmKeys() throws Exception {
        for (Map.Entry<String, String> e : new java.util.TreeMap<>(WycheproofKeyVectorsTest.RSA_DECRYPTIONS)
                .entrySet()) {
            WycheproofVectors.Tally tally = WycheproofVectors.rsaDecryption(
                    new WycheproofVectors.Api(coffer, vault, token), e.getKey(), e.getValue(), true);
            tallies.add(tally);
            assertThat(tally.serverErrors).as("no 5xx answers").isEmpty();
            assertThat(tally.mismatches).as(tally.toString()).isEmpty();
        }
    }

    private static void finish(WycheproofVectors.Tally tally) {
        tallies.add(tally);
        assertThat(tally.serverErrors).as("no 5xx answers").isEmpty();
        assertThat(tally.mismatches).as(tally.toString()).isEmpty();
        assertThat(tally.checked).isGreaterThan(100);
    }
}
