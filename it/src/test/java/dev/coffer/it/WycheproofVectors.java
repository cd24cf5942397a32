package dev.coffer.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * Reads the reduced Wycheproof files in {@code src/test/resources/wycheproof/} and keeps the tally of one file's
 * run: vectors checked, groups skipped because their key cannot be imported (with the reason), and every
 * mismatch between Wycheproof's verdict and Coffer's answer.
 */
final class WycheproofVectors {

    private static final ObjectMapper JSON = new ObjectMapper();

    private WycheproofVectors() {
    }

    static JsonNode load(String file) {
        try (InputStream in = WycheproofVectors.class.getResourceAsStream("/wycheproof/" + file)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource wycheproof/" + file);
            }
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] hex(JsonNode node) {
        return HexFormat.of().parseHex(node.asText());
    }

    /** Hex integer bytes without a leading sign byte, left-padded to {@code length}. */
    static byte[] unsignedFixed(String hex, int length) {
        byte[] b = HexFormat.of().parseHex(hex);
        int start = 0;
        while (start < b.length - 1 && b[start] == 0) {
            start++;
        }
        byte[] out = new byte[length];
        int n = b.length - start;
        System.arraycopy(b, start, out, length - n, n);
        return out;
    }

    /** Runs one check per vector on a few threads: the vectors are independent and the server is concurrent. */
    static void forEach(JsonNode tests, Check check) throws Exception {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            List<java.util.concurrent.Future<?>> futures = new ArrayList<>();
            for (JsonNode t : tests) {
                futures.add(pool.submit(() -> {
                    check.run(t);
                    return null;
                }));
            }
            for (java.util.concurrent.Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
    }

    @FunctionalInterface
    interface Check {
        void run(JsonNode test) throws Exception;
    }

    /** The REST calls the vector tests make against one vault. */
    record Api(RunningCoffer coffer, String vault, String token) {
        RunningCoffer.Reply importKey(String name, String body) throws Exception {
            return coffer.call("PUT", vault + "/keys/" + name + "?api-version=7.6", token, body);
        }

        RunningCoffer.Reply post(String path, String body) throws Exception {
            return coffer.call("POST", vault + path + "?api-version=7.6", token, body);
        }
    }

    /**
     * RSA decryption vectors (OAEP or PKCS#1 v1.5): each group's private key imported (into the HSM when
     * {@code hsm}), then every vector decrypted over HTTPS. Vectors with an OAEP label are skipped: Azure's API
     * has no label parameter. A failed decryption must give the one undifferentiated error.
     */
    static Tally rsaDecryption(Api api, String file, String alg, boolean hsm) throws Exception {
        Tally tally = new Tally(file + (hsm ? " (HSM)" : ""));
        int group = 0;
        int labelled = 0;
        for (JsonNode g : load(file).get("testGroups")) {
            String name = "wp-" + (hsm ? "hsm-" : "") + Integer.toHexString(file.hashCode() & 0xfffffff) + "-"
                    + group++;
            JsonNode k = g.get("privateKeyJwk");
            StringBuilder jwk = new StringBuilder("{\"kty\":\"RSA\"");
            for (String member : new String[] {"n", "e", "d", "p", "q", "dp", "dq", "qi"}) {
                jwk.append(",\"").append(member).append("\":\"").append(k.get(member).asText()).append('"');
            }
            RunningCoffer.Reply imported = api.importKey(name, "{\"Hsm\":" + hsm + ",\"key\":" + jwk + "}}");
            if (imported.status() != 200) {
                throw new AssertionError("import failed: " + imported.text());
            }
            List<JsonNode> unlabelled = new ArrayList<>();
            for (JsonNode t : g.get("tests")) {
                if (t.has("label") && !t.get("label").asText().isEmpty()) {
                    labelled++;
                } else {
                    unlabelled.add(t);
                }
            }
            forEach(com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode().addAll(unlabelled), t -> {
                byte[] msg = hex(t.get("msg"));
                RunningCoffer.Reply r = api.post("/keys/" + name + "/decrypt", "{\"alg\":\"" + alg
                        + "\",\"value\":\"" + b64(hex(t.get("ct"))) + "\"}");
                boolean decrypted = r.status() == 200 && r.json().get("value").asText().equals(b64(msg));
                tally.record(t, r.status(), decrypted, r.text());
                if (!decrypted && r.status() != 200
                        && !r.text().contains("could not be decrypted with this key and algorithm")) {
                    tally.problem(file + " tcId " + t.get("tcId") + ": a failed decryption said more: " + r.text());
                }
            });
        }
        if (labelled > 0) {
            tally.skip(labelled + " vectors with a non-empty OAEP label (Azure's API has no label)");
        }
        return tally;
    }

    static String b64(byte[] b) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /** The outcome of one file. */
    static final class Tally {
        final String file;
        int checked;
        int valid;
        int invalid;
        int acceptable;
        final List<String> skippedGroups = new ArrayList<>();
        final List<String> mismatches = new ArrayList<>();
        final List<String> serverErrors = new ArrayList<>();

        Tally(String file) {
            this.file = file;
        }

        synchronized void skip(String why) {
            skippedGroups.add(why);
        }

        synchronized void problem(String what) {
            mismatches.add(what);
        }

        /** Records one vector: {@code passed} means Coffer accepted it (verified, decrypted to the message). */
        synchronized void record(JsonNode test, int status, boolean passed, String detail) {
            checked++;
            String result = test.get("result").asText();
            String id = file + " tcId " + test.get("tcId").asInt() + " (" + test.path("comment").asText() + ")";
            if (status >= 500) {
                serverErrors.add(id + ": HTTP " + status);
            }
            switch (result) {
                case "valid" -> {
                    valid++;
                    if (!passed) {
                        mismatches.add(id + ": valid vector rejected: " + detail);
                    }
                }
                case "invalid" -> {
                    invalid++;
                    if (passed) {
                        mismatches.add(id + ": invalid vector accepted");
                    }
                }
                default -> acceptable++;
            }
        }

        @Override
        public String toString() {
            return file + ": " + checked + " vectors (" + valid + " valid, " + invalid + " invalid, " + acceptable
                    + " acceptable), skipped groups " + skippedGroups + ", mismatches " + mismatches.size()
                    + ", server errors " + serverErrors.size();
        }
    }
}
