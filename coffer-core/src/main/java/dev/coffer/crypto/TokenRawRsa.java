package dev.coffer.crypto;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.interfaces.RSAPublicKey;
import javax.crypto.Cipher;
import org.bouncycastle.crypto.AsymmetricBlockCipher;
import org.bouncycastle.crypto.CipherParameters;
import org.bouncycastle.crypto.InvalidCipherTextException;

/**
 * The raw RSA private-key primitive computed inside a PKCS#11 token (CKM_RSA_X_509), shaped as BouncyCastle's
 * block cipher so that BC's PSS and OAEP encodings can run around it: the JDK's PKCS#11 provider offers
 * neither PSS over a ready digest nor OAEP. Sizes and output forms mirror BC's own RSA engine.
 */
final class TokenRawRsa implements AsymmetricBlockCipher {

    /** The key lives in the token; BC's encodings still want parameters to pass along. */
    static final CipherParameters NO_PARAMETERS = new CipherParameters() {
    };

    private final TokenKey key;
    private final int modulusBytes;
    private boolean forEncryption;

    TokenRawRsa(TokenKey key) {
        this.key = key;
        this.modulusBytes = (((RSAPublicKey) key.publicKey()).getModulus().bitLength() + 7) / 8;
    }

    @Override
    public void init(boolean forEncryption, CipherParameters params) {
        this.forEncryption = forEncryption;
    }

    @Override
    public int getInputBlockSize() {
        return forEncryption ? modulusBytes - 1 : modulusBytes;
    }

    @Override
    public int getOutputBlockSize() {
        return forEncryption ? modulusBytes : modulusBytes - 1;
    }

    /** "Encryption" here is signing (private key, raw); decryption is the private-key inverse. */
    @Override
    public byte[] processBlock(byte[] in, int inOff, int inLen) throws InvalidCipherTextException {
        if (inLen > modulusBytes) {
            throw new InvalidCipherTextException("input too large");
        }
        byte[] block = new byte[modulusBytes];
        System.arraycopy(in, inOff, block, modulusBytes - inLen, inLen);
        try {
            Cipher c = Cipher.getInstance("RSA/ECB/NoPadding", key.provider());
            c.init(forEncryption ? Cipher.ENCRYPT_MODE : Cipher.DECRYPT_MODE, key.tokenKey());
            byte[] out = c.doFinal(block);
            BigInteger value = new BigInteger(1, out);
            return forEncryption ? Unsigned.fixed(value, modulusBytes) : Unsigned.bytes(value);
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new InvalidCipherTextException("token RSA operation failed");
        }
    }
}
