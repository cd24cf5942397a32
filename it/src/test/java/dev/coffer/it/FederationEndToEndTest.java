package dev.coffer.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.SignedJWT;
import dev.coffer.identity.FederatedTokens;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tenant trusts a real OpenID Connect provider (mock-oauth2-server, started here): its users reach a vault
 * through a mapped group, appear in the directory as users that can be disabled, the provider's key rotation
 * is picked up (old key's tokens fail, new key's work), and tokens of an untrusted issuer, for another
 * audience, or forged under the trusted issuer's name are refused.
 */
class FederationEndToEndTest {

    private static final String SECRETS_USER = "4633458b-17de-408a-b874-0445c86b69e6";
    private static final String AUDIENCE = "api://coffer";
    /** Coffer fetches a trusted issuer's keys again at most every 10 s. */
    private static final long FEDERATION_REFETCH_MS = 10_500;

    @TempDir
    static Path dataDir;

    static RunningCoffer coffer;
    static Directory directory;
    static MockOAuth2Server idp;
    static int idpPort;
    static String issuer;
    static String trustId;

    @BeforeAll
    static void start() throws Exception {
        coffer = RunningCoffer.start(dataDir);
        directory = new Directory(coffer);
        coffer.createVault(coffer.adminManagementToken(), "rg-fed", "fedvault", true, false);
        String vaultScope = "/subscriptions/" + coffer.bootstrap().subscriptionId()
                + "/resourceGroups/rg-fed/providers/Microsoft.KeyVault/vaults/fedvault";
        String group = directory.createGroup("ops-from-idp").get("id").asText();
        Directory.assign(coffer, vaultScope, SECRETS_USER, group, "Group");
        String admin = coffer.token(coffer.bootstrap().clientId(), coffer.bootstrap().clientSecret(),
                "https://vault.azure.net/.default");
        assertThat(coffer.call("PUT", coffer.vaultUrl("fedvault") + "/secrets/shared?api-version=7.4", admin,
                "{\"value\":\"federated-hello\"}").status()).isEqualTo(200);

        try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            idpPort = probe.getLocalPort();
        }
        // A fixed port (not 0) makes MockWebServer set SO_REUSEADDR, so the provider can restart on it.
        idp = startIdp();
        issuer = idp.issuerUrl("corp").toString();
        RunningCoffer.Reply trust = directory.call("POST", "cofferFederatedIssuers", "{\"issuer\":\"" + issuer
                + "\",\"audience\":\"" + AUDIENCE + "\",\"groupMapping\":{\"ops\":\"" + group + "\"}}");
        assertThat(trust.status()).as(trust.text()).isEqualTo(201);
        assertThat(trust.json().get("jwksUri").asText()).startsWith(issuer.replaceAll("/$", ""));
        trustId = trust.json().get("id").asText();
    }

    @AfterAll
    static void stop() throws Exception {
        idp.shutdown();
        coffer.close();
    }

    private static MockOAuth2Server startIdp() throws Exception {
        for (int attempt = 0; ; attempt++) {
            // Fresh keys each start (the default comes from a file bundled with the server, the same every time).
            RSAKey key = new RSAKeyGenerator(2048).generate();
            MockOAuth2Server server = new MockOAuth2Server(new no.nav.security.mock.oauth2.OAuth2Config(false, null,
                    null, false, new no.nav.security.mock.oauth2.token.OAuth2TokenProvider(
                    new no.nav.security.mock.oauth2.token.KeyProvider(List.of(key), "RS256"))));
            try {
                server.start(InetAddress.getByName("127.0.0.1"), idpPort);
                return server;
            } catch (RuntimeException | java.io.IOException e) {
                if (attempt >= 50) {
                    throw e;
                }
                Thread.sleep(200);
            }
        }
    }

    private static String idpToken(String issuerId, String subject, String audience, List<String> groups) {
        return idp.issueToken(issuerId, subject, audience, Map.of("groups", groups, "name", subject + " (IdP)"), 3600)
                .serialize();
    }

    private static RunningCoffer.Reply getSecret(String token) throws Exception {
        return coffer.call("GET", coffer.vaultUrl("fedvault") + "/secrets/shared?api-version=7.4", token, null);
    }

    @Test
    void trustedIssuersUsersReachTheVaultThroughMappedGroups() throws Exception {
        RunningCoffer.Reply ok = getSecret(idpToken("corp", "alice", AUDIENCE, List.of("ops", "unmapped")));
        assertThat(ok.status()).as(ok.text()).isEqualTo(200);
        assertThat(ok.json().get("value").asText()).isEqualTo("federated-hello");

        RunningCoffer.Reply noGroup = getSecret(idpToken("corp", "bob", AUDIENCE, List.of("unmapped")));
        assertThat(noGroup.status()).isEqualTo(403);
        assertThat(noGroup.innerCode()).isEqualTo("ForbiddenByRbac");

        // The user is in the directory under an id derived from tenant, issuer and subject, and can be disabled.
        String aliceId = FederatedTokens.objectIdOf(coffer.bootstrap().tenantId(), issuer, "alice");
        RunningCoffer.Reply user = directory.call("GET", "users/" + aliceId, null);
        assertThat(user.status()).isEqualTo(200);
        assertThat(user.text()).contains("alice (IdP)");
        assertThat(directory.call("PATCH", "users/" + aliceId, "{\"accountEnabled\":false}").status()).isEqualTo(204);
        assertThat(getSecret(idpToken("corp", "alice", AUDIENCE, List.of("ops"))).status()).isEqualTo(401);
        assertThat(directory.call("PATCH", "users/" + aliceId, "{\"accountEnabled\":true}").status()).isEqualTo(204);
        assertThat(getSecret(idpToken("corp", "alice", AUDIENCE, List.of("ops"))).status()).isEqualTo(200);
    }

    @Test
    void untrustedIssuerWrongAudienceAndForgeriesAreRefused() throws Exception {
        RunningCoffer.Reply untrusted = getSecret(idpToken("not-trusted", "alice", AUDIENCE, List.of("ops")));
        assertThat(untrusted.status()).isEqualTo(401);
        assertThat(untrusted.text()).contains("AKV10032");

        RunningCoffer.Reply audience = getSecret(idpToken("corp", "alice", "api://someone-else", List.of("ops")));
        assertThat(audience.status()).isEqualTo(401);
        assertThat(audience.text()).contains("AKV10022");

        SignedJWT genuine = SignedJWT.parse(idpToken("corp", "alice", AUDIENCE, List.of("ops")));
        RSAKey attacker = new RSAKeyGenerator(2048).keyID(genuine.getHeader().getKeyID()).generate();
        SignedJWT forged = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT)
                .keyID(attacker.getKeyID()).build(), genuine.getJWTClaimsSet());
        forged.sign(new RSASSASigner(attacker));
        RunningCoffer.Reply refused = getSecret(forged.serialize());
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.text()).contains("AKV10046");
        String requestId = refused.headers().firstValue("x-ms-request-id").orElseThrow();
        assertThat(AuditTrail.eventsOf(dataDir, requestId).get(0).get("resultType").asText()).isEqualTo("Denied");
    }

    @Test
    void providerKeyRotationIsPickedUpAndTheOldKeysTokensFail() throws Exception {
        String before = idpToken("corp", "carol", AUDIENCE, List.of("ops"));
        assertThat(getSecret(before).status()).isEqualTo(200);

        // The provider restarts with new keys on the same address: same issuer, new JWKS.
        idp.shutdown();
        idp = startIdp();
        // The provider keeps the kid (its issuer id) and changes the key under it: the harder case.
        String after = idpToken("corp", "carol", AUDIENCE, List.of("ops"));
        Thread.sleep(FEDERATION_REFETCH_MS);
        RunningCoffer.Reply rotated = getSecret(after);
        assertThat(rotated.status()).as(rotated.text()).isEqualTo(200);
        RunningCoffer.Reply old = getSecret(before);
        assertThat(old.status()).isEqualTo(401);
        assertThat(old.text()).contains("AKV10046");
    }

    @Test
    void federationIsConfiguredByDirectoryAdministratorsOnly() throws Exception {
        Directory.App plain = directory.createApp("fed-plain");
        String token = coffer.token(plain.appId(), plain.secret(), "https://graph.microsoft.com/.default");
        assertThat(coffer.call("POST", coffer.serviceBase() + "/v1.0/cofferFederatedIssuers", token, "{\"issuer\":\""
                + issuer + "\",\"audience\":\"x\"}").status()).isEqualTo(403);
        RunningCoffer.Reply list = directory.call("GET", "cofferFederatedIssuers", null);
        assertThat(list.text()).contains(trustId).contains(AUDIENCE);
        assertThat(directory.call("POST", "cofferFederatedIssuers", "{\"issuer\":\"http://idp.example/realm\","
                + "\"audience\":\"x\"}").status()).as("plain http only on loopback").isEqualTo(400);
    }
}
