package dev.coffer.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.core.exception.HttpResponseException;
import com.azure.core.exception.ResourceNotFoundException;
import com.azure.security.keyvault.keys.KeyClient;
import com.azure.security.keyvault.keys.KeyClientBuilder;
import com.azure.security.keyvault.keys.models.CreateEcKeyOptions;
import com.azure.security.keyvault.keys.models.CreateRsaKeyOptions;
import com.azure.security.keyvault.keys.models.KeyCurveName;
import com.azure.security.keyvault.keys.models.KeyOperation;
import com.azure.security.keyvault.keys.models.KeyRotationLifetimeAction;
import com.azure.security.keyvault.keys.models.KeyRotationPolicy;
import com.azure.security.keyvault.keys.models.KeyRotationPolicyAction;
import com.azure.security.keyvault.keys.models.KeyVaultKey;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rotation policies and on-demand rotation through the Azure SDK's {@code KeyClient}. */
class KeyRotationEndToEndTest {

    @TempDir
    static Path dataDir;

    static RunningCoffer coffer;
    static KeyClient client;

    @BeforeAll
    static void start() throws Exception {
        coffer = RunningCoffer.start(dataDir);
        coffer.createVault(coffer.adminManagementToken(), "rg-rotation", "rotationvault", true, false);
        client = new KeyClientBuilder().vaultUrl(coffer.vaultUrl("rotationvault"))
                .credential(coffer.adminCredential()).httpClient(coffer.azureHttpClient()).buildClient();
    }

    @AfterAll
    static void stop() throws Exception {
        coffer.close();
    }

    @Test
    void aKeyWithoutAPolicyHasAzuresDefault() {
        client.createKey("no-policy", com.azure.security.keyvault.keys.models.KeyType.EC);
        KeyRotationPolicy policy = client.getKeyRotationPolicy("no-policy");
        assertThat(policy.getLifetimeActions()).singleElement().satisfies(a -> {
            assertThat(a.getAction()).isEqualTo(KeyRotationPolicyAction.NOTIFY);
            assertThat(a.getTimeBeforeExpiry()).isEqualTo("P30D");
        });
        assertThat(policy.getExpiresIn()).isNull();
        assertThat(policy.getId()).endsWith("/keys/no-policy/rotationpolicy");
    }

    @Test
    void setsAndReadsAPolicyAndRotationHonoursItsExpiryTime() {
        KeyVaultKey original = client.createRsaKey(new CreateRsaKeyOptions("rotated").setKeySize(3072)
                .setKeyOperations(KeyOperation.SIGN, KeyOperation.VERIFY).setTags(Map.of("team", "a")));
        KeyRotationPolicy wanted = new KeyRotationPolicy().setExpiresIn("P1Y").setLifetimeActions(List.of(
                new KeyRotationLifetimeAction(KeyRotationPolicyAction.ROTATE).setTimeAfterCreate("P90D"),
                new KeyRotationLifetimeAction(KeyRotationPolicyAction.NOTIFY).setTimeBeforeExpiry("P30D")));
        KeyRotationPolicy stored = client.updateKeyRotationPolicy("rotated", wanted);
        assertThat(stored.getExpiresIn()).isEqualTo("P1Y");
        assertThat(stored.getCreatedOn()).isNotNull();
        assertThat(client.getKeyRotationPolicy("rotated").getLifetimeActions())
                .extracting(KeyRotationLifetimeAction::getAction, KeyRotationLifetimeAction::getTimeAfterCreate,
                        KeyRotationLifetimeAction::getTimeBeforeExpiry)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(KeyRotationPolicyAction.ROTATE, "P90D",
                        null), org.assertj.core.groups.Tuple.tuple(KeyRotationPolicyAction.NOTIFY, null, "P30D"));

        KeyVaultKey rotated = client.rotateKey("rotated");
        assertThat(rotated.getProperties().getVersion()).isNotEqualTo(original.getProperties().getVersion());
        assertThat(rotated.getKey().getN()).isNotEqualTo(original.getKey().getN());
        assertThat(new BigInteger(1, rotated.getKey().getN()).bitLength()).isEqualTo(3072);
        assertThat(rotated.getKeyOperations()).containsExactly(KeyOperation.SIGN, KeyOperation.VERIFY);
        assertThat(rotated.getProperties().getTags()).containsEntry("team", "a");
        assertThat(rotated.getProperties().getExpiresOn()).isBetween(OffsetDateTime.now().plusDays(364),
                OffsetDateTime.now().plusDays(366));
        List<String> versions = new ArrayList<>();
        client.listPropertiesOfKeyVersions("rotated").forEach(p -> versions.add(p.getVersion()));
        assertThat(versions).hasSize(2);
        assertThat(client.getKey("rotated").getProperties().getVersion())
                .isEqualTo(rotated.getProperties().getVersion());

        KeyRotationPolicy reset = client.updateKeyRotationPolicy("rotated", new KeyRotationPolicy()
                .setLifetimeActions(List.of()));
        assertThat(reset.getLifetimeActions()).singleElement()
                .satisfies(a -> assertThat(a.getAction()).isEqualTo(KeyRotationPolicyAction.NOTIFY));
    }

    @Test
    void rotatesEcKeysOnTheirCurve() {
        client.createEcKey(new CreateEcKeyOptions("rotated-ec").setCurveName(KeyCurveName.P_384));
        KeyVaultKey rotated = client.rotateKey("rotated-ec");
        assertThat(rotated.getKey().getCurveName()).isEqualTo(KeyCurveName.P_384);
        assertThat(rotated.getProperties().getExpiresOn()).isNull();
    }

    @Test
    void badPoliciesAndMissingKeysAreRefused() {
        client.createKey("strict", com.azure.security.keyvault.keys.models.KeyType.RSA);
        assertThatThrownBy(() -> client.updateKeyRotationPolicy("strict", new KeyRotationPolicy().setExpiresIn("P7D")
                .setLifetimeActions(List.of(new KeyRotationLifetimeAction(KeyRotationPolicyAction.ROTATE)
                        .setTimeAfterCreate("P1D"))))).isInstanceOf(HttpResponseException.class)
                .hasMessageContaining("28 days");
        assertThatThrownBy(() -> client.updateKeyRotationPolicy("strict", new KeyRotationPolicy().setLifetimeActions(
                List.of(new KeyRotationLifetimeAction(KeyRotationPolicyAction.ROTATE).setTimeAfterCreate("90 days")))))
                .isInstanceOf(HttpResponseException.class).hasMessageContaining("ISO-8601");
        assertThatThrownBy(() -> client.updateKeyRotationPolicy("strict", new KeyRotationPolicy().setLifetimeActions(
                List.of(new KeyRotationLifetimeAction(KeyRotationPolicyAction.ROTATE).setTimeBeforeExpiry("P30D")))))
                .isInstanceOf(HttpResponseException.class).hasMessageContaining("expiryTime");
        assertThatThrownBy(() -> client.rotateKey("nobody")).isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> client.getKeyRotationPolicy("nobody")).isInstanceOf(ResourceNotFoundException.class);
    }
}
