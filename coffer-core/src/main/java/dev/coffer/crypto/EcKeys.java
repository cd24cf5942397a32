package dev.coffer.crypto;

import dev.coffer.error.BadRequest;
import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPrivateKeySpec;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.EnumMap;
import java.util.Map;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.generators.ECKeyPairGenerator;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECKeyGenerationParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.math.ec.ECCurve;

/**
 * EC keys on Azure's four curves. Keys are plain JDK key objects on every curve (the JDK still describes
 * secp256k1, it only no longer computes on it); BouncyCastle generates secp256k1 keys and checks that imported
 * points lie on their curve and match their private scalar, which the JDK's key factory does not.
 */
public final class EcKeys {

    private EcKeys() {
    }

    /** Curve parameters are immutable and looking them up is slow next to a signature check: look up once. */
    private static final Map<Curve, ECParameterSpec> PARAMETERS = new EnumMap<>(Curve.class);
    private static final Map<Curve, ECDomainParameters> DOMAINS = new EnumMap<>(Curve.class);

    static {
        for (Curve curve : Curve.values()) {
            try {
                AlgorithmParameters p = AlgorithmParameters.getInstance("EC");
                p.init(new ECGenParameterSpec(curve.jcaName()));
                PARAMETERS.put(curve, p.getParameterSpec(ECParameterSpec.class));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("curve " + curve.wireName() + " unavailable", e);
            }
            X9ECParameters x9 = CustomNamedCurves.getByName(curve.jcaName());
            DOMAINS.put(curve, new ECDomainParameters(x9.getCurve(), x9.getG(), x9.getN(), x9.getH()));
        }
    }

    public static ECParameterSpec parameters(Curve curve) {
        return PARAMETERS.get(curve);
    }

    /** BouncyCastle's view of the same curve, for arithmetic and for secp256k1 signatures. */
    static ECDomainParameters domain(Curve curve) {
        return DOMAINS.get(curve);
    }

    public static KeyPair generate(Curve curve, SecureRandom random) {
        if (curve == Curve.P_256K) {
            ECKeyPairGenerator g = new ECKeyPairGenerator();
            g.init(new ECKeyGenerationParameters(domain(curve), random));
            AsymmetricCipherKeyPair pair = g.generateKeyPair();
            ECPublicKeyParameters pub = (ECPublicKeyParameters) pair.getPublic();
            ECPrivateKeyParameters priv = (ECPrivateKeyParameters) pair.getPrivate();
            var q = pub.getQ().normalize();
            ECPublicKey publicKey = jdkPublic(curve, q.getAffineXCoord().toBigInteger(),
                    q.getAffineYCoord().toBigInteger());
            return new KeyPair(publicKey, jdkPrivate(curve, priv.getD()));
        }
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec(curve.jcaName()), random);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("EC key generation unavailable", e);
        }
    }

    /** A public key from JWK {@code x} and {@code y}, refusing coordinates that do not lie on the curve. */
    public static ECPublicKey publicKey(Curve curve, byte[] x, byte[] y) {
        if (x == null || y == null || x.length == 0 || y.length == 0 || significant(x) > curve.fieldBytes()
                || significant(y) > curve.fieldBytes()) {
            throw new BadRequest("BadParameter", "An EC key on " + curve.wireName() + " needs the members 'x' and 'y' "
                    + "of at most " + curve.fieldBytes() + " bytes each.");
        }
        BigInteger px = new BigInteger(1, x);
        BigInteger py = new BigInteger(1, y);
        ECCurve c = domain(curve).getCurve();
        try {
            if (!c.validatePoint(px, py).isValid()) {
                throw notOnCurve(curve);
            }
        } catch (IllegalArgumentException e) {
            throw notOnCurve(curve);
        }
        return jdkPublic(curve, px, py);
    }

    /** A private key from JWK {@code d}, which must be in range and produce the given public point. */
    public static ECPrivateKey privateKey(Curve curve, ECPublicKey pub, SecretBytes d) {
        if (d == null || d.length() == 0 || d.length() > curve.fieldBytes() + 1) {
            throw new BadRequest("BadParameter", "An EC private key on " + curve.wireName() + " needs the member 'd' "
                    + "of at most " + curve.fieldBytes() + " bytes.");
        }
        BigInteger s = JwkPrivateParts.integer(d);
        ECDomainParameters domain = domain(curve);
        if (s.signum() <= 0 || s.compareTo(domain.getN()) >= 0) {
            throw mismatch();
        }
        var q = domain.getG().multiply(s).normalize();
        if (!q.getAffineXCoord().toBigInteger().equals(pub.getW().getAffineX())
                || !q.getAffineYCoord().toBigInteger().equals(pub.getW().getAffineY())) {
            throw mismatch();
        }
        return jdkPrivate(curve, s);
    }

    public static ECPrivateKey fromPkcs8(byte[] encoded) {
        try {
            return (ECPrivateKey) KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(encoded));
        } catch (GeneralSecurityException | ClassCastException e) {
            throw new IllegalStateException("a stored EC private key failed to parse");
        }
    }

    /** JWK {@code x}: the affine x coordinate, left-padded to the curve's size as Azure returns it. */
    public static byte[] x(Curve curve, ECPublicKey key) {
        return Unsigned.fixed(key.getW().getAffineX(), curve.fieldBytes());
    }

    public static byte[] y(Curve curve, ECPublicKey key) {
        return Unsigned.fixed(key.getW().getAffineY(), curve.fieldBytes());
    }

    /** Length without leading zero bytes: some encoders (the Java SDK's fromEc) add a sign byte. */
    private static int significant(byte[] b) {
        int i = 0;
        while (i < b.length - 1 && b[i] == 0) {
            i++;
        }
        return b.length - i;
    }

    private static ECPublicKey jdkPublic(Curve curve, BigInteger x, BigInteger y) {
        try {
            return (ECPublicKey) KeyFactory.getInstance("EC")
                    .generatePublic(new ECPublicKeySpec(new ECPoint(x, y), parameters(curve)));
        } catch (GeneralSecurityException e) {
            throw notOnCurve(curve);
        }
    }

    private static ECPrivateKey jdkPrivate(Curve curve, BigInteger s) {
        try {
            return (ECPrivateKey) KeyFactory.getInstance("EC")
                    .generatePrivate(new ECPrivateKeySpec(s, parameters(curve)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("EC private key construction failed");
        }
    }

    private static BadRequest notOnCurve(Curve curve) {
        return new BadRequest("BadParameter", "The EC public key is not a point on " + curve.wireName() + ".");
    }

    private static BadRequest mismatch() {
        return new BadRequest("BadParameter", "The EC private key member 'd' does not match the public key.");
    }
}
