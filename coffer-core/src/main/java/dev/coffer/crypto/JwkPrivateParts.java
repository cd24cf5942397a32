package dev.coffer.crypto;

import java.math.BigInteger;
import java.util.stream.Stream;

/**
 * The private members of an imported JSON Web Key ({@code d, p, q, dp, dq, qi} for RSA, {@code d} for EC,
 * {@code k} for oct). Secret-bearing: no toString, equals or hashCode; {@link #destroy()} once used.
 */
public final class JwkPrivateParts {

    private final SecretBytes d;
    private final SecretBytes p;
    private final SecretBytes q;
    private final SecretBytes dp;
    private final SecretBytes dq;
    private final SecretBytes qi;
    private final SecretBytes k;

    public JwkPrivateParts(SecretBytes d, SecretBytes p, SecretBytes q, SecretBytes dp, SecretBytes dq,
                           SecretBytes qi, SecretBytes k) {
        this.d = d;
        this.p = p;
        this.q = q;
        this.dp = dp;
        this.dq = dq;
        this.qi = qi;
        this.k = k;
    }

    public static final JwkPrivateParts NONE = new JwkPrivateParts(null, null, null, null, null, null, null);

    public SecretBytes d() {
        return d;
    }

    public SecretBytes p() {
        return p;
    }

    public SecretBytes q() {
        return q;
    }

    public SecretBytes dp() {
        return dp;
    }

    public SecretBytes dq() {
        return dq;
    }

    public SecretBytes qi() {
        return qi;
    }

    public SecretBytes k() {
        return k;
    }

    /** True when any private member is present. */
    public boolean present() {
        return members().anyMatch(m -> m != null);
    }

    public void destroy() {
        members().filter(m -> m != null).forEach(SecretBytes::destroy);
    }

    private Stream<SecretBytes> members() {
        return Stream.of(d, p, q, dp, dq, qi, k);
    }

    static BigInteger integer(SecretBytes member) {
        byte[] bytes = member.reveal();
        try {
            return new BigInteger(1, bytes);
        } finally {
            java.util.Arrays.fill(bytes, (byte) 0);
        }
    }
}
