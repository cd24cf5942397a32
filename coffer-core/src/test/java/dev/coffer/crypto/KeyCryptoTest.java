package dev.coffer.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.error.BadRequest;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.HashSet;
import java.util.Set;
import javax.crypto.Cipher;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The cryptography of one key, for software keys and for the token code paths (run here against a provider
 * that stands in for PKCS#11), cross-checked with the JDK and BouncyCastle.
 */
class KeyCryptoTest {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final byte[] MESSAGE = "message".getBytes();
    private static final KeyCrypto CRYPTO = new KeyCrypto(RANDOM);
    private static final DelegatingTokenProvider TOKEN = new DelegatingTokenProvider();
    private static KeyPair rsa;
    private static SoftwareKey softRsa;
    private static TokenKey tokenRsa;

    @BeforeAll
    static void keys() {
        rsa = RsaKeys.generate(2048, RANDOM);
        softRsa = new SoftwareKey(KeyType.RSA, rsa.getPublic(), rsa.getPrivate(), null);
        tokenRsa = new TokenKey(KeyType.RSA_HSM, rsa.getPublic(), rsa.getPrivate(), TOKEN, null, 0);
    }

    static byte[] digest(SignatureAlgorithm alg) throws Exception {
        return MessageDigest.getInstance(alg.hashName()).digest(MESSAGE);
    }

    static Signature jdkRsa(SignatureAlgorithm alg) throws Exception {
        String hash = alg.hashName();
        if (alg.scheme() == SignatureAlgorithm.Scheme.RSA_PKCS1) {
            return Signature.getInstance(hash.replace("-", "") + "withRSA");
        }
        Signature s = Signature.getInstance("RSASSA-PSS");
        s.setParameter(new PSSParameterSpec(hash, "MGF1", new MGF1ParameterSpec(hash), alg.digestLength(), 1));
        return s;
    }

    @ParameterizedTest
    @EnumSource(names = {"RS256", "RS384", "RS512", "PS256", "PS384", "PS512"})
    void rsaSignaturesFromSoftwareAndTokenKeysVerifyInTheJdk(SignatureAlgorithm alg) throws Exception {
        for (KeyMaterial key : new KeyMaterial[] {softRsa, tokenRsa}) {
            byte[] signature = CRYPTO.sign(key, alg, digest(alg));
            Signature jdk = jdkRsa(alg);
            jdk.initVerify(rsa.getPublic());
            jdk.update(MESSAGE);
            assertThat(jdk.verify(signature)).as(key.getClass().getSimpleName()).isTrue();
            assertThat(CRYPTO.verify(key, alg, digest(alg), signature)).isTrue();
            signature[10] ^= 1;
            assertThat(CRYPTO.verify(key, alg, digest(alg), signature)).isFalse();
        }
    }

    @ParameterizedTest
    @EnumSource(names = {"RSA_OAEP", "RSA_OAEP_256", "RSA1_5"})
    void rsaDecryptionWithSoftwareAndTokenKeysReadsJdkCiphertexts(EncryptionAlgorithm alg) throws Exception {
        Cipher jdk = alg == EncryptionAlgorithm.RSA1_5 ? Cipher.getInstance("RSA/ECB/PKCS1Padding")
                : Cipher.getInstance("RSA/ECB/OAEPPadding");
        if (alg == EncryptionAlgorithm.RSA1_5) {
            jdk.init(Cipher.ENCRYPT_MODE, rsa.getPublic());
        } else {
            String h = alg == EncryptionAlgorithm.RSA_OAEP ? "SHA-1" : "SHA-256";
            jdk.init(Cipher.ENCRYPT_MODE, rsa.getPublic(), new OAEPParameterSpec(h, "MGF1", new MGF1ParameterSpec(h),
                    PSource.PSpecified.DEFAULT));
        }
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        byte[] ct = jdk.doFinal(secret);
        for (KeyMaterial key : new KeyMaterial[] {softRsa, tokenRsa}) {
            assertThat(CRYPTO.decrypt(key, alg, ct, null, null, null)).isEqualTo(secret);
            assertThat(CRYPTO.unwrapKey(key, alg, CRYPTO.wrapKey(key, alg, secret))).isEqualTo(secret);
        }
    }

    @Test
    void everyFailedRsaDecryptionGivesTheSameError() {
        Set<String> messages = new HashSet<>();
        byte[] modulus = ((java.security.interfaces.RSAPublicKey) rsa.getPublic()).getModulus().toByteArray();
        for (EncryptionAlgorithm alg : new EncryptionAlgorithm[] {EncryptionAlgorithm.RSA_OAEP,
                EncryptionAlgorithm.RSA_OAEP_256, EncryptionAlgorithm.RSA1_5}) {
            for (KeyMaterial key : new KeyMaterial[] {softRsa, tokenRsa}) {
                for (byte[] ct : new byte[][] {new byte[256], new byte[3], new byte[512], modulus, random(256)}) {
                    try {
                        CRYPTO.decrypt(key, alg, ct, null, null, null);
                    } catch (BadRequest e) {
                        messages.add(e.code() + ": " + e.getMessage());
                    }
                }
            }
        }
        assertThat(messages).containsExactly("BadParameter: " + KeyCrypto.decryptionFailed().getMessage());
    }

    @ParameterizedTest
    @EnumSource(Curve.class)
    void ecdsaSignaturesAreRawAndVerifyLocally(Curve curve) throws Exception {
        KeyPair pair = EcKeys.generate(curve, RANDOM);
        SoftwareKey key = new SoftwareKey(KeyType.EC, pair.getPublic(), pair.getPrivate(), curve);
        SignatureAlgorithm alg = java.util.Arrays.stream(SignatureAlgorithm.values())
                .filter(a -> a.curve() == curve).findFirst().orElseThrow();
        byte[] signature = CRYPTO.sign(key, alg, digest(alg));
        assertThat(signature).hasSize(2 * curve.fieldBytes());
        String hash = alg.hashName().replace("-", "");
        Signature local = curve == Curve.P_256K
                ? Signature.getInstance(hash + "withPLAIN-ECDSA", new BouncyCastleProvider())
                : Signature.getInstance(hash + "withECDSAinP1363Format");
        local.initVerify(pair.getPublic());
        local.update(MESSAGE);
        assertThat(local.verify(signature)).isTrue();
        assertThat(CRYPTO.verify(key, alg, digest(alg), signature)).isTrue();
        assertThat(CRYPTO.verify(key, alg, digest(alg), java.util.Arrays.copyOf(signature, signature.length - 1)))
                .isFalse();
    }

    @ParameterizedTest
    @EnumSource(names = {"A128GCM", "A192GCM", "A256GCM", "A128CBC", "A256CBC", "A128CBCPAD", "A256CBCPAD"})
    void aesThroughTheTokenProviderRoundTripsAndMatchesTheJdk(EncryptionAlgorithm alg) throws Exception {
        byte[] k = random(alg.aesKeyBits() / 8);
        TokenKey key = new TokenKey(KeyType.OCT_HSM, null, new SecretKeySpec(k, "AES"), TOKEN, null, alg.aesKeyBits());
        byte[] plain = random(alg.scheme() == EncryptionAlgorithm.Scheme.AES_CBC ? 48 : 37);
        byte[] iv = alg.scheme() == EncryptionAlgorithm.Scheme.AES_GCM ? null : random(16);
        byte[] aad = alg.scheme() == EncryptionAlgorithm.Scheme.AES_GCM ? "header".getBytes() : null;
        Ciphertext ct = CRYPTO.encrypt(key, alg, plain, iv, aad);
        assertThat(CRYPTO.decrypt(key, alg, ct.value(), ct.iv(), ct.aad(), ct.tag())).isEqualTo(plain);
        if (alg.scheme() == EncryptionAlgorithm.Scheme.AES_GCM) {
            assertThat(ct.iv()).hasSize(12);
            assertThat(ct.tag()).hasSize(16);
            byte[] badTag = ct.tag().clone();
            badTag[0] ^= 1;
            assertThatThrownBy(() -> CRYPTO.decrypt(key, alg, ct.value(), ct.iv(), ct.aad(), badTag))
                    .hasMessage(KeyCrypto.decryptionFailed().getMessage());
        }
    }

    @Test
    void keyWrapOverSingleTokenBlocksMatchesTheJdkAndRefusesTampering() throws Exception {
        byte[] kek = random(32);
        TokenKey key = new TokenKey(KeyType.OCT_HSM, null, new SecretKeySpec(kek, "AES"), TOKEN, null, 256);
        byte[] dataKey = random(32);
        byte[] wrapped = CRYPTO.wrapKey(key, EncryptionAlgorithm.A256KW, dataKey);
        Cipher jdk = Cipher.getInstance("AESWrap");
        jdk.init(Cipher.WRAP_MODE, new SecretKeySpec(kek, "AES"));
        assertThat(wrapped).isEqualTo(jdk.wrap(new SecretKeySpec(dataKey, "AES")));
        assertThat(CRYPTO.unwrapKey(key, EncryptionAlgorithm.A256KW, wrapped)).isEqualTo(dataKey);
        wrapped[5] ^= 1;
        assertThatThrownBy(() -> CRYPTO.unwrapKey(key, EncryptionAlgorithm.A256KW, wrapped))
                .hasMessage(KeyCrypto.decryptionFailed().getMessage());

        byte[] odd = random(21);
        byte[] padded = CRYPTO.wrapKey(key, EncryptionAlgorithm.CKM_AES_KEY_WRAP_PAD, odd);
        Cipher kwp = Cipher.getInstance("AES/KWP/NoPadding");
        kwp.init(Cipher.DECRYPT_MODE, new SecretKeySpec(kek, "AES"));
        assertThat(kwp.doFinal(padded)).isEqualTo(odd);
        assertThatThrownBy(() -> CRYPTO.wrapKey(key, EncryptionAlgorithm.A256KW, odd)).isInstanceOf(BadRequest.class);
        assertThatThrownBy(() -> CRYPTO.wrapKey(key, EncryptionAlgorithm.A128KW, dataKey))
                .hasMessageContaining("does not fit");
    }

    @Test
    void algorithmsDigestsAndMissingPrivatePartsAreRefused() {
        SoftwareKey publicOnly = new SoftwareKey(KeyType.RSA, rsa.getPublic(), null, null);
        assertThatThrownBy(() -> CRYPTO.sign(publicOnly, SignatureAlgorithm.RS256, new byte[32]))
                .hasMessageContaining("without private parts");
        assertThatThrownBy(() -> CRYPTO.sign(softRsa, SignatureAlgorithm.RS256, new byte[31]))
                .hasMessageContaining("32-byte");
        assertThatThrownBy(() -> CRYPTO.sign(softRsa, SignatureAlgorithm.ES256, new byte[32]))
                .hasMessageContaining("does not fit");
        assertThatThrownBy(() -> CRYPTO.encrypt(softRsa, EncryptionAlgorithm.A128GCM, new byte[1], null, null))
                .hasMessageContaining("does not fit");
        assertThatThrownBy(() -> CRYPTO.encrypt(softRsa, EncryptionAlgorithm.RSA_OAEP_256, new byte[191], null, null))
                .hasMessageContaining("too long");
    }

    static byte[] random(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }
}
