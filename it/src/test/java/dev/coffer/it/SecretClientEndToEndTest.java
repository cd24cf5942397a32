package dev.coffer.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.core.exception.ResourceModifiedException;
import com.azure.core.exception.ResourceNotFoundException;
import com.azure.core.http.rest.PagedResponse;
import com.azure.core.util.polling.SyncPoller;
import com.azure.security.keyvault.secrets.SecretClient;
import com.azure.security.keyvault.secrets.SecretClientBuilder;
import com.azure.security.keyvault.secrets.models.DeletedSecret;
import com.azure.security.keyvault.secrets.models.KeyVaultSecret;
import com.azure.security.keyvault.secrets.models.SecretProperties;
import java.nio.file.Path;
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

/**
 * The unchanged Azure SDK for Java drives every secret operation against a vault created through the
 * management plane, signing in through Coffer's token service and the SDK's own challenge flow.
 */
class SecretClientEndToEndTest {

    @TempDir
    static Path dataDir;

    static RunningCoffer coffer;
    static SecretClient client;

    @BeforeAll
    static void start() throws Exception {
        coffer = RunningCoffer.start(dataDir);
        coffer.createVault(coffer.adminManagementToken(), "rg-sdk", "sdkvault", true, false);
        client = new SecretClientBuilder().vaultUrl(coffer.vaultUrl("sdkvault"))
                .credential(coffer.adminCredential()).httpClient(coffer.azureHttpClient()).buildClient();
    }

    @AfterAll
    static void stop() throws Exception {
        coffer.close();
    }

    @Test
    void setsAndGetsLatestAndSpecificVersions() {
        KeyVaultSecret first = client.setSecret("db-password", "first-value");
        KeyVaultSecret second = client.setSecret(new KeyVaultSecret("db-password", "second-value")
                .setProperties(new SecretProperties().setContentType("text/plain").setTags(Map.of("env", "test"))));

        assertThat(first.getProperties().getVersion()).matches("[0-9a-f]{32}");
        assertThat(second.getProperties().getVersion()).isNotEqualTo(first.getProperties().getVersion());
        assertThat(client.getSecret("db-password").getValue()).isEqualTo("second-value");
        assertThat(client.getSecret("db-password", first.getProperties().getVersion()).getValue())
                .isEqualTo("first-value");
        KeyVaultSecret latest = client.getSecret("DB-PASSWORD");
        assertThat(latest.getName()).isEqualTo("db-password");
        assertThat(latest.getProperties().getContentType()).isEqualTo("text/plain");
        assertThat(latest.getProperties().getTags()).containsEntry("env", "test");
        assertThat(latest.getProperties().getRecoveryLevel()).isEqualTo("CustomizedRecoverable+Purgeable");
        assertThat(latest.getProperties().getRecoverableDays()).isEqualTo(7);
        assertThat(latest.getId()).isEqualTo(coffer.vaultUrl("sdkvault") + "/secrets/db-password/"
                + second.getProperties().getVersion());
    }

    @Test
    void emptyValueIsAllowed() {
        client.setSecret("empty-one", "");
        assertThat(client.getSecret("empty-one").getValue()).isEmpty();
    }

    @Test
    void listsFollowingNextLinkAndVersions() {
        for (int i = 0; i < 30; i++) {
            client.setSecret("page-" + i, "v" + i);
        }
        client.setSecret("page-0", "again");
        List<String> names = new ArrayList<>();
        int pages = 0;
        for (PagedResponse<SecretProperties> page : client.listPropertiesOfSecrets().iterableByPage()) {
            pages++;
            assertThat(page.getValue().size()).isLessThanOrEqualTo(25);
            page.getValue().forEach(p -> names.add(p.getName()));
        }
        assertThat(names).contains("page-0", "page-1", "page-29").doesNotHaveDuplicates();
        assertThat(names.stream().filter(n -> n.startsWith("page-")).count()).isEqualTo(30);
        assertThat(pages).isGreaterThan(1);
        List<String> versions = new ArrayList<>();
        client.listPropertiesOfSecretVersions("page-0").forEach(p -> versions.add(p.getVersion()));
        assertThat(versions).hasSize(2).doesNotHaveDuplicates();
    }

    @Test
    void updatesPropertiesWithoutTouchingTheValue() {
        KeyVaultSecret s = client.setSecret("to-update", "keep-me");
        OffsetDateTime expires = OffsetDateTime.now(ZoneOffset.UTC).plusDays(30).truncatedTo(ChronoUnit.SECONDS);
        OffsetDateTime notBefore = OffsetDateTime.now(ZoneOffset.UTC).minusDays(1).truncatedTo(ChronoUnit.SECONDS);
        SecretProperties props = s.getProperties().setContentType("application/x-custom").setExpiresOn(expires)
                .setNotBefore(notBefore).setTags(Map.of("owner", "team-a"));
        SecretProperties updated = client.updateSecretProperties(props);
        assertThat(updated.getContentType()).isEqualTo("application/x-custom");
        assertThat(updated.getExpiresOn()).isEqualTo(expires);
        assertThat(updated.getNotBefore()).isEqualTo(notBefore);
        assertThat(updated.getTags()).containsExactly(Map.entry("owner", "team-a"));
        assertThat(client.getSecret("to-update").getValue()).isEqualTo("keep-me");

        client.updateSecretProperties(updated.setEnabled(false));
        assertThatThrownBy(() -> client.getSecret("to-update"))
                .hasMessageContaining("disabled");
    }

    @Test
    void softDeleteRecoverPurge() {
        client.setSecret("short-lived", "v1");
        client.setSecret("short-lived", "v2");
        SyncPoller<DeletedSecret, Void> deletion = client.beginDeleteSecret("short-lived");
        DeletedSecret deleted = deletion.waitForCompletion().getValue();
        assertThat(deleted.getRecoveryId()).endsWith("/deletedsecrets/short-lived");
        assertThat(deleted.getScheduledPurgeDate()).isAfter(deleted.getDeletedOn());

        assertThat(client.getDeletedSecret("short-lived").getName()).isEqualTo("short-lived");
        List<String> deletedNames = new ArrayList<>();
        client.listDeletedSecrets().forEach(d -> deletedNames.add(d.getName()));
        assertThat(deletedNames).contains("short-lived");
        assertThatThrownBy(() -> client.getSecret("short-lived")).isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> client.setSecret("short-lived", "reuse"))
                .isInstanceOf(ResourceModifiedException.class)
                .hasMessageContaining("ObjectIsDeletedButRecoverable");

        client.beginRecoverDeletedSecret("short-lived").waitForCompletion();
        assertThat(client.getSecret("short-lived").getValue()).isEqualTo("v2");
        List<String> versions = new ArrayList<>();
        client.listPropertiesOfSecretVersions("short-lived").forEach(p -> versions.add(p.getVersion()));
        assertThat(versions).hasSize(2);

        client.beginDeleteSecret("short-lived").waitForCompletion();
        client.purgeDeletedSecret("short-lived");
        assertThatThrownBy(() -> client.getDeletedSecret("short-lived")).isInstanceOf(ResourceNotFoundException.class);
        client.setSecret("short-lived", "fresh");
        assertThat(client.getSecret("short-lived").getValue()).isEqualTo("fresh");
    }

    @Test
    void backupAndRestoreKeepAllVersions() {
        client.setSecret("backed-up", "one");
        KeyVaultSecret two = client.setSecret("backed-up", "two");
        byte[] backup = client.backupSecret("backed-up");
        assertThat(new String(backup, java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain("two");

        assertThatThrownBy(() -> client.restoreSecretBackup(backup)).isInstanceOf(ResourceModifiedException.class);
        client.beginDeleteSecret("backed-up").waitForCompletion();
        client.purgeDeletedSecret("backed-up");

        KeyVaultSecret restored = client.restoreSecretBackup(backup);
        assertThat(restored.getName()).isEqualTo("backed-up");
        assertThat(client.getSecret("backed-up").getValue()).isEqualTo("two");
        assertThat(client.getSecret("backed-up", two.getProperties().getVersion()).getValue()).isEqualTo("two");
        List<String> versions = new ArrayList<>();
        client.listPropertiesOfSecretVersions("backed-up").forEach(p -> versions.add(p.getVersion()));
        assertThat(versions).hasSize(2);
    }

    @Test
    void corruptBackupIsRefusedClearly() {
        byte[] garbage = "not a backup at all".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertThatThrownBy(() -> client.restoreSecretBackup(garbage)).hasMessageContaining("BadParameter");
    }
}
