package dev.coffer.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jwt.SignedJWT;
import dev.coffer.directory.Totp;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TOTP authenticators: a user enrols one through Graph, interactive sign-ins then ask for its code, each code
 * works once, tokens from such a sign-in carry {@code mfa} in {@code amr}, and a tenant that requires MFA for
 * the management plane refuses user tokens without it there (and only there).
 */
class IdentityMfaTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PASSWORD = "second-factor-pass-1";

    @TempDir
    static Path dataDir;

    static RunningCoffer coffer;
    static Directory directory;
    static Directory.App app;
    static String tenant;

    @BeforeAll
    static void start() throws Exception {
        coffer = RunningCoffer.start(dataDir);
        directory = new Directory(coffer);
        app = directory.createApp("mfa-cli");
        tenant = coffer.bootstrap().tenantId();
    }

    @AfterAll
    static void stop() throws Exception {
        coffer.close();
    }

    private static HttpResponse<String> token(String form) throws Exception {
        return coffer.http().send(HttpRequest.newBuilder(URI.create(coffer.serviceBase() + "/" + tenant
                        + "/oauth2/v2.0/token")).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String passwordToken(String upn, String scope) throws Exception {
        HttpResponse<String> r = token("grant_type=password&client_id=" + app.appId() + "&username=" + Browser.enc(upn)
                + "&password=" + PASSWORD + "&scope=" + Browser.enc(scope));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body()).get("access_token").asText();
    }

    /** Decodes the base32 seed the enrolment returned, as an authenticator app does. */
    private static byte[] seed(String base32) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        int buffer = 0;
        int bits = 0;
        for (char c : base32.toCharArray()) {
            buffer = (buffer << 5) | alphabet.indexOf(c);
            bits += 5;
            if (bits >= 8) {
                out.write((buffer >>> (bits - 8)) & 0xff);
                bits -= 8;
            }
        }
        return out.toByteArray();
    }

    private static String codeAt(byte[] seed, long stepOffset) {
        return Totp.code(seed, Totp.stepAt(System.currentTimeMillis() / 1000) + stepOffset);
    }

    /** Enrols and activates an authenticator for the user; returns its seed. */
    private static byte[] enrol(String graphToken) throws Exception {
        RunningCoffer.Reply enrolled = coffer.call("POST", coffer.serviceBase()
                + "/v1.0/me/authentication/softwareOathMethods", graphToken, "{}");
        assertThat(enrolled.status()).as(enrolled.text()).isEqualTo(201);
        assertThat(enrolled.json().get("otpauthUri").asText()).startsWith("otpauth://totp/Coffer%3A")
                .contains("secret=" + enrolled.json().get("secretKey").asText());
        byte[] seed = seed(enrolled.json().get("secretKey").asText());
        String id = enrolled.json().get("id").asText();
        RunningCoffer.Reply wrong = coffer.call("POST", coffer.serviceBase() + "/v1.0/me/authentication/"
                + "softwareOathMethods/" + id + "/activate", graphToken, "{\"verificationCode\":\"000000\"}");
        assertThat(wrong.status()).isEqualTo(400);
        RunningCoffer.Reply activated = coffer.call("POST", coffer.serviceBase() + "/v1.0/me/authentication/"
                + "softwareOathMethods/" + id + "/activate", graphToken, "{\"verificationCode\":\"" + codeAt(seed, 0)
                + "\"}");
        assertThat(activated.status()).as(activated.text()).isEqualTo(204);
        RunningCoffer.Reply listed = coffer.call("GET", coffer.serviceBase()
                + "/v1.0/me/authentication/softwareOathMethods", graphToken, null);
        assertThat(listed.json().get("value").get(0).get("state").asText()).isEqualTo("active");
        assertThat(listed.text()).doesNotContain(enrolled.json().get("secretKey").asText());
        return seed;
    }

    /** A device-code sign-in through the page, with the authenticator's code; returns the token response. */
    private static JsonNode deviceSignIn(String upn, String code) throws Exception {
        HttpResponse<String> start = coffer.http().send(HttpRequest.newBuilder(URI.create(coffer.serviceBase() + "/"
                        + tenant + "/oauth2/v2.0/devicecode")).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("client_id=" + app.appId() + "&scope="
                        + Browser.enc(coffer.bootstrap().managementAudience() + ".default"))).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode started = JSON.readTree(start.body());
        Browser browser = new Browser(coffer);
        browser.get("/devicelogin");
        HttpResponse<String> askForCode = browser.post("/devicelogin", Map.of("user_code",
                started.get("user_code").asText(), "username", upn, "password", PASSWORD));
        assertThat(askForCode.body()).contains("authenticator app").contains("name=\"otc\"");
        HttpResponse<String> done = browser.post("/devicelogin", Map.of("step", "code", "otc", code));
        assertThat(done.statusCode()).as(done.body()).isEqualTo(200);
        HttpResponse<String> tokens = token("grant_type=urn:ietf:params:oauth:grant-type:device_code&client_id="
                + app.appId() + "&device_code=" + Browser.enc(started.get("device_code").asText()));
        assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
        return JSON.readTree(tokens.body());
    }

    @Test
    void enrolledUsersAreAskedForTheCodeAndGetMfaInAmr() throws Exception {
        directory.createUser("erin@coffer.test", PASSWORD);
        byte[] seed = enrol(passwordToken("erin@coffer.test", "https://graph.microsoft.com/.default"));
        String nextCode = codeAt(seed, 1);
        JsonNode tokens = deviceSignIn("erin@coffer.test", nextCode);
        var claims = SignedJWT.parse(tokens.get("access_token").asText()).getJWTClaimsSet();
        assertThat(claims.getStringListClaim("amr")).containsExactly("pwd", "mfa");

        // The same code does not work twice; neither do spaced or padded variants of it.
        Browser again = new Browser(coffer);
        HttpResponse<String> start = coffer.http().send(HttpRequest.newBuilder(URI.create(coffer.serviceBase() + "/"
                        + tenant + "/oauth2/v2.0/devicecode")).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("client_id=" + app.appId() + "&scope=openid")).build(),
                HttpResponse.BodyHandlers.ofString());
        again.get("/devicelogin");
        again.post("/devicelogin", Map.of("user_code", JSON.readTree(start.body()).get("user_code").asText(),
                "username", "erin@coffer.test", "password", PASSWORD));
        for (String variant : new String[] {nextCode, " " + nextCode, "0" + nextCode, nextCode.substring(0, 3) + " "
                + nextCode.substring(3)}) {
            HttpResponse<String> reused = again.post("/devicelogin", Map.of("step", "code", "otc", variant));
            assertThat(reused.statusCode()).isEqualTo(400);
            assertThat(reused.body()).contains("not valid or was already used");
        }
        // A refresh keeps the amr of the sign-in it came from.
        HttpResponse<String> refreshed = token("grant_type=refresh_token&client_id=" + app.appId() + "&refresh_token="
                + tokens.get("refresh_token").asText());
        assertThat(SignedJWT.parse(JSON.readTree(refreshed.body()).get("access_token").asText()).getJWTClaimsSet()
                .getStringListClaim("amr")).containsExactly("pwd", "mfa");
        assertThat(AuditTrail.text(dataDir)).doesNotContain(nextCode + "\"").doesNotContain(PASSWORD);
    }

    @Test
    void aPasswordAloneCannotReplaceAnEnrolledAuthenticator() throws Exception {
        directory.createUser("fred@coffer.test", PASSWORD);
        String graph = passwordToken("fred@coffer.test", "https://graph.microsoft.com/.default");
        enrol(graph);
        RunningCoffer.Reply second = coffer.call("POST", coffer.serviceBase()
                + "/v1.0/me/authentication/softwareOathMethods", graph, "{}");
        assertThat(second.status()).isEqualTo(403);
        assertThat(second.text()).contains("AADSTS50076");
        String methodId = coffer.call("GET", coffer.serviceBase() + "/v1.0/me/authentication/softwareOathMethods",
                graph, null).json().get("value").get(0).get("id").asText();
        assertThat(coffer.call("DELETE", coffer.serviceBase() + "/v1.0/me/authentication/softwareOathMethods/"
                + methodId, graph, null).status()).isEqualTo(403);
        // An administrator can remove it (lost phone); then the password alone signs in again.
        assertThat(directory.call("DELETE", "users/fred@coffer.test/authentication/softwareOathMethods/" + methodId,
                null).status()).isEqualTo(204);
        assertThat(coffer.call("GET", coffer.serviceBase() + "/v1.0/me/authentication/softwareOathMethods", graph,
                null).json().get("value").size()).isZero();
    }

    @Test
    void tenantPolicyRequiresMfaOnTheManagementPlaneOnly() throws Exception {
        JsonNode gina = directory.createUser("gina@coffer.test", PASSWORD);
        Directory.assign(coffer, "/subscriptions/" + coffer.bootstrap().subscriptionId(),
                "acdd72a7-3385-48ef-bd42-f606fba81ae7", gina.get("id").asText(), "User");
        byte[] seed = enrol(passwordToken("gina@coffer.test", "https://graph.microsoft.com/.default"));
        String subscriptions = coffer.arm("/subscriptions/" + coffer.bootstrap().subscriptionId()
                + "?api-version=2022-12-01");
        String passwordOnly = passwordToken("gina@coffer.test", coffer.bootstrap().managementAudience() + ".default");
        assertThat(coffer.call("GET", subscriptions, passwordOnly, null).status()).isEqualTo(200);

        assertThat(directory.call("PATCH", "policies/cofferTenantPolicy", "{\"requireMfaForManagement\":true}")
                .status()).isEqualTo(204);
        try {
            RunningCoffer.Reply refused = coffer.call("GET", subscriptions, passwordOnly, null);
            assertThat(refused.status()).isEqualTo(401);
            assertThat(refused.errorCode()).isEqualTo("InvalidAuthenticationToken");
            assertThat(refused.text()).contains("AADSTS50076").contains("multi-factor");
            String requestId = refused.headers().firstValue("x-ms-request-id").orElseThrow();
            assertThat(AuditTrail.eventsOf(dataDir, requestId).get(0).get("resultType").asText()).isEqualTo("Denied");

            JsonNode mfa = deviceSignIn("gina@coffer.test", codeAt(seed, 1));
            assertThat(coffer.call("GET", subscriptions, mfa.get("access_token").asText(), null).status())
                    .isEqualTo(200);
            assertThat(coffer.call("GET", subscriptions, coffer.adminManagementToken(), null).status())
                    .as("app-only tokens cannot do MFA and are not subject to it").isEqualTo(200);
            assertThat(coffer.call("GET", coffer.serviceBase() + "/v1.0/me", passwordToken("gina@coffer.test",
                    "https://graph.microsoft.com/.default"), null).status()).as("Graph is not the management plane")
                    .isEqualTo(200);
        } finally {
            directory.call("PATCH", "policies/cofferTenantPolicy", "{\"requireMfaForManagement\":false}");
        }
    }
}
