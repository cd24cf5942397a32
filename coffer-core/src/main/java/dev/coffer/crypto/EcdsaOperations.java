package dev.coffer.crypto;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.crypto.signers.ECDSASigner;

/**
 * ECDSA over a caller's digest with Azure's raw R‖S signatures (not DER). NIST curves use the JDK (or the
 * token's provider); secp256k1 software keys use BouncyCastle, because the JDK no longer computes on that curve.
 */
final class EcdsaOperations {

    private static final String JCA_ALGORITHM = "NONEwithECDSAinP1363Format";

    private EcdsaOperations() {
    }

    static byte[] sign(KeyMaterial key, byte[] digest, SecureRandom random) throws GeneralSecurityException {
        if (key instanceof TokenKey t) {
            Signature s = Signature.getInstance(JCA_ALGORITHM, t.provider());
            s.initSign((PrivateKey) t.tokenKey(), random);
            s.update(digest);
            return s.sign();
        }
        SoftwareKey soft = (SoftwareKey) key;
        if (key.curve() == Curve.P_256K) {
            ECDomainParameters domain = EcKeys.domain(key.curve());
            ECDSASigner signer = new ECDSASigner();
            signer.init(true, new ParametersWithRandom(
                    new ECPrivateKeyParameters(((ECPrivateKey) soft.privateKey()).getS(), domain), random));
            BigInteger[] rs = signer.generateSignature(digest);
            int n = key.curve().fieldBytes();
            byte[] out = new byte[2 * n];
            System.arraycopy(Unsigned.fixed(rs[0], n), 0, out, 0, n);
            System.arraycopy(Unsigned.fixed(rs[1], n), 0, out, n, n);
            return out;
        }
        Signature s = Signature.getInstance(JCA_ALGORITHM);
        s.initSign(soft.privateKey(), random);
        s.update(digest);
        return s.sign();
    }

    /** False for any signature that is not exactly R‖S of the curve's size and valid; never an error. */
    static boolean verify(PublicKey publicKey, Curve curve, byte[] digest, byte[] signature) {
        int n = curve.fieldBytes();
        if (signature.length != 2 * n) {
            return false;
        }
        try {
            if (curve == Curve.P_256K) {
                ECDomainParameters domain = EcKeys.domain(curve);
                ECPublicKey pub = (ECPublicKey) publicKey;
                var q = domain.getCurve().createPoint(pub.getW().getAffineX(), pub.getW().getAffineY());
                ECDSASigner verifier = new ECDSASigner();
                verifier.init(false, new ECPublicKeyParameters(q, domain));
                BigInteger r = new BigInteger(1, java.util.Arrays.copyOfRange(signature, 0, n));
                BigInteger s = new BigInteger(1, java.util.Arrays.copyOfRange(signature, n, 2 * n));
                return verifier.verifySignature(digest, r, s);
            }
            Signature s = Signature.getInstance(JCA_ALGORITHM);
            s.initVerify(publicKey);
            s.update(digest);
            return s.verify(signature);
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }
}
