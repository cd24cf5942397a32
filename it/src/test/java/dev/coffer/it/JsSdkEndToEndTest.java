package dev.coffer.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Azure SDK for JavaScript from npm ({@code @azure/identity} + {@code @azure/keyvault-secrets}, versions
 * pinned in {@code it/src/test/js/package-lock.json}) on Node.js: {@code ClientSecretCredential} with
 * {@code disableInstanceDiscovery: true} against Coffer's authority, then set, get and list secrets through
 * the 401 challenge. Node trusts Coffer's CA through {@code NODE_EXTRA_CA_CERTS}; a preloaded module resolves
 * {@code *.localhost}. Skipped only when npm is not installed.
 */
class JsSdkEndToEndTest {

    private static final String SECRETS_OFFICER = "b86a8fe4-44ce-4948-aee5-eccb2c155cd7";
    private static final Path SOURCES = Path.of("src", "test", "js");

    @TempDir
    static Path dataDir;

    /** Key Vault Crypto Officer. */
    private static final String CRYPTO_OFFICER = "14b46e9e-c2b7-41b4-b07b-48a6ebf60603";

    static RunningCoffer coffer;
    static Path work;

    @BeforeAll
    static void start() throws Exception {
        Assumptions.assumeTrue(onPath("npm") && onPath("node"), "npm and node are not installed");
        work = Path.of("target", "js-sdk").toAbsolutePath();
        Files.createDirectories(work);
        for (String file : List.of("package.json", "package-lock.json", "dns-localhost.js", "set-and-get-secret.js",
                "keys-and-crypto.js")) {
            Files.copy(SOURCES.resolve(file), work.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        }
        Result ci = run(List.of("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"), Map.of(), 600);
        assertThat(ci.exit()).as("npm ci: " + ci.output()).isZero();
        coffer = RunningCoffer.start(dataDir);
        coffer.createVault(coffer.adminManagementToken(), "rg-js", "jsvault", true, false);
    }

    @AfterAll
    static void stop() throws Exception {
        if (coffer != null) {
            coffer.close();
        }
    }

    record Result(int exit, String output) {
    }

    private static boolean onPath(String command) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }

    private static Result run(List<String> command, Map<String, String> env, long timeoutSeconds) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true);
        pb.environment().putAll(env);
        Path log = Files.createTempFile(work, "out", ".log");
        pb.redirectOutput(log.toFile());
        Process p = pb.start();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return new Result(-1, "timed out: " + Files.readString(log));
        }
        return new Result(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }

    @Test
    void clientSecretCredentialSetsAndGetsASecret() throws Exception {
        Directory directory = new Directory(coffer);
        Directory.App app = directory.createApp("node-app");
        Directory.assign(coffer, "/subscriptions/" + coffer.bootstrap().subscriptionId()
                + "/resourceGroups/rg-js/providers/Microsoft.KeyVault/vaults/jsvault", SECRETS_OFFICER, app.spId(),
                "ServicePrincipal");
        String value = "hello-from-node-" + System.nanoTime();
        Result r = run(List.of("node", "--require", "./dns-localhost.js", "set-and-get-secret.js"), Map.of(
                "NODE_EXTRA_CA_CERTS", coffer.bootstrap().caCertificatePath().toString(),
                "COFFER_TENANT_ID", coffer.bootstrap().tenantId(),
                "COFFER_CLIENT_ID", app.appId(),
                "COFFER_CLIENT_SECRET", app.secret(),
                "COFFER_AUTHORITY_HOST", coffer.serviceBase(),
                "COFFER_VAULT_URL", coffer.vaultUrl("jsvault"),
                "COFFER_SECRET_NAME", "from-node",
                "COFFER_SECRET_VALUE", value), 120);
        assertThat(r.exit()).as(r.output()).isZero();
        String line = r.output().lines().filter(l -> l.startsWith("{")).reduce((a, b) -> b).orElseThrow();
        JsonNode out = new ObjectMapper().readTree(line);
        assertThat(out.get("value").asText()).isEqualTo(value);
        assertThat(out.get("setId").asText()).startsWith(coffer.vaultUrl("jsvault") + "/secrets/from-node/");
        assertThat(out.get("names").toString()).contains("from-node");
        assertThat(r.output()).doesNotContain(app.secret());

        String token = coffer.token(coffer.bootstrap().clientId(), coffer.bootstrap().clientSecret(),
                "https://vault.azure.net/.default");
        assertThat(coffer.call("GET", coffer.vaultUrl("jsvault") + "/secrets/from-node?api-version=7.4", token, null)
                .json().get("value").asText()).isEqualTo(value);
        assertThat(AuditTrail.text(dataDir)).contains("azsdk-js-keyvault-secrets").doesNotContain(value);
    }

    @Test
    void keyClientAndCryptographyClientWorkAgainstCoffer() throws Exception {
        Directory.App app = new Directory(coffer).createApp("node-crypto-app");
        Directory.assign(coffer, "/subscriptions/" + coffer.bootstrap().subscriptionId()
                + "/resourceGroups/rg-js/providers/Microsoft.KeyVault/vaults/jsvault", CRYPTO_OFFICER, app.spId(),
                "ServicePrincipal");
        Result r = run(List.of("node", "--require", "./dns-localhost.js", "keys-and-crypto.js"), Map.of(
                "NODE_EXTRA_CA_CERTS", coffer.bootstrap().caCertificatePath().toString(),
                "COFFER_TENANT_ID", coffer.bootstrap().tenantId(),
                "COFFER_CLIENT_ID", app.appId(),
                "COFFER_CLIENT_SECRET", app.secret(),
                "COFFER_AUTHORITY_HOST", coffer.serviceBase(),
                "COFFER_VAULT_URL", coffer.vaultUrl("jsvault")), 180);
        assertThat(r.exit()).as(r.output()).isZero();
        String line = r.output().lines().filter(l -> l.startsWith("{")).reduce((a, b) -> b).orElseThrow();
        JsonNode out = new ObjectMapper().readTree(line);
        assertThat(out.get("rsaKeyType").asText()).isEqualTo("RSA");
        for (String check : List.of("rs256VerifiedByNode", "rs256VerifiedByCoffer", "ps256VerifiedByCoffer",
                "oaepRoundTrip", "unwrapRoundTrip", "es256VerifiedByNode", "rotatedToNewVersion")) {
            assertThat(out.get(check).asBoolean()).as(check + " in " + line).isTrue();
        }
        assertThat(out.get("policyActions").toString()).contains("Rotate:P30D");
        assertThat(out.get("policyExpiresIn").asText()).isEqualTo("P90D");
        assertThat(out.get("versionCount").asInt()).isEqualTo(2);
        assertThat(out.get("names").toString()).contains("js-rsa").contains("js-ec");
        assertThat(out.get("deletedRecoveryId").asText()).startsWith(coffer.vaultUrl("jsvault") + "/deletedkeys/js-ec");
        assertThat(AuditTrail.text(dataDir)).contains("azsdk-js-keyvault-keys").contains("KeySign")
                .doesNotContain(app.secret());
    }
}
