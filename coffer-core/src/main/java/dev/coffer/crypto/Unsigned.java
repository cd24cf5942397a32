package dev.coffer.crypto;

import java.math.BigInteger;

/** Unsigned big-endian byte forms of integers, as JWK members and raw signatures carry them. */
final class Unsigned {

    private Unsigned() {
    }

    /** Minimal length, no sign byte. */
    static byte[] bytes(BigInteger value) {
        byte[] b = value.toByteArray();
        if (b.length > 1 && b[0] == 0) {
            byte[] out = new byte[b.length - 1];
            System.arraycopy(b, 1, out, 0, out.length);
            return out;
        }
        return b;
    }

    /** Exactly {@code length} bytes, left-padded with zeros; the value must fit. */
    static byte[] fixed(BigInteger value, int length) {
        byte[] b = bytes(value);
        if (b.length > length) {
            throw new IllegalArgumentException("value does not fit");
        }
        byte[] out = new byte[length];
        System.arraycopy(b, 0, out, length - b.length, b.length);
        return out;
    }
}
