package dev.coffer.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.identity.ClientCertificateCredentialBuilder;
import com.azure.identity.UsernamePasswordCredentialBuilder;
import com.azure.security.keyvault.secrets.SecretClient;
import com.azure.security.keyvault.secrets.SecretClientBuilder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Identities made in the Graph-shaped directory sign in with the real azure-identity credentials (user
 * password, client secret, client certificate), reach a vault through group and direct role assignments, and
 * lose access on the very next request when disabled, removed from the group or stripped of the credential.
 */
class IdentityEndToEndTest {

    private static final String SECRETS_USER = "4633458b-17de-408a-b874-0445c86b69e6";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dataDir;

    static RunningCoffer coffer;
    static Directory directory;
    static String vaultScope;

    @BeforeAll
    static void start() throws Exception {
        coffer = RunningCoffer.start(dataDir);
        coffer.createVault(coffer.adminManagementToken(), "rg-id", "idvault", true, false);
        vaultScope = "/subscriptions/" + coffer.bootstrap().subscriptionId()
                + "/resourceGroups/rg-id/providers/Microsoft.KeyVault/vaults/idvault";
        directory = new Directory(coffer);
        SecretClient admin = new SecretClientBuilder().vaultUrl(coffer.vaultUrl("idvault"))
                .credential(coffer.adminCredential()).httpClient(coffer.azureHttpClient()).buildClient();
        admin.setSecret("shared", "for-the-team");
    }

    @AfterAll
    static void stop() throws Exception {
        coffer.close();
    }

    private static SecretClient client(com.azure.core.credential.TokenCredential credential) {
        return new SecretClientBuilder().vaultUrl(coffer.vaultUrl("idvault")).credential(credential)
                .httpClient(coffer.azureHttpClient()).buildClient();
    }

    @Test
    void userSignsInWithPasswordAndReachesTheVaultThroughAGroup() throws Exception {
        String password = "correct-horse-battery-staple";
        JsonNode user = directory.createUser("alice@coffer.test", password);
        JsonNode group = directory.createGroup("secret-readers");
        directory.addMember(group.get("id").asText(), user.get("id").asText());
        Directory.assign(coffer, vaultScope, SECRETS_USER, group.get("id").asText(), "Group");
        Directory.App publicClient = directory.createApp("cli-app");

        SecretClient alice = client(new UsernamePasswordCredentialBuilder().tenantId(coffer.bootstrap().tenantId())
                .clientId(publicClient.appId()).username("alice@coffer.test").password(password)
                .authorityHost(coffer.serviceBase() + "/").disableInstanceDiscovery()
                .httpClient(coffer.azureHttpClient()).build());
        assertThat(alice.getSecret("shared").getValue()).isEqualTo("for-the-team");
        assertThatThrownBy(() -> alice.setSecret("nope", "x")).hasMessageContaining("ForbiddenByRbac");

        assertThat(directory.call("DELETE", "groups/" + group.get("id").asText() + "/members/" + user.get("id").asText()
                + "/$ref", null).status()).isEqualTo(204);
        assertThatThrownBy(() -> alice.getSecret("shared")).hasMessageContaining("ForbiddenByRbac");
    }

    @Test
    void passwordGrantRefreshRotationAndRevocation() throws Exception {
        String password = "another-long-password-1";
        JsonNode user = directory.createUser("bob@coffer.test", password);
        Directory.App app = directory.createApp("bob-app");
        JsonNode first = tokenForm("grant_type=password&client_id=" + app.appId() + "&username=bob%40coffer.test&password="
                + password + "&scope=https%3A%2F%2Fvault.azure.net%2F.default+openid+offline_access");
        assertThat(first.get("refresh_token").asText()).isNotBlank();
        assertThat(first.get("id_token").asText()).isNotBlank();
        String claims = new String(Base64.getUrlDecoder().decode(first.get("access_token").asText().split("\\.")[1]));
        assertThat(claims).contains("\"upn\":\"bob@coffer.test\"").contains("\"idtyp\":\"user\"");

        // The audit log names a user by the sign-in name, whatever the display name says.
        directory.call("PATCH", "users/" + user.get("id").asText(), "{\"displayName\":\"Bob Builder\"}");
        RunningCoffer.Reply read = coffer.call("GET", coffer.vaultUrl("idvault") + "/secrets?api-version=7.4",
                first.get("access_token").asText(), null);
        List<JsonNode> audited = AuditTrail.eventsOf(dataDir, read.headers().firstValue("x-ms-request-id").orElseThrow());
        assertThat(audited).singleElement().satisfies(e -> {
            assertThat(e.at("/identity/claim/upn").asText()).isEqualTo("bob@coffer.test");
            assertThat(e.at("/identity/claim/oid").asText()).isEqualTo(user.get("id").asText());
        });

        String refresh = first.get("refresh_token").asText();
        JsonNode second = tokenForm("grant_type=refresh_token&client_id=" + app.appId() + "&refresh_token=" + refresh);
        assertThat(second.get("access_token").asText()).isNotBlank();
        assertThat(tokenStatus("grant_type=refresh_token&client_id=" + app.appId() + "&refresh_token=" + refresh))
                .as("a used refresh token is dead").isEqualTo(400);

        directory.call("PATCH", "users/" + user.get("id").asText(), "{\"accountEnabled\":false}");
        assertThat(tokenStatus("grant_type=refresh_token&client_id=" + app.appId() + "&refresh_token="
                + second.get("refresh_token").asText())).isEqualTo(400);
        RunningCoffer.Reply withOldToken = coffer.call("GET", coffer.vaultUrl("idvault") + "/secrets?api-version=7.4",
                second.get("access_token").asText(), null);
        assertThat(withOldToken.status()).isEqualTo(401);
        assertThat(tokenStatus("grant_type=password&client_id=" + app.appId() + "&username=bob%40coffer.test&password="
                + password + "&scope=https%3A%2F%2Fvault.azure.net%2F.default")).isEqualTo(400);
    }

    @Test
    void wrongPasswordsAreThrottled() throws Exception {
        directory.createUser("carol@coffer.test", "carols-real-password");
        Directory.App app = directory.createApp("carol-app");
        String wrong = "grant_type=password&client_id=" + app.appId() + "&username=carol%40coffer.test"
                + "&password=guess-guess-guess&scope=https%3A%2F%2Fvault.azure.net%2F.default";
        for (int i = 0; i < 5; i++) {
            assertThat(tokenStatus(wrong)).isEqualTo(400);
        }
        HttpResponse<String> locked = tokenResponse("grant_type=password&client_id=" + app.appId()
                + "&username=carol%40coffer.test&password=carols-real-password&scope=https%3A%2F%2Fvault.azure.net%2F.default");
        assertThat(locked.statusCode()).isEqualTo(400);
        assertThat(locked.body()).contains("AADSTS50053").doesNotContain("carols-real-password");
    }

    @Test
    void removingAClientSecretRevokesItsTokensAtOnce() throws Exception {
        Directory.App app = directory.createApp("worker");
        Directory.assign(coffer, vaultScope + "/secrets/shared", SECRETS_USER, app.spId(), "ServicePrincipal");
        SecretClient worker = client(coffer.credential(app.appId(), app.secret()));
        assertThat(worker.getSecret("shared").getValue()).isEqualTo("for-the-team");
        assertThat(directory.call("POST", "applications/" + app.appObjectId() + "/removePassword",
                "{\"keyId\":\"" + app.keyId() + "\"}").status()).isEqualTo(204);
        assertThatThrownBy(() -> worker.getSecret("shared")).hasMessageContaining("401");
    }

    @Test
    void clientCertificateCredentialSignsIn() throws Exception {
        Directory.App app = directory.createApp("cert-app");
        Directory.assign(coffer, vaultScope, SECRETS_USER, app.spId(), "ServicePrincipal");
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair pair = generator.generateKeyPair();
        X509Certificate cert = new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(
                new X500Name("CN=cert-app"), BigInteger.valueOf(System.nanoTime()),
                new Date(System.currentTimeMillis() - 60_000), new Date(System.currentTimeMillis() + 86_400_000L),
                new X500Name("CN=cert-app"), pair.getPublic())
                .build(new JcaContentSignerBuilder("SHA256withRSA").build(pair.getPrivate())));
        assertThat(directory.call("PATCH", "applications/" + app.appObjectId(), "{\"keyCredentials\":[{\"type\":"
                + "\"AsymmetricX509Cert\",\"usage\":\"Verify\",\"key\":\"" + Base64.getEncoder().encodeToString(
                cert.getEncoded()) + "\"}]}").status()).isEqualTo(204);
        Path pem = dataDir.resolve("cert-app.pem");
        try (JcaPEMWriter writer = new JcaPEMWriter(Files.newBufferedWriter(pem))) {
            writer.writeObject(new org.bouncycastle.openssl.jcajce.JcaPKCS8Generator(pair.getPrivate(), null));
            writer.writeObject(cert);
        }
        SecretClient client = client(new ClientCertificateCredentialBuilder().tenantId(coffer.bootstrap().tenantId())
                .clientId(app.appId()).pemCertificate(pem.toString()).authorityHost(coffer.serviceBase() + "/")
                .disableInstanceDiscovery().httpClient(coffer.azureHttpClient()).build());
        assertThat(client.getSecret("shared").getValue()).isEqualTo("for-the-team");
    }

    @Test
    void unknownClientsAndBadGrantsGetOAuthErrors() throws Exception {
        HttpResponse<String> r = tokenResponse("grant_type=client_credentials&client_id=nobody&client_secret=x"
                + "&scope=https%3A%2F%2Fvault.azure.net%2F.default");
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(r.body()).get("error").asText()).isEqualTo("invalid_client");
        assertThat(tokenStatus("grant_type=magic&client_id=x")).isEqualTo(400);
        HttpResponse<String> scope = tokenResponse("grant_type=client_credentials&client_id="
                + coffer.bootstrap().clientId() + "&client_secret=" + coffer.bootstrap().clientSecret()
                + "&scope=https%3A%2F%2Fevil.example%2F.default");
        assertThat(JSON.readTree(scope.body()).get("error").asText()).isEqualTo("invalid_scope");
        assertThat(tokenStatus("grant_type=client_credentials&client_id=" + coffer.bootstrap().clientId()
                + "&client_assertion_type=urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer"
                + "&client_assertion=not.a.jwt&scope=https%3A%2F%2Fvault.azure.net%2F.default")).isEqualTo(401);
    }

    @Test
    void graphChangesNeedADirectoryRole() throws Exception {
        Directory.App app = directory.createApp("plain-app");
        String token = coffer.token(app.appId(), app.secret(), "https://graph.microsoft.com/.default");
        RunningCoffer.Reply denied = coffer.call("POST", coffer.serviceBase() + "/v1.0/users", token,
                "{\"userPrincipalName\":\"mallory@coffer.test\",\"passwordProfile\":{\"password\":\"mallory-password-1\"}}");
        assertThat(denied.status()).isEqualTo(403);
        RunningCoffer.Reply read = coffer.call("GET", coffer.serviceBase() + "/v1.0/users?$top=1", token, null);
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.json().get("value").size()).isLessThanOrEqualTo(1);
        assertThat(read.text()).doesNotContain("secretText\":\"");
    }

    private static HttpResponse<String> tokenResponse(String form) throws Exception {
        return coffer.http().send(HttpRequest.newBuilder(URI.create(coffer.serviceBase() + "/"
                        + coffer.bootstrap().tenantId() + "/oauth2/v2.0/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static int tokenStatus(String form) throws Exception {
        return tokenResponse(form).statusCode();
    }

    private static JsonNode tokenForm(String form) throws Exception {
        HttpResponse<String> r = tokenResponse(form);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }
}
