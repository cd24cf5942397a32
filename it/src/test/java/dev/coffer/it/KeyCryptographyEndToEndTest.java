package dev.coffer.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.core.http.policy.HttpPipelinePolicy;
import com.azure.security.keyvault.keys.KeyClient;
import com.azure.security.keyvault.keys.KeyClientBuilder;
import com.azure.security.keyvault.keys.cryptography.CryptographyClient;
import com.azure.security.keyvault.keys.cryptography.CryptographyClientBuilder;
import com.azure.security.keyvault.keys.cryptography.models.EncryptionAlgorithm;
import com.azure.security.keyvault.keys.cryptography.models.KeyWrapAlgorithm;
import com.azure.security.keyvault.keys.cryptography.models.SignatureAlgorithm;
import com.azure.security.keyvault.keys.models.CreateEcKeyOptions;
import com.azure.security.keyvault.keys.models.CreateRsaKeyOptions;
import com.azure.security.keyvault.keys.models.JsonWebKey;
import com.azure.security.keyvault.keys.models.KeyCurveName;
import com.azure.security.keyvault.keys.models.KeyType;
import com.azure.security.keyvault.keys.models.KeyVaultKey;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.crypto.Cipher;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every software key type and algorithm through the Azure SDK's {@code CryptographyClient}, built with key
 * caching off so that every operation — public-key ones included — goes to Coffer (a pipeline policy records
 * the calls to prove it), and cross-checked against a local JCA (BouncyCastle for secp256k1): Coffer's
 * signatures verify locally, local signatures verify at Coffer, local encryptions decrypt at Coffer and
 * Coffer's encryptions decrypt locally.
 */
class KeyCryptographyEndToEndTest {

    private static final BouncyCastleProvider BC = new BouncyCastleProvider();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final byte[] MESSAGE = "Coffer signs and decrypts; the key never leaves."
            .getBytes(StandardCharsets.UTF_8);

    @TempDir
    static Path dataDir;

    static RunningCoffer coffer;
    static KeyClient keys;
    static final Map<Integer, KeyPair> RSA = new java.util.HashMap<>();
    static final Map<Integer, String> RSA_KIDS = new java.util.HashMap<>();
    static final Map<Curve, KeyPair> EC = new EnumMap<>(Curve.class);
    static final Map<Curve, String> EC_KIDS = new EnumMap<>(Curve.class);
    static final List<String> calls = new CopyOnWriteArrayList<>();

    enum Curve {
        P_256(KeyCurveName.P_256, "secp256r1", SignatureAlgorithm.ES256, "SHA256", 64),
        P_384(KeyCurveName.P_384, "secp384r1", SignatureAlgorithm.ES384, "SHA384", 96),
        P_521(KeyCurveName.P_521, "secp521r1", SignatureAlgorithm.ES512, "SHA512", 132),
        P_256K(KeyCurveName.P_256K, "secp256k1", SignatureAlgorithm.ES256K, "SHA256", 64);

        final KeyCurveName sdk;
        final String jca;
        final SignatureAlgorithm alg;
        final String hash;
        final int signatureBytes;

        Curve(KeyCurveName sdk, String jca, SignatureAlgorithm alg, String hash, int signatureBytes) {
            this.sdk = sdk;
            this.jca = jca;
            this.alg = alg;
            this.hash = hash;
            this.signatureBytes = signatureBytes;
        }

        /** secp256k1 needs BouncyCastle locally: the JDK no longer computes on it. */
        Signature localSignature() throws Exception {
            return this == P_256K ? Signature.getInstance(hash + "withPLAIN-ECDSA", BC)
                    : Signature.getInstance(hash + "withECDSAinP1363Format");
        }
    }

    @BeforeAll
    static void start() throws Exception {
        coffer = RunningCoffer.start(dataDir);
        coffer.createVault(coffer.adminManagementToken(), "rg-crypto", "cryptovault", true, false);
        keys = new KeyClientBuilder().vaultUrl(coffer.vaultUrl("cryptovault")).credential(coffer.adminCredential())
                .httpClient(coffer.azureHttpClient()).buildClient();
        for (int bits : new int[] {2048, 3072, 4096}) {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(bits);
            KeyPair pair = g.generateKeyPair();
            RSA.put(bits, pair);
            RSA_KIDS.put(bits, keys.importKey("imported-rsa-" + bits, JsonWebKey.fromRsa(pair)).getId());
        }
        for (Curve c : Curve.values()) {
            KeyPairGenerator g = c == Curve.P_256K ? KeyPairGenerator.getInstance("EC", BC)
                    : KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec(c.jca));
            KeyPair pair = g.generateKeyPair();
            EC.put(c, pair);
            EC_KIDS.put(c, keys.importKey("imported-" + c.name().toLowerCase().replace("_", ""), ecJwk(c, pair))
                    .getId());
        }
    }

    @AfterAll
    static void stop() throws Exception {
        coffer.close();
    }

    @BeforeEach
    void clearCalls() {
        calls.clear();
    }

    /** A client that sends every operation to Coffer and records the operation paths it called. */
    static CryptographyClient service(String kid) {
        HttpPipelinePolicy recorder = (context, next) -> {
            calls.add(context.getHttpRequest().getHttpMethod() + " " + context.getHttpRequest().getUrl().getPath());
            return next.process();
        };
        return new CryptographyClientBuilder().keyIdentifier(kid).credential(coffer.adminCredential())
                .httpClient(coffer.azureHttpClient()).addPolicy(recorder).disableKeyCaching().buildClient();
    }

    static JsonWebKey ecJwk(Curve c, KeyPair pair) {
        int n = c.signatureBytes / 2;
        ECPublicKey pub = (ECPublicKey) pair.getPublic();
        return new JsonWebKey().setKeyType(KeyType.EC).setCurveName(c.sdk)
                .setX(fixed(pub.getW().getAffineX(), n)).setY(fixed(pub.getW().getAffineY(), n))
                .setD(fixed(((ECPrivateKey) pair.getPrivate()).getS(), n));
    }

    static byte[] fixed(java.math.BigInteger v, int n) {
        byte[] b = KeyClientEndToEndTest.unsigned(v);
        byte[] out = new byte[n];
        System.arraycopy(b, 0, out, n - b.length, b.length);
        return out;
    }

    static Iterable<Arguments> rsaSignatures() {
        List<Arguments> out = new java.util.ArrayList<>();
        for (int bits : new int[] {2048, 3072, 4096}) {
            for (SignatureAlgorithm alg : List.of(SignatureAlgorithm.RS256, SignatureAlgorithm.RS384,
                    SignatureAlgorithm.RS512, SignatureAlgorithm.PS256, SignatureAlgorithm.PS384,
                    SignatureAlgorithm.PS512)) {
                out.add(Arguments.of(bits, alg));
            }
        }
        return out;
    }

    static Signature localRsa(SignatureAlgorithm alg) throws Exception {
        String hash = alg.toString().substring(2);
        if (alg.toString().startsWith("RS")) {
            return Signature.getInstance("SHA" + hash + "withRSA");
        }
        Signature s = Signature.getInstance("RSASSA-PSS");
        String name = "SHA-" + hash;
        s.setParameter(new PSSParameterSpec(name, "MGF1", new MGF1ParameterSpec(name), Integer.parseInt(hash) / 8, 1));
        return s;
    }

    @ParameterizedTest(name = "RSA-{0} {1}")
    @MethodSource("rsaSignatures")
    void rsaSignaturesCrossCheckWithTheJdk(int bits, SignatureAlgorithm alg) throws Exception {
        CryptographyClient crypto = service(RSA_KIDS.get(bits));
        byte[] signature = crypto.signData(alg, MESSAGE).getSignature();
        assertThat(signature).hasSize(bits / 8);
        Signature local = localRsa(alg);
        local.initVerify(RSA.get(bits).getPublic());
        local.update(MESSAGE);
        assertThat(local.verify(signature)).as("Coffer's signature verifies in the JDK").isTrue();

        local.initSign(RSA.get(bits).getPrivate());
        local.update(MESSAGE);
        byte[] localSignature = local.sign();
        assertThat(crypto.verifyData(alg, MESSAGE, localSignature).isValid()).isTrue();
        localSignature[localSignature.length / 2] ^= 1;
        assertThat(crypto.verifyData(alg, MESSAGE, localSignature).isValid()).isFalse();
        assertThat(calls).anyMatch(c -> c.endsWith("/sign")).anyMatch(c -> c.endsWith("/verify"));
    }

    static Iterable<Arguments> rsaEncryptions() {
        List<Arguments> out = new java.util.ArrayList<>();
        for (int bits : new int[] {2048, 3072, 4096}) {
            for (String alg : List.of("RSA-OAEP", "RSA-OAEP-256", "RSA1_5")) {
                out.add(Arguments.of(bits, alg));
            }
        }
        return out;
    }

    static Cipher localRsaCipher(String alg, int mode, java.security.Key key) throws Exception {
        if (alg.equals("RSA1_5")) {
            Cipher c = Cipher.getInstance("RSA/ECB/PKCS1Padding");
            c.init(mode, key);
            return c;
        }
        Cipher c = Cipher.getInstance("RSA/ECB/OAEPPadding");
        c.init(mode, key, alg.equals("RSA-OAEP")
                ? new OAEPParameterSpec("SHA-1", "MGF1", MGF1ParameterSpec.SHA1, PSource.PSpecified.DEFAULT)
                : new OAEPParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, PSource.PSpecified.DEFAULT));
        return c;
    }

    @ParameterizedTest(name = "RSA-{0} {1}")
    @MethodSource("rsaEncryptions")
    void rsaEncryptionAndKeyWrapCrossCheckWithTheJdk(int bits, String algName) throws Exception {
        CryptographyClient crypto = service(RSA_KIDS.get(bits));
        EncryptionAlgorithm alg = EncryptionAlgorithm.fromString(algName);
        KeyWrapAlgorithm wrapAlg = KeyWrapAlgorithm.fromString(algName);
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);

        byte[] local = localRsaCipher(algName, Cipher.ENCRYPT_MODE, RSA.get(bits).getPublic()).doFinal(secret);
        assertThat(crypto.decrypt(alg, local).getPlainText()).isEqualTo(secret);
        assertThat(crypto.unwrapKey(wrapAlg, local).getKey()).isEqualTo(secret);

        byte[] remote = crypto.encrypt(alg, secret).getCipherText();
        assertThat(localRsaCipher(algName, Cipher.DECRYPT_MODE, RSA.get(bits).getPrivate()).doFinal(remote))
                .isEqualTo(secret);
        byte[] wrapped = crypto.wrapKey(wrapAlg, secret).getEncryptedKey();
        assertThat(localRsaCipher(algName, Cipher.DECRYPT_MODE, RSA.get(bits).getPrivate()).doFinal(wrapped))
                .isEqualTo(secret);
        assertThat(calls).anyMatch(c -> c.endsWith("/encrypt")).anyMatch(c -> c.endsWith("/decrypt"))
                .anyMatch(c -> c.endsWith("/wrapkey")).anyMatch(c -> c.endsWith("/unwrapkey"));
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.EnumSource(Curve.class)
    void ecdsaSignaturesAreRawRAndSAndCrossCheckLocally(Curve c) throws Exception {
        CryptographyClient crypto = service(EC_KIDS.get(c));
        byte[] signature = crypto.signData(c.alg, MESSAGE).getSignature();
        assertThat(signature).as("R||S, not DER").hasSize(c.signatureBytes);
        Signature local = c.localSignature();
        local.initVerify(EC.get(c).getPublic());
        local.update(MESSAGE);
        assertThat(local.verify(signature)).as("Coffer's signature verifies locally").isTrue();

        local.initSign(EC.get(c).getPrivate());
        local.update(MESSAGE);
        byte[] localSignature = local.sign();
        assertThat(crypto.verifyData(c.alg, MESSAGE, localSignature).isValid()).isTrue();
        localSignature[3] ^= 1;
        assertThat(crypto.verifyData(c.alg, MESSAGE, localSignature).isValid()).isFalse();
        assertThat(calls).anyMatch(x -> x.endsWith("/sign")).anyMatch(x -> x.endsWith("/verify"));
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.EnumSource(Curve.class)
    void keysCreatedInCofferSignForTheirPublishedPublicKey(Curve c) throws Exception {
        KeyVaultKey key = keys.createEcKey(new CreateEcKeyOptions("made-" + c.name().toLowerCase().replace("_", ""))
                .setCurveName(c.sdk));
        byte[] signature = service(key.getId()).signData(c.alg, MESSAGE).getSignature();
        PublicKey pub = key.getKey().toEc(false, c == Curve.P_256K ? BC : null).getPublic();
        Signature local = c.localSignature();
        local.initVerify(pub);
        local.update(MESSAGE);
        assertThat(local.verify(signature)).isTrue();
    }

    @Test
    void createdRsaKeysRoundTripEveryOperationThroughTheService() throws Exception {
        KeyVaultKey key = keys.createRsaKey(new CreateRsaKeyOptions("made-rsa").setKeySize(3072));
        CryptographyClient crypto = service(key.getId());
        byte[] secret = "a data key of thirty-two bytes!!".getBytes(StandardCharsets.UTF_8);
        for (EncryptionAlgorithm alg : List.of(EncryptionAlgorithm.RSA_OAEP, EncryptionAlgorithm.RSA_OAEP_256,
                EncryptionAlgorithm.RSA1_5)) {
            byte[] ct = crypto.encrypt(alg, secret).getCipherText();
            assertThat(crypto.decrypt(alg, ct).getPlainText()).isEqualTo(secret);
        }
        for (KeyWrapAlgorithm alg : List.of(KeyWrapAlgorithm.RSA_OAEP, KeyWrapAlgorithm.RSA_OAEP_256,
                KeyWrapAlgorithm.RSA1_5)) {
            byte[] wrapped = crypto.wrapKey(alg, secret).getEncryptedKey();
            assertThat(crypto.unwrapKey(alg, wrapped).getKey()).isEqualTo(secret);
        }
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(MESSAGE);
        byte[] signature = crypto.sign(SignatureAlgorithm.PS256, digest).getSignature();
        assertThat(crypto.verify(SignatureAlgorithm.PS256, digest, signature).isValid()).isTrue();
        Signature local = localRsa(SignatureAlgorithm.PS256);
        local.initVerify(key.getKey().toRsa().getPublic());
        local.update(MESSAGE);
        assertThat(local.verify(signature)).isTrue();
        assertThat(calls).noneMatch(c -> c.contains("/keys/made-rsa/") && c.startsWith("GET"));
    }

    @Test
    void thePlainSdkClientAlsoWorksItDoesPublicOperationsLocally() {
        CryptographyClient sdkDefault = keys.getCryptographyClient("imported-rsa-2048");
        byte[] secret = new byte[24];
        RANDOM.nextBytes(secret);
        byte[] ct = sdkDefault.encrypt(EncryptionAlgorithm.RSA_OAEP_256, secret).getCipherText();
        assertThat(sdkDefault.decrypt(EncryptionAlgorithm.RSA_OAEP_256, ct).getPlainText()).isEqualTo(secret);
    }
}
