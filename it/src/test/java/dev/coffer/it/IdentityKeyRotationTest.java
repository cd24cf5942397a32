package dev.coffer.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.SignedJWT;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Signing keys through the administrator's API: a rotation publishes both keys in the JWKS and old tokens keep
 * working; removing the old key makes its tokens fail on the next request although they were validated (and
 * cached) before. Only a directory administrator of the home tenant may do either.
 */
class IdentityKeyRotationTest {

    @TempDir
    static Path dataDir;

    static RunningCoffer coffer;

    @BeforeAll
    static void start() throws Exception {
        coffer = RunningCoffer.start(dataDir);
        coffer.createVault(coffer.adminManagementToken(), "rg-keys", "rotvault", true, false);
    }

    @AfterAll
    static void stop() throws Exception {
        coffer.close();
    }

    private static int jwksSize() throws Exception {
        HttpResponse<String> r = coffer.http().send(HttpRequest.newBuilder(URI.create(coffer.serviceBase() + "/"
                + coffer.bootstrap().tenantId() + "/discovery/v2.0/keys")).build(), HttpResponse.BodyHandlers.ofString());
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.body()).get("keys").size();
    }

    @Test
    void rotateThenRemoveTheOldKey() throws Exception {
        Bootstrap b = coffer.bootstrap();
        Directory directory = new Directory(coffer);
        String vaultScope = "https://vault.azure.net/.default";
        String old = coffer.token(b.clientId(), b.clientSecret(), vaultScope);
        String list = coffer.vaultUrl("rotvault") + "/secrets?api-version=7.4";
        assertThat(coffer.call("GET", list, old, null).status()).isEqualTo(200);
        String oldKid = SignedJWT.parse(old).getHeader().getKeyID();

        Directory.App plain = directory.createApp("not-an-admin");
        String plainGraph = coffer.token(plain.appId(), plain.secret(), "https://graph.microsoft.com/.default");
        assertThat(coffer.call("POST", coffer.serviceBase() + "/v1.0/cofferSigningKeys/rotate", plainGraph, null)
                .status()).isEqualTo(403);

        assertThat(directory.call("POST", "cofferSigningKeys/rotate", null).status()).isEqualTo(204);
        assertThat(jwksSize()).isEqualTo(2);
        String fresh = coffer.token(b.clientId(), b.clientSecret(), vaultScope);
        assertThat(SignedJWT.parse(fresh).getHeader().getKeyID()).isNotEqualTo(oldKid);
        assertThat(coffer.call("GET", list, old, null).status()).as("old tokens stay valid").isEqualTo(200);
        RunningCoffer.Reply keys = directory.call("GET", "cofferSigningKeys", null);
        assertThat(keys.text()).contains(oldKid).doesNotContain("\"d\"").doesNotContain("\"p\"");

        // The directory's own Graph token was signed by the old key too: get a fresh one after removal.
        assertThat(directory.call("DELETE", "cofferSigningKeys/" + oldKid, null).status()).isEqualTo(204);
        assertThat(jwksSize()).isEqualTo(1);
        RunningCoffer.Reply refused = coffer.call("GET", list, old, null);
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.text()).contains("AKV10046");
        assertThat(coffer.call("GET", list, fresh, null).status()).isEqualTo(200);
    }
}
