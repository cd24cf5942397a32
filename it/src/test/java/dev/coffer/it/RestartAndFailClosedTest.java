package dev.coffer.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A restart keeps everything; an audit log that cannot be written fails requests closed. */
class RestartAndFailClosedTest {

    @TempDir
    Path dataDir;

    @Test
    void restartReusesTheInstallationAndNeverRewritesTheCredential() throws Exception {
        String bootstrapBefore;
        String vaultToken;
        try (RunningCoffer first = RunningCoffer.start(dataDir)) {
            first.createVault(first.adminManagementToken(), "rg", "keepvault", true, false);
            Bootstrap b = first.bootstrap();
            vaultToken = first.token(b.clientId(), b.clientSecret(), "https://vault.azure.net/.default");
            assertThat(first.call("PUT", first.vaultUrl("keepvault") + "/secrets/kept?api-version=7.4", vaultToken,
                    "{\"value\":\"still-here\"}").status()).isEqualTo(200);
            bootstrapBefore = Files.readString(dataDir.resolve("bootstrap.json"));
        }
        try (RunningCoffer second = RunningCoffer.start(dataDir)) {
            assertThat(Files.readString(dataDir.resolve("bootstrap.json"))).isEqualTo(bootstrapBefore);
            Bootstrap b = second.bootstrap();
            String token = second.token(b.clientId(), b.clientSecret(), "https://vault.azure.net/.default");
            RunningCoffer.Reply r = second.call("GET", second.vaultUrl("keepvault") + "/secrets/kept?api-version=7.4",
                    token, null);
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.json().get("value").asText()).isEqualTo("still-here");
        }
    }

    @Test
    void requestsFailWith503AndChangeNothingWhenTheAuditDiskIsFull() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "mounting a tiny filesystem needs root");
        Path auditDir = dataDir.resolve("audit");
        Files.createDirectories(auditDir);
        Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", auditDir.toString())
                .inheritIO().start();
        assumeTrue(mount.waitFor() == 0, "tmpfs mount not permitted here");
        Path filler = auditDir.resolve("filler");
        try (RunningCoffer coffer = RunningCoffer.start(dataDir)) {
            coffer.createVault(coffer.adminManagementToken(), "rg", "auditvault", true, false);
            Bootstrap b = coffer.bootstrap();
            String token = coffer.token(b.clientId(), b.clientSecret(), "https://vault.azure.net/.default");
            String url = coffer.vaultUrl("auditvault") + "/secrets/s?api-version=7.4";
            assertThat(coffer.call("GET", url, token, null).status()).isEqualTo(404);

            Files.write(filler, new byte[(int) (Files.getFileStore(auditDir).getUsableSpace() - 100 * 1024)]);
            RunningCoffer.Reply set = coffer.call("PUT", url, token, "{\"value\":\"must-not-be-stored\"}");
            assertThat(set.status()).isEqualTo(503);
            assertThat(set.errorCode()).isEqualTo("ServiceUnavailable");
            assertThat(coffer.call("GET", url, token, null).status()).isEqualTo(503);
            assertThat(coffer.call("GET", coffer.serviceBase() + "/healthz/ready", null, null).status())
                    .as("a load balancer sees the node is not ready").isEqualTo(503);

            Files.delete(filler);
            assertThat(coffer.call("GET", coffer.serviceBase() + "/healthz/ready", null, null).status()).isEqualTo(200);
            assertThat(coffer.call("GET", url, token, null).status()).as("nothing was stored").isEqualTo(404);
            String audit = Files.readString(auditDir.resolve("audit.log"));
            assertThat(audit).doesNotContain("must-not-be-stored");
        } finally {
            new ProcessBuilder("umount", auditDir.toString()).inheritIO().start().waitFor();
        }
    }
}
