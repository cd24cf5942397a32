package dev.coffer.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.coffer.directory.IssuedClientSecret;
import dev.coffer.store.PrincipalRow;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Date;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Authentication, authorization and bad input over plain HTTPS, as curl or any HTTP client sees them. */
class SecurityAndBadInputTest {

    @TempDir
    static Path dataDir;

    static RunningCoffer coffer;
    static String vaultToken;
    static String vault;

    @BeforeAll
    static void start() throws Exception {
        coffer = RunningCoffer.start(dataDir);
        coffer.createVault(coffer.adminManagementToken(), "rg-sec", "secvault", true, true);
        Bootstrap b = coffer.bootstrap();
        vaultToken = coffer.token(b.clientId(), b.clientSecret(), "https://vault.localhost:" + coffer.port() + "/.default");
        vault = coffer.vaultUrl("secvault");
    }

    @AfterAll
    static void stop() throws Exception {
        coffer.close();
    }

    private static RunningCoffer.Reply data(String method, String path, String token, String body) throws Exception {
        return coffer.call(method, vault + path, token, body);
    }

    @Test
    void unauthenticatedRequestGetsTheChallengeBeforeAnythingElse() throws Exception {
        for (String path : new String[] {"/secrets/x/?api-version=7.4", "/nonsense", "/secrets/bad_name"}) {
            RunningCoffer.Reply r = data("PUT", path, null, null);
            assertThat(r.status()).isEqualTo(401);
            assertThat(r.headers().firstValue("WWW-Authenticate")).hasValue("Bearer authorization=\"https://localhost:"
                    + coffer.port() + "/" + coffer.bootstrap().tenantId() + "\", resource=\"https://vault.localhost:"
                    + coffer.port() + "\"");
            assertThat(r.errorCode()).isEqualTo("Unauthorized");
        }
        RunningCoffer.Reply unknownVault = coffer.call("GET", coffer.vaultUrl("novault") + "/secrets?api-version=7.4",
                null, null);
        assertThat(unknownVault.status()).isEqualTo(401);
    }

    @Test
    void tokensForOtherAudiencesIssuersOrKeysAreRefused() throws Exception {
        String management = coffer.adminManagementToken();
        assertThat(data("GET", "/secrets?api-version=7.4", management, null).status()).isEqualTo(401);
        assertThat(coffer.call("GET", coffer.arm("/subscriptions?api-version=2020-01-01"), vaultToken, null).status())
                .isEqualTo(401);

        String[] parts = vaultToken.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        String tampered = parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(
                payload.replace("\"ver\":\"2.0\"", "\"ver\":\"9.9\"").getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
        assertThat(data("GET", "/secrets?api-version=7.4", tampered, null).status()).isEqualTo(401);

        String none = Base64.getUrlEncoder().withoutPadding().encodeToString(
                "{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "." + parts[1] + ".";
        assertThat(data("GET", "/secrets?api-version=7.4", none, null).status()).isEqualTo(401);

        String kid = SignedJWT.parse(vaultToken).getHeader().getKeyID();
        RSAKey foreign = new RSAKeyGenerator(2048).keyID(kid).generate();
        SignedJWT forged = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(kid).build(),
                JWTClaimsSet.parse(SignedJWT.parse(vaultToken).getJWTClaimsSet().toJSONObject()));
        forged.sign(new RSASSASigner(foreign));
        assertThat(data("GET", "/secrets?api-version=7.4", forged.serialize(), null).status()).isEqualTo(401);

        JWTClaimsSet expiredClaims = new JWTClaimsSet.Builder(SignedJWT.parse(vaultToken).getJWTClaimsSet())
                .expirationTime(new Date(System.currentTimeMillis() - 3_600_000)).build();
        SignedJWT expired = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(kid).build(), expiredClaims);
        expired.sign(new RSASSASigner(foreign));
        assertThat(data("GET", "/secrets?api-version=7.4", expired.serialize(), null).status()).isEqualTo(401);
        assertThat(data("GET", "/secrets?api-version=7.4", "x".repeat(20_000), null).status()).isEqualTo(401);
    }

    @Test
    void aPrincipalWithoutARoleIsForbiddenByRbac() throws Exception {
        PrincipalRow other = coffer.server().directory().createServicePrincipal(coffer.bootstrap().tenantId(), "no-role");
        IssuedClientSecret secret = coffer.server().directory().addPassword(other.objectId());
        String token = coffer.token(other.appId(), secret.secretText().revealUtf8(),
                "https://vault.azure.net/.default");
        RunningCoffer.Reply r = data("GET", "/secrets/anything?api-version=7.4", token, null);
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.errorCode()).isEqualTo("Forbidden");
        assertThat(r.innerCode()).isEqualTo("ForbiddenByRbac");
        assertThat(r.json().get("error").get("message").asText()).contains(other.objectId())
                .contains("Microsoft.KeyVault/vaults/secrets/getSecret/action").contains("secvault");

        String mgmt = coffer.token(other.appId(), secret.secretText().revealUtf8(),
                coffer.bootstrap().managementAudience() + ".default");
        RunningCoffer.Reply m = coffer.call("GET", coffer.arm("/subscriptions/" + coffer.bootstrap().subscriptionId()
                + "/resourceGroups/rg-sec/providers/Microsoft.KeyVault/vaults/secvault?api-version=2023-07-01"), mgmt, null);
        assertThat(m.status()).isEqualTo(403);
        assertThat(m.errorCode()).isEqualTo("AuthorizationFailed");

        coffer.server().directory().setEnabled(other.objectId(), false);
        assertThat(data("GET", "/secrets/anything?api-version=7.4", token, null).status()).isEqualTo(401);
    }

    @Test
    void badInputGetsAzureErrorsAndChangesNothing() throws Exception {
        RunningCoffer.Reply badName = data("PUT", "/secrets/bad_name?api-version=7.4", vaultToken, "{\"value\":\"x\"}");
        assertThat(badName.status()).isEqualTo(400);
        assertThat(badName.errorCode()).isEqualTo("BadParameter");

        assertThat(data("GET", "/secrets", vaultToken, null).errorCode()).isEqualTo("BadParameter");
        RunningCoffer.Reply unknownVersion = data("GET", "/secrets?api-version=9.9", vaultToken, null);
        assertThat(unknownVersion.status()).isEqualTo(400);
        assertThat(unknownVersion.text()).contains("9.9");

        String big = "{\"value\":\"" + "a".repeat(25 * 1024 + 1) + "\"}";
        RunningCoffer.Reply tooBig = data("PUT", "/secrets/too-big?api-version=7.4", vaultToken, big);
        assertThat(tooBig.status()).isEqualTo(400);
        assertThat(data("GET", "/secrets/too-big?api-version=7.4", vaultToken, null).status()).isEqualTo(404);

        RunningCoffer.Reply malformed = data("PUT", "/secrets/malformed?api-version=7.4", vaultToken, "{\"value\":");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.errorCode()).isEqualTo("BadParameter");
        assertThat(malformed.text()).doesNotContain("Exception").doesNotContain("at dev.coffer");
        assertThat(data("GET", "/secrets/malformed?api-version=7.4", vaultToken, null).status()).isEqualTo(404);

        RunningCoffer.Reply missingValue = data("PUT", "/secrets/no-value?api-version=7.4", vaultToken, "{}");
        assertThat(missingValue.status()).isEqualTo(400);

        RunningCoffer.Reply unknownVault = coffer.call("GET", coffer.vaultUrl("novault") + "/secrets?api-version=7.4",
                vaultToken, null);
        assertThat(unknownVault.status()).isEqualTo(404);

        RunningCoffer.Reply maxResults = data("GET", "/secrets?api-version=7.4&maxresults=26", vaultToken, null);
        assertThat(maxResults.status()).isEqualTo(400);
    }

    @Test
    void pagesHonourMaxResultsAndNextLinkStaysOnTheVaultHost() throws Exception {
        for (int i = 0; i < 5; i++) {
            data("PUT", "/secrets/paged-" + i + "?api-version=7.4", vaultToken, "{\"value\":\"x\"}");
        }
        java.util.Set<String> seen = new java.util.HashSet<>();
        String url = vault + "/secrets?api-version=7.4&maxresults=2";
        int pages = 0;
        while (url != null && pages < 20) {
            RunningCoffer.Reply r = coffer.call("GET", url, vaultToken, null);
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.json().get("value").size()).isLessThanOrEqualTo(2);
            r.json().get("value").forEach(item -> assertThat(seen.add(item.get("id").asText())).isTrue());
            url = r.json().get("nextLink").isNull() ? null : r.json().get("nextLink").asText();
            if (url != null) {
                assertThat(url).startsWith(vault + "/secrets?api-version=7.4&$skiptoken=");
            }
            pages++;
        }
        assertThat(seen).contains(vault + "/secrets/paged-0", vault + "/secrets/paged-4");
        assertThat(pages).isGreaterThanOrEqualTo(3);
    }

    @Test
    void purgeIsRefusedUnderPurgeProtection() throws Exception {
        assertThat(data("PUT", "/secrets/protected?api-version=7.4", vaultToken, "{\"value\":\"p\"}").status())
                .isEqualTo(200);
        assertThat(data("DELETE", "/secrets/protected?api-version=7.4", vaultToken, null).status()).isEqualTo(200);
        RunningCoffer.Reply purge = data("DELETE", "/deletedsecrets/protected?api-version=7.4", vaultToken, null);
        assertThat(purge.status()).isEqualTo(403);
        assertThat(data("GET", "/deletedsecrets/protected?api-version=7.4", vaultToken, null).status()).isEqualTo(200);
    }

    @Test
    void valuesAreEncryptedAtRestAndNeverLogged() throws Exception {
        String value = "plaintext-canary-" + System.nanoTime();
        assertThat(data("PUT", "/secrets/canary?api-version=7.4", vaultToken, "{\"value\":\"" + value + "\"}").status())
                .isEqualTo(200);
        assertThat(data("GET", "/secrets/canary?api-version=7.4", vaultToken, null).json().get("value").asText())
                .isEqualTo(value);
        byte[] needle = value.getBytes(StandardCharsets.UTF_8);
        try (Stream<Path> files = Files.walk(dataDir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                assertThat(indexOf(Files.readAllBytes(f), needle)).as("plaintext in %s", f).isEqualTo(-1);
            }
        }
        String audit = Files.readString(dataDir.resolve("audit").resolve("audit.log"));
        assertThat(audit).contains("\"operationName\":\"SecretSet\"").contains("\"operationName\":\"SecretGet\"")
                .doesNotContain(coffer.bootstrap().clientSecret()).doesNotContain(vaultToken);
    }

    @Test
    void bootstrapFileIsPrivateAndComplete() throws Exception {
        Path file = dataDir.resolve("bootstrap.json");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        Bootstrap b = coffer.bootstrap();
        assertThat(b.authorityHost()).isEqualTo("https://localhost:" + coffer.port() + "/");
        assertThat(b.vaultDnsSuffix()).isEqualTo("vault.localhost");
        assertThat(b.caCertificatePath()).exists();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir.resolve("root.key"))))
                .isEqualTo("rw-------");
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
