package dev.coffer.directory;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.OptionalLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * RFC 6238 time-based one-time passwords as authenticator apps make them: HMAC-SHA-1, 30-second steps, six
 * digits. A code is accepted for the current step and one step either side (clock drift); the caller makes
 * each accepted step single-use.
 */
public final class Totp {

    public static final int STEP_SECONDS = 30;
    public static final int DIGITS = 6;
    private static final int DRIFT_STEPS = 1;

    private Totp() {
    }

    public static long stepAt(long epochSecond) {
        return Math.floorDiv(epochSecond, STEP_SECONDS);
    }

    /** The code for one time step (RFC 4226 dynamic truncation), zero-padded to six digits. */
    public static String code(byte[] seed, long step) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(seed, "HmacSHA1"));
            byte[] counter = new byte[8];
            for (int i = 7; i >= 0; i--) {
                counter[i] = (byte) (step >>> (8 * (7 - i)));
            }
            byte[] h = mac.doFinal(counter);
            int offset = h[h.length - 1] & 0x0f;
            int binary = ((h[offset] & 0x7f) << 24) | ((h[offset + 1] & 0xff) << 16) | ((h[offset + 2] & 0xff) << 8)
                    | (h[offset + 3] & 0xff);
            return String.format("%06d", binary % 1_000_000);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 unavailable", e);
        }
    }

    /**
     * The step a presented code matches, if any. Only exactly six ASCII digits are codes: spaces, signs or
     * extra leading zeros are refused rather than normalised, so no variant of a used code counts as new.
     * Every candidate step is compared, in constant time, whatever matched earlier.
     */
    public static OptionalLong matchingStep(byte[] seed, String presented, long epochSecond) {
        if (presented == null || presented.length() != DIGITS || !presented.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return OptionalLong.empty();
        }
        byte[] given = presented.getBytes(StandardCharsets.US_ASCII);
        long now = stepAt(epochSecond);
        long matched = Long.MIN_VALUE;
        for (long step = now - DRIFT_STEPS; step <= now + DRIFT_STEPS; step++) {
            if (MessageDigest.isEqual(code(seed, step).getBytes(StandardCharsets.US_ASCII), given)) {
                matched = step;
            }
        }
        return matched == Long.MIN_VALUE ? OptionalLong.empty() : OptionalLong.of(matched);
    }

    /** RFC 4648 base32 without padding, as {@code otpauth://} URIs carry the seed. */
    public static String base32(byte[] data) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        StringBuilder out = new StringBuilder();
        int buffer = 0;
        int bits = 0;
        for (byte b : data) {
            buffer = (buffer << 8) | (b & 0xff);
            bits += 8;
            while (bits >= 5) {
                out.append(alphabet.charAt((buffer >>> (bits - 5)) & 31));
                bits -= 5;
            }
        }
        if (bits > 0) {
            out.append(alphabet.charAt((buffer << (5 - bits)) & 31));
        }
        return out.toString();
    }
}
