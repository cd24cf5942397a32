package dev.coffer.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.core.exception.HttpResponseException;
import com.azure.security.keyvault.keys.KeyClient;
import com.azure.security.keyvault.keys.KeyClientBuilder;
import com.azure.security.keyvault.keys.cryptography.CryptographyClient;
import com.azure.security.keyvault.keys.cryptography.CryptographyClientBuilder;
import com.azure.security.keyvault.keys.cryptography.models.DecryptParameters;
import com.azure.security.keyvault.keys.cryptography.models.EncryptParameters;
import com.azure.security.keyvault.keys.cryptography.models.EncryptResult;
import com.azure.security.keyvault.keys.cryptography.models.EncryptionAlgorithm;
import com.azure.security.keyvault.keys.cryptography.models.KeyWrapAlgorithm;
import com.azure.security.keyvault.keys.cryptography.models.SignatureAlgorithm;
import com.azure.security.keyvault.keys.models.CreateEcKeyOptions;
import com.azure.security.keyvault.keys.models.CreateOctKeyOptions;
import com.azure.security.keyvault.keys.models.CreateRsaKeyOptions;
import com.azure.security.keyvault.keys.models.ImportKeyOptions;
import com.azure.security.keyvault.keys.models.JsonWebKey;
import com.azure.security.keyvault.keys.models.KeyCurveName;
import com.azure.security.keyvault.keys.models.KeyType;
import com.azure.security.keyvault.keys.models.KeyVaultKey;
import dev.coffer.store.ObjectKind;
import dev.coffer.store.ObjectVersionRow;
import dev.coffer.store.Store;
import dev.coffer.store.sqlite.SqliteStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.Key;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.util.List;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * HSM keys ({@code RSA-HSM}, {@code EC-HSM}, {@code oct-HSM}) generated and used inside a SoftHSM2 token
 * through the Azure SDK, cross-checked with local JCA; the key objects are sensitive and non-extractable, the
 * database holds none of their material, backups are refused, purging destroys the token object, and the keys
 * still work after a restart.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KeyHsmEndToEndTest {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final byte[] MESSAGE = "signed inside the token".getBytes(StandardCharsets.UTF_8);

    @TempDir
    static Path dataDir;

    static RunningCoffer coffer;
    static KeyClient keys;

    @BeforeAll
    static void start() throws Exception {
        coffer = KeyHsmFixture.start(dataDir);
        coffer.createVault(coffer.adminManagementToken(), "rg-hsm", "hsmvault", true, false);
        keys = client();
    }

    static KeyClient client() {
        return new KeyClientBuilder().vaultUrl(coffer.vaultUrl("hsmvault")).credential(coffer.adminCredential())
                .httpClient(coffer.azureHttpClient()).buildClient();
    }

    @AfterAll
    static void stop() throws Exception {
        if (coffer != null) {
            coffer.close();
        }
    }

    static CryptographyClient service(String kid) {
        return new CryptographyClientBuilder().keyIdentifier(kid).credential(coffer.adminCredential())
                .httpClient(coffer.azureHttpClient()).disableKeyCaching().buildClient();
    }

    @ParameterizedTest
    @ValueSource(ints = {2048, 3072})
    @Order(1)
    void rsaHsmKeysSignDecryptAndUnwrapInsideTheToken(int bits) throws Exception {
        KeyVaultKey key = keys.createRsaKey(new CreateRsaKeyOptions("hsm-rsa-" + bits).setKeySize(bits)
                .setHardwareProtected(true));
        assertThat(key.getKeyType()).isEqualTo(KeyType.RSA_HSM);
        CryptographyClient crypto = service(key.getId());
        java.security.PublicKey pub = key.getKey().toRsa().getPublic();
        for (SignatureAlgorithm alg : List.of(SignatureAlgorithm.RS256, SignatureAlgorithm.PS256,
                SignatureAlgorithm.PS512, SignatureAlgorithm.RS384)) {
            byte[] signature = crypto.signData(alg, MESSAGE).getSignature();
            Signature local = KeyCryptographyEndToEndTest.localRsa(alg);
            local.initVerify(pub);
            local.update(MESSAGE);
            assertThat(local.verify(signature)).as(alg.toString()).isTrue();
            assertThat(crypto.verifyData(alg, MESSAGE, signature).isValid()).isTrue();
        }
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        for (String alg : List.of("RSA-OAEP", "RSA-OAEP-256", "RSA1_5")) {
            byte[] ct = KeyCryptographyEndToEndTest.localRsaCipher(alg, Cipher.ENCRYPT_MODE, pub).doFinal(secret);
            assertThat(crypto.decrypt(EncryptionAlgorithm.fromString(alg), ct).getPlainText()).isEqualTo(secret);
            assertThat(crypto.unwrapKey(KeyWrapAlgorithm.fromString(alg), ct).getKey()).isEqualTo(secret);
            byte[] remote = crypto.encrypt(EncryptionAlgorithm.fromString(alg), secret).getCipherText();
            assertThat(crypto.decrypt(EncryptionAlgorithm.fromString(alg), remote).getPlainText()).isEqualTo(secret);
        }
        byte[] garbage = new byte[bits / 8];
        assertThatThrownBy(() -> crypto.decrypt(EncryptionAlgorithm.RSA_OAEP_256, garbage))
                .hasMessageContaining("could not be decrypted");
    }

    @ParameterizedTest
    @EnumSource(value = KeyCryptographyEndToEndTest.Curve.class)
    @Order(1)
    void ecHsmKeysSignInsideTheToken(KeyCryptographyEndToEndTest.Curve c) throws Exception {
        KeyVaultKey key = keys.createEcKey(new CreateEcKeyOptions("hsm-" + c.name().toLowerCase().replace("_", ""))
                .setCurveName(c.sdk).setHardwareProtected(true));
        assertThat(key.getKeyType()).isEqualTo(KeyType.EC_HSM);
        byte[] signature = service(key.getId()).signData(c.alg, MESSAGE).getSignature();
        assertThat(signature).hasSize(c.signatureBytes);
        Signature local = c.localSignature();
        local.initVerify(key.getKey().toEc(false, c == KeyCryptographyEndToEndTest.Curve.P_256K
                ? new BouncyCastleProvider() : null).getPublic());
        local.update(MESSAGE);
        assertThat(local.verify(signature)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(ints = {128, 192, 256})
    @Order(1)
    void octHsmKeysEncryptAndWrapInsideTheToken(int bits) {
        KeyVaultKey key = keys.createOctKey(new CreateOctKeyOptions("hsm-aes-" + bits).setKeySize(bits)
                .setHardwareProtected(true));
        assertThat(key.getKeyType()).isEqualTo(KeyType.OCT_HSM);
        assertThat(key.getKey().getK()).isNull();
        CryptographyClient crypto = service(key.getId());
        byte[] plain = "thirty-three bytes of plain text!".getBytes(StandardCharsets.UTF_8);
        byte[] aad = "header".getBytes(StandardCharsets.UTF_8);

        EncryptionAlgorithm gcm = EncryptionAlgorithm.fromString("A" + bits + "GCM");
        EncryptResult sealed = crypto.encrypt(gcmParameters(bits, plain, aad), null);
        assertThat(sealed.getIv()).hasSize(12);
        assertThat(sealed.getAuthenticationTag()).hasSize(16);
        assertThat(crypto.decrypt(gcmDecrypt(bits, sealed.getCipherText(), sealed.getIv(), aad,
                sealed.getAuthenticationTag()), null).getPlainText()).isEqualTo(plain);
        byte[] wrongAad = "HEADER".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> crypto.decrypt(gcmDecrypt(bits, sealed.getCipherText(), sealed.getIv(), wrongAad,
                sealed.getAuthenticationTag()), null)).hasMessageContaining("could not be decrypted");
        assertThat(gcm.toString()).isEqualTo("A" + bits + "GCM");

        EncryptionAlgorithm cbcPad = EncryptionAlgorithm.fromString("A" + bits + "CBCPAD");
        EncryptResult cbc = crypto.encrypt(cbcPad, plain);
        assertThat(cbc.getIv()).hasSize(16);
        assertThat(crypto.decrypt(cbcDecrypt(bits, cbc.getCipherText(), cbc.getIv()), null).getPlainText())
                .isEqualTo(plain);

        byte[] dataKey = new byte[32];
        RANDOM.nextBytes(dataKey);
        for (KeyWrapAlgorithm alg : List.of(KeyWrapAlgorithm.fromString("A" + bits + "KW"),
                KeyWrapAlgorithm.CKM_AES_KEY_WRAP, KeyWrapAlgorithm.CKM_AES_KEY_WRAP_PAD)) {
            byte[] wrapped = crypto.wrapKey(alg, dataKey).getEncryptedKey();
            assertThat(wrapped).hasSize(40);
            assertThat(crypto.unwrapKey(alg, wrapped).getKey()).isEqualTo(dataKey);
        }
    }

    static DecryptParameters cbcDecrypt(int bits, byte[] ct, byte[] iv) {
        return switch (bits) {
            case 128 -> DecryptParameters.createA128CbcPadParameters(ct, iv);
            case 192 -> DecryptParameters.createA192CbcPadParameters(ct, iv);
            default -> DecryptParameters.createA256CbcPadParameters(ct, iv);
        };
    }

    static EncryptParameters gcmParameters(int bits, byte[] plain, byte[] aad) {
        return switch (bits) {
            case 128 -> EncryptParameters.createA128GcmParameters(plain, aad);
            case 192 -> EncryptParameters.createA192GcmParameters(plain, aad);
            default -> EncryptParameters.createA256GcmParameters(plain, aad);
        };
    }

    static DecryptParameters gcmDecrypt(int bits, byte[] ct, byte[] iv, byte[] aad, byte[] tag) {
        return switch (bits) {
            case 128 -> DecryptParameters.createA128GcmParameters(ct, iv, tag, aad);
            case 192 -> DecryptParameters.createA192GcmParameters(ct, iv, tag, aad);
            default -> DecryptParameters.createA256GcmParameters(ct, iv, tag, aad);
        };
    }

    @Test
    @Order(1)
    void importedKeysGoIntoTheTokenAndCrossCheckWithLocalCrypto() throws Exception {
        byte[] aes = new byte[32];
        RANDOM.nextBytes(aes);
        ImportKeyOptions octImport = new ImportKeyOptions("hsm-imported-aes",
                JsonWebKey.fromAes(new SecretKeySpec(aes, "AES"))).setHardwareProtected(true);
        KeyVaultKey oct = keys.importKey(octImport);
        assertThat(oct.getKeyType()).isEqualTo(KeyType.OCT_HSM);
        CryptographyClient crypto = service(oct.getId());
        byte[] plain = "local and token agree".getBytes(StandardCharsets.UTF_8);
        EncryptResult sealed = crypto.encrypt(EncryptParameters.createA256GcmParameters(plain, null), null);
        Cipher localGcm = Cipher.getInstance("AES/GCM/NoPadding");
        localGcm.init(Cipher.DECRYPT_MODE, new SecretKeySpec(aes, "AES"), new GCMParameterSpec(128, sealed.getIv()));
        byte[] both = new byte[sealed.getCipherText().length + 16];
        System.arraycopy(sealed.getCipherText(), 0, both, 0, sealed.getCipherText().length);
        System.arraycopy(sealed.getAuthenticationTag(), 0, both, sealed.getCipherText().length, 16);
        assertThat(localGcm.doFinal(both)).isEqualTo(plain);

        byte[] iv = new byte[16];
        RANDOM.nextBytes(iv);
        Cipher localCbc = Cipher.getInstance("AES/CBC/PKCS5Padding");
        localCbc.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(aes, "AES"), new IvParameterSpec(iv));
        assertThat(crypto.decrypt(DecryptParameters.createA256CbcPadParameters(localCbc.doFinal(plain), iv), null)
                .getPlainText()).isEqualTo(plain);
        Cipher localWrap = Cipher.getInstance("AESWrap");
        localWrap.init(Cipher.WRAP_MODE, new SecretKeySpec(aes, "AES"));
        byte[] dataKey = new byte[16];
        RANDOM.nextBytes(dataKey);
        assertThat(crypto.unwrapKey(KeyWrapAlgorithm.A256KW, localWrap.wrap(new SecretKeySpec(dataKey, "AES")))
                .getKey()).isEqualTo(dataKey);

        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        KeyPair rsa = g.generateKeyPair();
        KeyVaultKey imported = keys.importKey(new ImportKeyOptions("hsm-imported-rsa", JsonWebKey.fromRsa(rsa))
                .setHardwareProtected(true));
        assertThat(imported.getKeyType()).isEqualTo(KeyType.RSA_HSM);
        byte[] signature = service(imported.getId()).signData(SignatureAlgorithm.PS384, MESSAGE).getSignature();
        Signature local = KeyCryptographyEndToEndTest.localRsa(SignatureAlgorithm.PS384);
        local.initVerify(rsa.getPublic());
        local.update(MESSAGE);
        assertThat(local.verify(signature)).isTrue();
    }

    @Test
    @Order(2)
    void everyTokenObjectIsSensitiveAndNonExtractable() throws Exception {
        java.security.KeyStore token = KeyHsmFixture.keyStore();
        List<String> labels = KeyHsmFixture.labels();
        assertThat(labels).hasSizeGreaterThanOrEqualTo(11);
        for (String label : labels) {
            Key key = token.getKey(label, null);
            assertThat(key.getEncoded()).as(label).isNull();
            assertThat(key.toString()).as(label).contains("sensitive").contains("unextractable");
        }
    }

    @Test
    @Order(3)
    void backupsOfHsmKeysAreRefusedClearly() {
        assertThatThrownBy(() -> keys.backupKey("hsm-rsa-2048")).isInstanceOf(HttpResponseException.class)
                .hasMessageContaining("HSM").hasMessageContaining("cannot leave");
    }

    @Test
    @Order(4)
    void purgingAnHsmKeyDestroysItsTokenObject() {
        keys.createEcKey(new CreateEcKeyOptions("hsm-doomed").setCurveName(KeyCurveName.P_256)
                .setHardwareProtected(true));
        keys.createEcKey(new CreateEcKeyOptions("hsm-doomed").setCurveName(KeyCurveName.P_256)
                .setHardwareProtected(true));
        List<String> before = labelsOrFail();
        keys.beginDeleteKey("hsm-doomed").waitForCompletion();
        assertThat(labelsOrFail()).as("soft delete keeps the token objects").isEqualTo(before);
        keys.beginRecoverDeletedKey("hsm-doomed").waitForCompletion();
        keys.beginDeleteKey("hsm-doomed").waitForCompletion();
        keys.purgeDeletedKey("hsm-doomed");
        assertThat(labelsOrFail()).hasSize(before.size() - 2);
    }

    static List<String> labelsOrFail() {
        try {
            return KeyHsmFixture.labels();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    @Order(5)
    void theDatabaseHoldsNoHsmMaterialAndKeysWorkAfterARestart() throws Exception {
        coffer.close();
        try (Store store = SqliteStore.open(dataDir.resolve("coffer.db"))) {
            List<ObjectVersionRow> versions = store.read(tx -> tx.versions("hsmvault", ObjectKind.KEY, "hsm-aes-256",
                    0, 10));
            assertThat(versions).isNotEmpty().allSatisfy(v -> {
                assertThat(v.sealedValue()).isNull();
                assertThat(v.extra()).containsEntry("kty", "oct-HSM").containsKey("token_label");
            });
        }
        coffer = KeyHsmFixture.start(dataDir);
        keys = client();
        KeyVaultKey key = keys.getKey("hsm-rsa-2048");
        byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(MESSAGE);
        CryptographyClient crypto = service(key.getId());
        assertThat(crypto.verify(SignatureAlgorithm.RS256, digest, crypto.sign(SignatureAlgorithm.RS256, digest)
                .getSignature()).isValid()).isTrue();
        byte[] dataKey = new byte[24];
        RANDOM.nextBytes(dataKey);
        CryptographyClient aes = service(keys.getKey("hsm-aes-192").getId());
        assertThat(aes.unwrapKey(KeyWrapAlgorithm.A192KW, aes.wrapKey(KeyWrapAlgorithm.A192KW, dataKey)
                .getEncryptedKey()).getKey()).isEqualTo(dataKey);
    }
}
