package dev.coffer.crypto;

import dev.coffer.error.BadRequest;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAKeyGenParameterSpec;
import java.security.spec.RSAPrivateCrtKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Set;

/**
 * RSA keys as Azure allows them: 2048, 3072 or 4096 bits with public exponent 65537. Imported private parts
 * must carry the CRT members and agree with the public key; a mismatch is refused, not stored.
 */
public final class RsaKeys {

    public static final Set<Integer> SIZES = Set.of(2048, 3072, 4096);
    public static final BigInteger EXPONENT = RSAKeyGenParameterSpec.F4;

    private RsaKeys() {
    }

    public static void requireSize(int bits) {
        if (!SIZES.contains(bits)) {
            throw new BadRequest("BadParameter", "RSA keys must be 2048, 3072 or 4096 bits long, not " + bits + ".");
        }
    }

    public static void requireExponent(BigInteger e) {
        if (!EXPONENT.equals(e)) {
            throw new BadRequest("BadParameter", "RSA keys must have the public exponent 65537.");
        }
    }

    public static KeyPair generate(int bits, SecureRandom random) {
        requireSize(bits);
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(new RSAKeyGenParameterSpec(bits, EXPONENT), random);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RSA key generation unavailable", e);
        }
    }

    /** A public key from JWK {@code n} and {@code e}, refusing sizes and exponents Azure does not allow. */
    public static RSAPublicKey publicKey(byte[] n, byte[] e) {
        if (n == null || e == null || n.length == 0 || e.length == 0) {
            throw new BadRequest("BadParameter", "An RSA key needs the members 'n' and 'e'.");
        }
        BigInteger modulus = new BigInteger(1, n);
        requireSize(modulus.bitLength());
        requireExponent(new BigInteger(1, e));
        try {
            return (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(modulus, EXPONENT));
        } catch (GeneralSecurityException ex) {
            throw new BadRequest("BadParameter", "The RSA public key is not valid.");
        }
    }

    /**
     * A private key from the JWK's private members, checked against the public key: p·q = n, e·d ≡ 1 and the CRT
     * members derived from them. The members are read, not kept.
     */
    public static RSAPrivateCrtKey privateKey(RSAPublicKey pub, JwkPrivateParts parts) {
        if (parts.d() == null || parts.p() == null || parts.q() == null || parts.dp() == null || parts.dq() == null
                || parts.qi() == null) {
            throw new BadRequest("BadParameter", "An RSA private key needs the members 'd', 'p', 'q', 'dp', 'dq' and "
                    + "'qi'.");
        }
        BigInteger n = pub.getModulus();
        BigInteger e = pub.getPublicExponent();
        BigInteger d = JwkPrivateParts.integer(parts.d());
        BigInteger p = JwkPrivateParts.integer(parts.p());
        BigInteger q = JwkPrivateParts.integer(parts.q());
        BigInteger dp = JwkPrivateParts.integer(parts.dp());
        BigInteger dq = JwkPrivateParts.integer(parts.dq());
        BigInteger qi = JwkPrivateParts.integer(parts.qi());
        BigInteger one = BigInteger.ONE;
        boolean consistent = p.compareTo(one) > 0 && q.compareTo(one) > 0 && p.multiply(q).equals(n)
                && d.signum() > 0 && d.compareTo(n) < 0
                && e.multiply(d).mod(p.subtract(one)).equals(one) && e.multiply(d).mod(q.subtract(one)).equals(one)
                && d.mod(p.subtract(one)).equals(dp) && d.mod(q.subtract(one)).equals(dq)
                && q.multiply(qi).mod(p).equals(one);
        if (!consistent) {
            throw mismatch();
        }
        try {
            return (RSAPrivateCrtKey) KeyFactory.getInstance("RSA")
                    .generatePrivate(new RSAPrivateCrtKeySpec(n, e, d, p, q, dp, dq, qi));
        } catch (GeneralSecurityException ex) {
            throw mismatch();
        }
    }

    public static RSAPrivateCrtKey fromPkcs8(byte[] encoded) {
        try {
            return (RSAPrivateCrtKey) KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(encoded));
        } catch (GeneralSecurityException | ClassCastException e) {
            throw new IllegalStateException("a stored RSA private key failed to parse");
        }
    }

    public static byte[] pkcs8(PrivateKey key) {
        return key.getEncoded();
    }

    /** The JWK members {@code n} and {@code e}: unsigned big-endian, no leading zero bytes (RFC 7518). */
    public static byte[] n(RSAPublicKey key) {
        return Unsigned.bytes(key.getModulus());
    }

    public static byte[] e(RSAPublicKey key) {
        return Unsigned.bytes(key.getPublicExponent());
    }

    public static int bits(RSAPublicKey key) {
        return key.getModulus().bitLength();
    }

    private static BadRequest mismatch() {
        return new BadRequest("BadParameter", "The RSA private key members do not match the public key.");
    }
}
