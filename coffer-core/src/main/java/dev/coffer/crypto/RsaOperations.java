package dev.coffer.crypto;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.MGF1ParameterSpec;
import javax.crypto.Cipher;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import org.bouncycastle.crypto.AsymmetricBlockCipher;
import org.bouncycastle.crypto.CipherParameters;
import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.encodings.OAEPEncoding;
import org.bouncycastle.crypto.engines.RSABlindedEngine;
import org.bouncycastle.crypto.engines.RSAEngine;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.crypto.params.RSAKeyParameters;
import org.bouncycastle.crypto.params.RSAPrivateCrtKeyParameters;
import org.bouncycastle.crypto.signers.PSSSigner;
import org.bouncycastle.crypto.util.DigestFactory;

/**
 * RSA signatures over a caller's digest and RSA encryption. Where the JDK offers the primitive on a digest
 * (PKCS#1 v1.5 via NONEwithRSA over DigestInfo, OAEP, PKCS#1 encryption) it is used, in the token through the
 * PKCS#11 provider; PSS over a digest and OAEP inside a token run BouncyCastle's encodings around the raw RSA
 * primitive, which for token keys is computed by the token.
 */
final class RsaOperations {

    private RsaOperations() {
    }

    static byte[] sign(KeyMaterial key, SignatureAlgorithm alg, byte[] digest, SecureRandom random)
            throws GeneralSecurityException {
        if (alg.scheme() == SignatureAlgorithm.Scheme.RSA_PKCS1) {
            Signature s = key instanceof TokenKey t ? Signature.getInstance("NONEwithRSA", t.provider())
                    : Signature.getInstance("NONEwithRSA");
            s.initSign(privateOf(key), random);
            s.update(alg.digestInfo(digest));
            return s.sign();
        }
        AsymmetricBlockCipher engine;
        CipherParameters params;
        if (key instanceof TokenKey t) {
            engine = new TokenRawRsa(t);
            // PSSSigner reads only the modulus from these; the private-key operation happens in the token.
            RSAPublicKey pub = (RSAPublicKey) t.publicKey();
            params = new ParametersWithRandom(new RSAKeyParameters(true, pub.getModulus(), pub.getPublicExponent()),
                    random);
        } else {
            engine = new RSABlindedEngine();
            params = new ParametersWithRandom(crtParameters((RSAPrivateCrtKey) privateOf(key)), random);
        }
        PSSSigner signer = PSSSigner.createRawSigner(engine, digest(alg), digest(alg), alg.digestLength(),
                PSSSigner.TRAILER_IMPLICIT);
        signer.init(true, params);
        signer.update(digest, 0, digest.length);
        try {
            return signer.generateSignature();
        } catch (org.bouncycastle.crypto.CryptoException e) {
            throw new GeneralSecurityException("PSS signature failed");
        }
    }

    static boolean verify(PublicKey publicKey, SignatureAlgorithm alg, byte[] digest, byte[] signature) {
        RSAPublicKey pub = (RSAPublicKey) publicKey;
        if (signature.length != (pub.getModulus().bitLength() + 7) / 8) {
            return false;
        }
        try {
            if (alg.scheme() == SignatureAlgorithm.Scheme.RSA_PKCS1) {
                Signature s = Signature.getInstance("NONEwithRSA");
                s.initVerify(pub);
                s.update(alg.digestInfo(digest));
                return s.verify(signature);
            }
            PSSSigner verifier = PSSSigner.createRawSigner(new RSAEngine(), digest(alg), digest(alg),
                    alg.digestLength(), PSSSigner.TRAILER_IMPLICIT);
            verifier.init(false, new RSAKeyParameters(false, pub.getModulus(), pub.getPublicExponent()));
            verifier.update(digest, 0, digest.length);
            return verifier.verifySignature(signature);
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    static byte[] encrypt(PublicKey publicKey, EncryptionAlgorithm alg, byte[] plaintext, SecureRandom random)
            throws GeneralSecurityException {
        Cipher c = jdkCipher(alg);
        if (alg.scheme() == EncryptionAlgorithm.Scheme.RSA_PKCS1) {
            c.init(Cipher.ENCRYPT_MODE, publicKey, random);
        } else {
            c.init(Cipher.ENCRYPT_MODE, publicKey, oaep(alg), random);
        }
        return c.doFinal(plaintext);
    }

    /** @throws GeneralSecurityException or a runtime exception on any failure; the caller says nothing more */
    static byte[] decrypt(KeyMaterial key, EncryptionAlgorithm alg, byte[] ciphertext, SecureRandom random)
            throws GeneralSecurityException {
        if (key instanceof TokenKey t) {
            if (alg.scheme() == EncryptionAlgorithm.Scheme.RSA_PKCS1) {
                Cipher c = Cipher.getInstance("RSA/ECB/PKCS1Padding", t.provider());
                c.init(Cipher.DECRYPT_MODE, t.tokenKey());
                return c.doFinal(ciphertext);
            }
            OAEPEncoding oaep = new OAEPEncoding(new TokenRawRsa(t), digest(alg), digest(alg), null);
            oaep.init(false, TokenRawRsa.NO_PARAMETERS);
            try {
                return oaep.processBlock(ciphertext, 0, ciphertext.length);
            } catch (org.bouncycastle.crypto.InvalidCipherTextException e) {
                throw new GeneralSecurityException("OAEP decoding failed");
            }
        }
        Cipher c = jdkCipher(alg);
        if (alg.scheme() == EncryptionAlgorithm.Scheme.RSA_PKCS1) {
            c.init(Cipher.DECRYPT_MODE, privateOf(key), random);
        } else {
            c.init(Cipher.DECRYPT_MODE, privateOf(key), oaep(alg), random);
        }
        return c.doFinal(ciphertext);
    }

    /** The longest plaintext one RSA encryption can carry under this key and padding. */
    static int maxPlaintext(PublicKey publicKey, EncryptionAlgorithm alg) {
        int k = (((RSAPublicKey) publicKey).getModulus().bitLength() + 7) / 8;
        return switch (alg.scheme()) {
            case RSA_PKCS1 -> k - 11;
            case RSA_OAEP_SHA1 -> k - 2 * 20 - 2;
            default -> k - 2 * 32 - 2;
        };
    }

    private static Cipher jdkCipher(EncryptionAlgorithm alg) throws GeneralSecurityException {
        return Cipher.getInstance(alg.scheme() == EncryptionAlgorithm.Scheme.RSA_PKCS1 ? "RSA/ECB/PKCS1Padding"
                : "RSA/ECB/OAEPPadding");
    }

    private static OAEPParameterSpec oaep(EncryptionAlgorithm alg) {
        return alg.scheme() == EncryptionAlgorithm.Scheme.RSA_OAEP_SHA1
                ? new OAEPParameterSpec("SHA-1", "MGF1", MGF1ParameterSpec.SHA1, PSource.PSpecified.DEFAULT)
                : new OAEPParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, PSource.PSpecified.DEFAULT);
    }

    private static Digest digest(SignatureAlgorithm alg) {
        return switch (alg.digestLength()) {
            case 32 -> DigestFactory.createSHA256();
            case 48 -> DigestFactory.createSHA384();
            default -> DigestFactory.createSHA512();
        };
    }

    private static Digest digest(EncryptionAlgorithm alg) {
        return alg.scheme() == EncryptionAlgorithm.Scheme.RSA_OAEP_SHA1 ? DigestFactory.createSHA1()
                : DigestFactory.createSHA256();
    }

    private static PrivateKey privateOf(KeyMaterial key) {
        return switch (key) {
            case SoftwareKey s -> s.privateKey();
            case TokenKey t -> (PrivateKey) t.tokenKey();
        };
    }

    private static RSAPrivateCrtKeyParameters crtParameters(RSAPrivateCrtKey k) {
        return new RSAPrivateCrtKeyParameters(k.getModulus(), k.getPublicExponent(), k.getPrivateExponent(),
                k.getPrimeP(), k.getPrimeQ(), k.getPrimeExponentP(), k.getPrimeExponentQ(), k.getCrtCoefficient());
    }
}
