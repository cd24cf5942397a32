package dev.coffer.crypto;

import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import org.bouncycastle.crypto.BlockCipher;
import org.bouncycastle.crypto.CipherParameters;
import org.bouncycastle.crypto.DataLengthException;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.Wrapper;
import org.bouncycastle.crypto.engines.RFC3394WrapEngine;
import org.bouncycastle.crypto.engines.RFC5649WrapEngine;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * AES key wrap (RFC 3394) and key wrap with padding (RFC 5649) under a token key. The wrap schedule runs in
 * BouncyCastle; every AES block operation of it runs inside the token (AES-ECB on single blocks), so the key
 * never leaves the token. This avoids depending on each token's and the JDK provider's CKM_AES_KEY_WRAP support,
 * which varies; integrity failures surface as one exception that callers report without detail.
 */
final class TokenKeyWrap {

    /** The key is the token's; BC's wrap engines still insist on a KeyParameter to hand to the block cipher. */
    private static final KeyParameter TOKEN_HELD = new KeyParameter(new byte[0]);

    private final Wrapper wrapper;

    private TokenKeyWrap(Wrapper wrapper) {
        this.wrapper = wrapper;
    }

    static TokenKeyWrap of(TokenKey key, EncryptionAlgorithm alg) {
        BlockCipher aes = new TokenAesBlock(key);
        return new TokenKeyWrap(alg.scheme() == EncryptionAlgorithm.Scheme.AES_KWP ? new RFC5649WrapEngine(aes)
                : new RFC3394WrapEngine(aes));
    }

    byte[] wrap(byte[] keyToWrap) throws GeneralSecurityException {
        try {
            wrapper.init(true, TOKEN_HELD);
            return wrapper.wrap(keyToWrap, 0, keyToWrap.length);
        } catch (RuntimeException e) {
            throw new GeneralSecurityException("key wrap failed");
        }
    }

    byte[] unwrap(byte[] wrapped) throws GeneralSecurityException {
        try {
            wrapper.init(false, TOKEN_HELD);
            return wrapper.unwrap(wrapped, 0, wrapped.length);
        } catch (InvalidCipherTextException | RuntimeException e) {
            throw new GeneralSecurityException("key unwrap failed");
        }
    }

    /** One AES block at a time, computed by the token. */
    private static final class TokenAesBlock implements BlockCipher {

        private final TokenKey key;
        private Cipher cipher;

        TokenAesBlock(TokenKey key) {
            this.key = key;
        }

        @Override
        public void init(boolean forEncryption, CipherParameters params) {
            try {
                cipher = Cipher.getInstance("AES/ECB/NoPadding", key.provider());
                cipher.init(forEncryption ? Cipher.ENCRYPT_MODE : Cipher.DECRYPT_MODE, key.tokenKey());
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("token AES unavailable");
            }
        }

        @Override
        public String getAlgorithmName() {
            return "AES";
        }

        @Override
        public int getBlockSize() {
            return 16;
        }

        @Override
        public int processBlock(byte[] in, int inOff, byte[] out, int outOff) {
            try {
                return cipher.doFinal(in, inOff, 16, out, outOff);
            } catch (GeneralSecurityException e) {
                throw new DataLengthException("token AES block failed");
            }
        }

        @Override
        public void reset() {
            // each block is a complete ECB operation; nothing carries over
        }
    }
}
