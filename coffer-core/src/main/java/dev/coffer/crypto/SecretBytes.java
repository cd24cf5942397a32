package dev.coffer.crypto;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Bytes that must never be printed, compared by accident or logged. There is deliberately no toString,
 * equals or hashCode; reading the bytes is the explicit, greppable {@link #reveal()} call.
 */
public final class SecretBytes {

    private final byte[] bytes;

    private SecretBytes(byte[] bytes) {
        this.bytes = bytes;
    }

    /** Takes ownership of the array (the caller must not keep using it). */
    public static SecretBytes wrap(byte[] bytes) {
        return new SecretBytes(bytes);
    }

    public static SecretBytes ofUtf8(String text) {
        return new SecretBytes(text.getBytes(StandardCharsets.UTF_8));
    }

    /** A copy of the secret bytes; the caller is responsible for not leaking them. */
    public byte[] reveal() {
        return bytes.clone();
    }

    public String revealUtf8() {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    public int length() {
        return bytes.length;
    }

    /** Overwrites the bytes; later reads see zeros. */
    public void destroy() {
        Arrays.fill(bytes, (byte) 0);
    }

    @Override
    public String toString() {
        return "SecretBytes[redacted]";
    }
}
