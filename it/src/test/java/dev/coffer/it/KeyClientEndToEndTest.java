package dev.coffer.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.core.exception.HttpResponseException;
import com.azure.core.exception.ResourceModifiedException;
import com.azure.core.exception.ResourceNotFoundException;
import com.azure.core.http.rest.PagedResponse;
import com.azure.security.keyvault.keys.KeyClient;
import com.azure.security.keyvault.keys.KeyClientBuilder;
import com.azure.security.keyvault.keys.models.CreateEcKeyOptions;
import com.azure.security.keyvault.keys.models.CreateRsaKeyOptions;
import com.azure.security.keyvault.keys.models.DeletedKey;
import com.azure.security.keyvault.keys.models.ImportKeyOptions;
import com.azure.security.keyvault.keys.models.JsonWebKey;
import com.azure.security.keyvault.keys.models.KeyCurveName;
import com.azure.security.keyvault.keys.models.KeyOperation;
import com.azure.security.keyvault.keys.models.KeyProperties;
import com.azure.security.keyvault.keys.models.KeyType;
import com.azure.security.keyvault.keys.models.KeyVaultKey;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The unchanged Azure SDK for Java's {@code KeyClient} drives every key lifecycle operation: create on every
 * size and curve, import, get (public parts only), update, list and versions, soft delete, recover, purge,
 * backup, restore and random bytes.
 */
class KeyClientEndToEndTest {

    @TempDir
    static Path dataDir;

    static RunningCoffer coffer;
    static KeyClient client;

    @BeforeAll
    static void start() throws Exception {
        coffer = RunningCoffer.start(dataDir);
        coffer.createVault(coffer.adminManagementToken(), "rg-keys", "keyvault", true, false);
        client = new KeyClientBuilder().vaultUrl(coffer.vaultUrl("keyvault"))
                .credential(coffer.adminCredential()).httpClient(coffer.azureHttpClient()).buildClient();
    }

    @AfterAll
    static void stop() throws Exception {
        coffer.close();
    }

    @ParameterizedTest
    @ValueSource(ints = {2048, 3072, 4096})
    void createsRsaKeysOfEverySizeAndShowsOnlyPublicParts(int bits) {
        KeyVaultKey key = client.createRsaKey(new CreateRsaKeyOptions("rsa-" + bits).setKeySize(bits));
        JsonWebKey jwk = key.getKey();
        assertThat(jwk.getKeyType()).isEqualTo(KeyType.RSA);
        assertThat(new BigInteger(1, jwk.getN()).bitLength()).isEqualTo(bits);
        assertThat(jwk.getN()[0]).isNotZero();
        assertThat(jwk.getE()).containsExactly(1, 0, 1);
        assertThat(jwk.hasPrivateKey()).isFalse();
        assertThat(jwk.getKeyOps()).containsExactlyInAnyOrder(KeyOperation.ENCRYPT, KeyOperation.DECRYPT,
                KeyOperation.SIGN, KeyOperation.VERIFY, KeyOperation.WRAP_KEY, KeyOperation.UNWRAP_KEY);
        assertThat(key.getId()).isEqualTo(coffer.vaultUrl("keyvault") + "/keys/rsa-" + bits + "/"
                + key.getProperties().getVersion());
        assertThat(key.getProperties().getRecoveryLevel()).isEqualTo("CustomizedRecoverable+Purgeable");

        KeyVaultKey fetched = client.getKey("rsa-" + bits);
        assertThat(fetched.getKey().getN()).isEqualTo(jwk.getN());
        assertThat(fetched.getKey().hasPrivateKey()).isFalse();
    }

    @ParameterizedTest
    @EnumSource(names = {"P_256", "P_384", "P_521", "P_256K"})
    void createsEcKeysOnEveryCurve(CurveCase curveCase) {
        KeyCurveName curve = curveCase.sdk;
        String name = "ec-" + curveCase.name().replace("_", "").toLowerCase();
        KeyVaultKey key = client.createEcKey(new CreateEcKeyOptions(name).setCurveName(curve));
        JsonWebKey jwk = key.getKey();
        assertThat(jwk.getKeyType()).isEqualTo(KeyType.EC);
        assertThat(jwk.getCurveName()).isEqualTo(curve);
        assertThat(jwk.getX()).hasSize(curveCase.bytes);
        assertThat(jwk.getY()).hasSize(curveCase.bytes);
        assertThat(jwk.hasPrivateKey()).isFalse();
        assertThat(jwk.getKeyOps()).containsExactlyInAnyOrder(KeyOperation.SIGN, KeyOperation.VERIFY);
    }

    enum CurveCase {
        P_256(KeyCurveName.P_256, 32), P_384(KeyCurveName.P_384, 48), P_521(KeyCurveName.P_521, 66),
        P_256K(KeyCurveName.P_256K, 32);

        final KeyCurveName sdk;
        final int bytes;

        CurveCase(KeyCurveName sdk, int bytes) {
            this.sdk = sdk;
            this.bytes = bytes;
        }
    }

    @Test
    void defaultsAreRsa2048AndP256() {
        KeyVaultKey rsa = client.createKey("default-rsa", KeyType.RSA);
        assertThat(new BigInteger(1, rsa.getKey().getN()).bitLength()).isEqualTo(2048);
        KeyVaultKey ec = client.createKey("default-ec", KeyType.EC);
        assertThat(ec.getKey().getCurveName()).isEqualTo(KeyCurveName.P_256);
    }

    @Test
    void importsRsaAndEcKeysAndNeverReturnsTheirPrivateParts() throws Exception {
        KeyPairGenerator rsaGen = KeyPairGenerator.getInstance("RSA");
        rsaGen.initialize(2048);
        KeyPair rsa = rsaGen.generateKeyPair();
        ImportKeyOptions options = new ImportKeyOptions("imported-rsa", JsonWebKey.fromRsa(rsa));
        options.setTags(Map.of("origin", "jca"));
        KeyVaultKey imported = client.importKey(options);
        assertThat(imported.getKey().hasPrivateKey()).isFalse();
        assertThat(imported.getKey().getN()).isEqualTo(
                unsigned(((RSAPublicKey) rsa.getPublic()).getModulus()));
        assertThat(imported.getProperties().getTags()).containsEntry("origin", "jca");

        KeyPairGenerator ecGen = KeyPairGenerator.getInstance("EC");
        ecGen.initialize(new ECGenParameterSpec("secp384r1"));
        KeyPair ec = ecGen.generateKeyPair();
        KeyVaultKey importedEc = client.importKey("imported-ec", JsonWebKey.fromEc(ec, ecGen.getProvider()));
        assertThat(importedEc.getKey().getCurveName()).isEqualTo(KeyCurveName.P_384);
        assertThat(importedEc.getKey().hasPrivateKey()).isFalse();
        assertThat(client.getKey("imported-ec").getKey().getD()).isNull();
    }

    @Test
    void importRefusesPrivatePartsThatDoNotMatch() throws Exception {
        KeyPairGenerator rsaGen = KeyPairGenerator.getInstance("RSA");
        rsaGen.initialize(2048);
        KeyPair one = rsaGen.generateKeyPair();
        KeyPair two = rsaGen.generateKeyPair();
        JsonWebKey mixed = JsonWebKey.fromRsa(one);
        RSAPrivateCrtKey other = (RSAPrivateCrtKey) two.getPrivate();
        mixed.setD(unsigned(other.getPrivateExponent()));
        assertThatThrownBy(() -> client.importKey("mismatched", mixed))
                .isInstanceOf(HttpResponseException.class).hasMessageContaining("do not match");
        assertThatThrownBy(() -> client.getKey("mismatched")).isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void updatesOperationsAttributesAndTags() {
        KeyVaultKey key = client.createRsaKey(new CreateRsaKeyOptions("to-update"));
        OffsetDateTime expires = OffsetDateTime.now(ZoneOffset.UTC).plusDays(30).truncatedTo(ChronoUnit.SECONDS);
        KeyProperties props = key.getProperties().setExpiresOn(expires).setTags(Map.of("owner", "team-a"));
        KeyVaultKey updated = client.updateKeyProperties(props, KeyOperation.SIGN, KeyOperation.VERIFY);
        assertThat(updated.getKeyOperations()).containsExactly(KeyOperation.SIGN, KeyOperation.VERIFY);
        assertThat(updated.getProperties().getExpiresOn()).isEqualTo(expires);
        assertThat(updated.getProperties().getTags()).containsExactly(Map.entry("owner", "team-a"));
        assertThat(client.getKey("to-update").getKey().getN()).isEqualTo(key.getKey().getN());

        KeyVaultKey disabled = client.updateKeyProperties(updated.getProperties().setEnabled(false));
        assertThat(disabled.getProperties().isEnabled()).isFalse();
        assertThat(disabled.getKeyOperations()).containsExactly(KeyOperation.SIGN, KeyOperation.VERIFY);
    }

    @Test
    void listsKeysAcrossPagesAndVersions() {
        for (int i = 0; i < 27; i++) {
            client.createKey("page-" + i, KeyType.EC);
        }
        client.createKey("page-0", KeyType.EC);
        List<String> names = new ArrayList<>();
        int pages = 0;
        for (PagedResponse<KeyProperties> page : client.listPropertiesOfKeys().iterableByPage()) {
            pages++;
            page.getValue().forEach(p -> names.add(p.getName()));
        }
        assertThat(pages).isGreaterThan(1);
        assertThat(names.stream().filter(n -> n.startsWith("page-")).count()).isEqualTo(27);
        assertThat(names).doesNotHaveDuplicates();
        List<String> versions = new ArrayList<>();
        client.listPropertiesOfKeyVersions("page-0").forEach(p -> versions.add(p.getVersion()));
        assertThat(versions).hasSize(2).doesNotHaveDuplicates();
    }

    @Test
    void softDeleteRecoverPurge() {
        client.createKey("short-lived", KeyType.RSA);
        KeyVaultKey second = client.createKey("short-lived", KeyType.RSA);
        DeletedKey deleted = client.beginDeleteKey("short-lived").waitForCompletion().getValue();
        assertThat(deleted.getRecoveryId()).endsWith("/deletedkeys/short-lived");
        assertThat(deleted.getScheduledPurgeDate()).isAfter(deleted.getDeletedOn());
        assertThat(deleted.getKey().getN()).isEqualTo(second.getKey().getN());

        List<String> deletedNames = new ArrayList<>();
        client.listDeletedKeys().forEach(d -> deletedNames.add(d.getName()));
        assertThat(deletedNames).contains("short-lived");
        assertThatThrownBy(() -> client.getKey("short-lived")).isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> client.createKey("short-lived", KeyType.RSA))
                .isInstanceOf(ResourceModifiedException.class).hasMessageContaining("ObjectIsDeletedButRecoverable");

        client.beginRecoverDeletedKey("short-lived").waitForCompletion();
        assertThat(client.getKey("short-lived").getKey().getN()).isEqualTo(second.getKey().getN());

        client.beginDeleteKey("short-lived").waitForCompletion();
        client.purgeDeletedKey("short-lived");
        assertThatThrownBy(() -> client.getDeletedKey("short-lived")).isInstanceOf(ResourceNotFoundException.class);
        assertThat(client.createKey("short-lived", KeyType.EC).getKey().getKeyType()).isEqualTo(KeyType.EC);
    }

    @Test
    void backupAndRestoreKeepEveryVersionAndItsMaterial() {
        KeyVaultKey first = client.createKey("backed-up", KeyType.RSA);
        KeyVaultKey second = client.createKey("backed-up", KeyType.RSA);
        byte[] backup = client.backupKey("backed-up");
        assertThatThrownBy(() -> client.restoreKeyBackup(backup)).isInstanceOf(ResourceModifiedException.class);

        client.beginDeleteKey("backed-up").waitForCompletion();
        client.purgeDeletedKey("backed-up");
        KeyVaultKey restored = client.restoreKeyBackup(backup);
        assertThat(restored.getName()).isEqualTo("backed-up");
        assertThat(restored.getProperties().getVersion()).isEqualTo(second.getProperties().getVersion());
        assertThat(client.getKey("backed-up", first.getProperties().getVersion()).getKey().getN())
                .isEqualTo(first.getKey().getN());

        byte[] digest = new byte[32];
        var crypto = client.getCryptographyClient("backed-up", first.getProperties().getVersion());
        var signature = crypto.sign(com.azure.security.keyvault.keys.cryptography.models.SignatureAlgorithm.RS256,
                digest);
        assertThat(crypto.verify(com.azure.security.keyvault.keys.cryptography.models.SignatureAlgorithm.RS256,
                digest, signature.getSignature()).isValid()).isTrue();
    }

    @Test
    void corruptBackupIsRefusedClearly() {
        byte[] garbage = "not a backup".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> client.restoreKeyBackup(garbage)).hasMessageContaining("BadParameter");
    }

    @Test
    void randomBytesComeFreshEachTime() {
        byte[] one = client.getRandomBytes(32);
        byte[] two = client.getRandomBytes(32);
        assertThat(one).hasSize(32);
        assertThat(one).isNotEqualTo(two);
        assertThatThrownBy(() -> client.getRandomBytes(129)).isInstanceOf(HttpResponseException.class);
    }

    static byte[] unsigned(BigInteger value) {
        byte[] b = value.toByteArray();
        return b[0] == 0 ? java.util.Arrays.copyOfRange(b, 1, b.length) : b;
    }
}
