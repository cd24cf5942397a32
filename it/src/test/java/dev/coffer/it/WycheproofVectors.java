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
