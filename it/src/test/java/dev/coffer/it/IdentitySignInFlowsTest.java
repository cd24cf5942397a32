package dev.coffer.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jwt.SignedJWT;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Interactive sign-ins on Coffer's own pages: authorization code with PKCE to a loopback or registered redirect
 * URI (single-use, short-lived, verifier checked, replay revokes), and the device code flow with its polling
 * answers. The forms carry CSRF tokens bound to a session cookie.
 */
class IdentitySignInFlowsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PASSWORD = "interactive-password-1";

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
        directory.createUser("dora@coffer.test", PASSWORD);
        app = directory.createApp("console");
        tenant = coffer.bootstrap().tenantId();
    }

    @AfterAll
    static void stop() throws Exception {
        coffer.close();
    }

    record Pkce(String verifier, String challenge) {
        static Pkce make() throws Exception {
            byte[] raw = new byte[32];
            new SecureRandom().nextBytes(raw);
            String verifier = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
            String challenge = Base64.getUrlEncoder().withoutPadding().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
            return new Pkce(verifier, challenge);
        }
    }

    private static String authorizeUrl(String redirect, Pkce pkce, String state) {
        return "/" + tenant + "/oauth2/v2.0/authorize?client_id=" + app.appId() + "&response_type=code"
                + "&redirect_uri=" + Browser.enc(redirect) + "&scope=" + Browser.enc("https://vault.azure.net/.default "
                + "openid offline_access") + "&state=" + Browser.enc(state) + "&code_challenge=" + pkce.challenge()
                + "&code_challenge_method=S256&nonce=n-1";
    }

    /** Signs dora in through the page; returns the redirect's query (code, state). */
    private static Map<String, String> signInForCode(String redirect, Pkce pkce, String state) throws Exception {
        Browser browser = new Browser(coffer);
        HttpResponse<String> page = browser.get(authorizeUrl(redirect, pkce, state));
        assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(
                csp -> assertThat(csp).contains("default-src 'none'"));
        assertThat(page.body()).contains("console").doesNotContain("<script");
        HttpResponse<String> done = browser.post("/" + tenant + "/oauth2/v2.0/authorize",
                Map.of("step", "password", "username", "dora@coffer.test", "password", PASSWORD));
        assertThat(done.statusCode()).as(done.body()).isEqualTo(302);
        String location = done.headers().firstValue("Location").orElseThrow();
        assertThat(location).startsWith(redirect + "?code=");
        return Browser.query(location);
    }

    private static HttpResponse<String> token(String form) throws Exception {
        return coffer.http().send(HttpRequest.newBuilder(URI.create(coffer.serviceBase() + "/" + tenant
                        + "/oauth2/v2.0/token")).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String codeForm(String code, String redirect, String verifier) {
        return "grant_type=authorization_code&client_id=" + app.appId() + "&code=" + Browser.enc(code)
                + "&redirect_uri=" + Browser.enc(redirect) + "&code_verifier=" + verifier;
    }

    @Test
    void authorizationCodeWithPkceToALoopbackRedirect() throws Exception {
        String redirect = "http://127.0.0.1:43117/callback";
        Pkce pkce = Pkce.make();
        Map<String, String> reply = signInForCode(redirect, pkce, "state-<&>\"");
        assertThat(reply.get("state")).isEqualTo("state-<&>\"");
        HttpResponse<String> r = token(codeForm(reply.get("code"), redirect, pkce.verifier()));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode tokens = JSON.readTree(r.body());
        var claims = SignedJWT.parse(tokens.get("access_token").asText()).getJWTClaimsSet();
        assertThat(claims.getStringListClaim("amr")).containsExactly("pwd");
        assertThat(claims.getStringClaim("upn")).isEqualTo("dora@coffer.test");
        assertThat(claims.getAudience()).containsExactly("https://vault.azure.net");
        assertThat(SignedJWT.parse(tokens.get("id_token").asText()).getJWTClaimsSet().getStringClaim("nonce"))
                .isEqualTo("n-1");
        String refresh = tokens.get("refresh_token").asText();

        // A replayed code is refused and what the first redemption gave is revoked.
        HttpResponse<String> replay = token(codeForm(reply.get("code"), redirect, pkce.verifier()));
        assertThat(replay.statusCode()).isEqualTo(400);
        assertThat(replay.body()).contains("invalid_grant").contains("AADSTS54005");
        assertThat(token("grant_type=refresh_token&client_id=" + app.appId() + "&refresh_token=" + refresh)
                .statusCode()).isEqualTo(400);
    }

    /** MSAL4J's interactive flow (auth code + PKCE, loopback redirect) with this page as the "system browser". */
    @Test
    void msalInteractiveFlowSignsInThroughThePage() throws Exception {
        java.util.concurrent.atomic.AtomicReference<Throwable> pageFailure = new java.util.concurrent.atomic.AtomicReference<>();
        java.util.concurrent.atomic.AtomicReference<String> seenUrl = new java.util.concurrent.atomic.AtomicReference<>();
        com.microsoft.aad.msal4j.PublicClientApplication msal = com.microsoft.aad.msal4j.PublicClientApplication
                .builder(app.appId()).authority(coffer.serviceBase() + "/" + tenant + "/").instanceDiscovery(false)
                .sslSocketFactory(coffer.sslContext().getSocketFactory()).build();
        com.microsoft.aad.msal4j.SystemBrowserOptions browserOptions = com.microsoft.aad.msal4j.SystemBrowserOptions
                .builder().openBrowserAction(url -> Thread.ofVirtual().start(() -> {
                    try {
                        seenUrl.set(url.toString());
                        Browser person = new Browser(coffer);
                        String relative = url.getPath() + "?" + url.getQuery();
                        assertThat(person.get(relative).statusCode()).isEqualTo(200);
                        HttpResponse<String> done = person.post(url.getPath(), Map.of("step", "password",
                                "username", "dora@coffer.test", "password", PASSWORD));
                        // MSAL4J asks for response_mode=form_post: the page posts code and state to its listener.
                        assertThat(done.statusCode()).as(done.body()).isEqualTo(200);
                        assertThat(done.headers().firstValue("Content-Security-Policy").orElseThrow())
                                .contains("script-src 'sha256-");
                        var action = java.util.regex.Pattern.compile("action=\"([^\"]+)\"").matcher(done.body());
                        var code = java.util.regex.Pattern.compile("name=\"code\" value=\"([^\"]+)\"")
                                .matcher(done.body());
                        var state = java.util.regex.Pattern.compile("name=\"state\" value=\"([^\"]+)\"")
                                .matcher(done.body());
                        assertThat(action.find() && code.find() && state.find()).isTrue();
                        java.net.http.HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                                action.group(1).replace("&amp;", "&"))).header("Content-Type",
                                "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(
                                "code=" + Browser.enc(code.group(1)) + "&state=" + Browser.enc(state.group(1))))
                                .build(), HttpResponse.BodyHandlers.discarding());
                    } catch (Throwable t) {
                        pageFailure.set(t);
                    }
                })).build();
        var pending = msal.acquireToken(
                com.microsoft.aad.msal4j.InteractiveRequestParameters.builder(URI.create("http://localhost"))
                        .scopes(java.util.Set.of("https://vault.azure.net/.default"))
                        .systemBrowserOptions(browserOptions).build());
        com.microsoft.aad.msal4j.IAuthenticationResult result;
        try {
            result = pending.get(60, java.util.concurrent.TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("MSAL did not finish; page: " + pageFailure.get() + " url: " + seenUrl.get(),
                    pageFailure.get());
        }
        assertThat(pageFailure.get()).isNull();
        assertThat(seenUrl.get()).contains("code_challenge_method=S256");
        assertThat(result.account().username()).isEqualTo("dora@coffer.test");
        assertThat(SignedJWT.parse(result.accessToken()).getJWTClaimsSet().getAudience())
                .containsExactly("https://vault.azure.net");
    }

    @Test
    void pkceVerifierRedirectAndClientMustMatch() throws Exception {
        String redirect = "http://localhost:50001/";
        Pkce pkce = Pkce.make();
        Map<String, String> reply = signInForCode(redirect, pkce, "s");
        HttpResponse<String> wrongVerifier = token(codeForm(reply.get("code"), redirect, Pkce.make().verifier()));
        assertThat(wrongVerifier.statusCode()).isEqualTo(400);
        assertThat(wrongVerifier.body()).contains("invalid_grant").contains("AADSTS501481")
                .doesNotContain(reply.get("code"));
        assertThat(token(codeForm(reply.get("code"), redirect, pkce.verifier())).body())
                .as("a code is single-use, even after a failed redemption").contains("AADSTS54005");

        Map<String, String> second = signInForCode(redirect, pkce, "s");
        assertThat(token(codeForm(second.get("code"), "http://localhost:50002/", pkce.verifier())).body())
                .contains("AADSTS500117");
        Map<String, String> third = signInForCode(redirect, pkce, "s");
        assertThat(token("grant_type=authorization_code&client_id=" + coffer.bootstrap().clientId() + "&code="
                + Browser.enc(third.get("code")) + "&redirect_uri=" + Browser.enc(redirect) + "&code_verifier="
                + pkce.verifier()).body()).contains("invalid_grant");
    }

    @Test
    void redirectUrisMustBeRegisteredOrLoopback() throws Exception {
        assertThat(directory.call("PATCH", "applications/" + app.appObjectId(),
                "{\"web\":{\"redirectUris\":[\"https://console.example/signin\"]}}").status()).isEqualTo(204);
        Pkce pkce = Pkce.make();
        Map<String, String> reply = signInForCode("https://console.example/signin", pkce, "x");
        assertThat(token(codeForm(reply.get("code"), "https://console.example/signin", pkce.verifier())).statusCode())
                .isEqualTo(200);
        Browser browser = new Browser(coffer);
        HttpResponse<String> evil = browser.get(authorizeUrl("https://evil.example/steal", pkce, "x"));
        assertThat(evil.statusCode()).isEqualTo(400);
        assertThat(evil.headers().firstValue("Location")).isEmpty();
        assertThat(evil.body()).contains("AADSTS50011");
        HttpResponse<String> noPkce = browser.get("/" + tenant + "/oauth2/v2.0/authorize?client_id=" + app.appId()
                + "&response_type=code&redirect_uri=" + Browser.enc("http://localhost:1/") + "&scope=openid");
        assertThat(noPkce.statusCode()).isEqualTo(400);
        assertThat(noPkce.body()).contains("code_challenge");
        assertThat(directory.call("PATCH", "applications/" + app.appObjectId(),
                "{\"web\":{\"redirectUris\":[\"http://console.example/plain-http\"]}}").status()).isEqualTo(400);
    }

    @Test
    void formPostsNeedTheSessionCookieAndItsCsrfToken() throws Exception {
        Browser browser = new Browser(coffer);
        assertThat(browser.get(authorizeUrl("http://127.0.0.1:9/", Pkce.make(), "s")).statusCode()).isEqualTo(200);
        Map<String, String> creds = Map.of("step", "password", "username", "dora@coffer.test", "password", PASSWORD);
        HttpResponse<String> noCsrf = browser.post("/" + tenant + "/oauth2/v2.0/authorize", creds, false);
        assertThat(noCsrf.statusCode()).isEqualTo(400);
        assertThat(noCsrf.headers().firstValue("Location")).isEmpty();
        HttpResponse<String> forgedCsrf = browser.post("/" + tenant + "/oauth2/v2.0/authorize",
                Map.of("step", "password", "username", "dora@coffer.test", "password", PASSWORD, "csrf", "forged"),
                false);
        assertThat(forgedCsrf.statusCode()).isEqualTo(400);
        browser.forgetCookie();
        assertThat(browser.post("/" + tenant + "/oauth2/v2.0/authorize", creds).statusCode()).isEqualTo(400);
        String audit = AuditTrail.text(dataDir);
        assertThat(audit).contains("CSRF").doesNotContain(PASSWORD);
    }

    @Test
    void wrongPasswordOnThePageIsRefusedWithoutSayingWhy() throws Exception {
        Browser browser = new Browser(coffer);
        browser.get(authorizeUrl("http://127.0.0.1:9/", Pkce.make(), "s"));
        HttpResponse<String> wrong = browser.post("/" + tenant + "/oauth2/v2.0/authorize",
                Map.of("step", "password", "username", "dora@coffer.test", "password", "not-the-password"));
        HttpResponse<String> nobody = browser.post("/" + tenant + "/oauth2/v2.0/authorize",
                Map.of("step", "password", "username", "nobody@coffer.test", "password", "not-the-password"));
        assertThat(wrong.statusCode()).isEqualTo(400);
        assertThat(nobody.statusCode()).isEqualTo(400);
        assertThat(wrong.body()).contains("invalid username or password").doesNotContain("not-the-password");
        assertThat(nobody.body().replace(browserCsrf(nobody.body()), ""))
                .isEqualTo(wrong.body().replace(browserCsrf(wrong.body()), ""));
    }

    private static String browserCsrf(String html) {
        var m = java.util.regex.Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"").matcher(html);
        return m.find() ? m.group(1) : "";
    }

    // ---- device code

    @Test
    void azureIdentityDeviceCodeCredentialSignsInThroughThePage() throws Exception {
        coffer.createVault(coffer.adminManagementToken(), "rg-dc", "dcvault", true, false);
        String scope = "/subscriptions/" + coffer.bootstrap().subscriptionId()
                + "/resourceGroups/rg-dc/providers/Microsoft.KeyVault/vaults/dcvault";
        JsonNode user = directory.createUser("dev@coffer.test", PASSWORD);
        Directory.assign(coffer, scope, "b86a8fe4-44ce-4948-aee5-eccb2c155cd7", user.get("id").asText(), "User");
        java.util.concurrent.atomic.AtomicReference<Throwable> pageFailure = new java.util.concurrent.atomic.AtomicReference<>();
        var credential = new com.azure.identity.DeviceCodeCredentialBuilder().tenantId(tenant).clientId(app.appId())
                .authorityHost(coffer.serviceBase() + "/").disableInstanceDiscovery()
                .httpClient(coffer.azureHttpClient())
                .challengeConsumer(info -> Thread.ofVirtual().start(() -> {
                    try {
                        assertThat(info.getVerificationUrl()).endsWith("/devicelogin");
                        Browser person = new Browser(coffer);
                        person.get("/devicelogin");
                        HttpResponse<String> done = person.post("/devicelogin", Map.of("user_code", info.getUserCode(),
                                "username", "dev@coffer.test", "password", PASSWORD));
                        assertThat(done.statusCode()).isEqualTo(200);
                    } catch (Throwable t) {
                        pageFailure.set(t);
                    }
                })).build();
        var client = new com.azure.security.keyvault.secrets.SecretClientBuilder().vaultUrl(coffer.vaultUrl("dcvault"))
                .credential(credential).httpClient(coffer.azureHttpClient()).buildClient();
        client.setSecret("from-device", "signed-in-on-another-device");
        assertThat(pageFailure.get()).isNull();
        assertThat(client.getSecret("from-device").getValue()).isEqualTo("signed-in-on-another-device");
    }

    private static JsonNode startDevice(String base) throws Exception {
        HttpResponse<String> r = coffer.http().send(HttpRequest.newBuilder(URI.create(coffer.serviceBase() + base))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(
                        "client_id=" + app.appId() + "&scope=" + Browser.enc("https://vault.azure.net/.default openid "
                                + "offline_access"))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private static HttpResponse<String> poll(JsonNode started) throws Exception {
        return token("grant_type=urn:ietf:params:oauth:grant-type:device_code&client_id=" + app.appId()
                + "&device_code=" + Browser.enc(started.get("device_code").asText()));
    }

    private static String error(HttpResponse<String> r) throws Exception {
        return JSON.readTree(r.body()).path("error").asText();
    }

    @Test
    void deviceCodeFlowFromPollingToTokens() throws Exception {
        JsonNode started = startDevice("/" + tenant + "/oauth2/v2.0/devicecode");
        String userCode = started.get("user_code").asText();
        assertThat(started.get("verification_uri").asText()).isEqualTo(coffer.serviceBase() + "/devicelogin");
        assertThat(started.get("message").asText()).contains(userCode).contains("/devicelogin");
        assertThat(started.get("interval").asInt()).isEqualTo(5);
        assertThat(error(poll(started))).isEqualTo("authorization_pending");
        assertThat(error(poll(started))).isEqualTo("slow_down");

        Browser browser = new Browser(coffer);
        HttpResponse<String> page = browser.get("/devicelogin");
        assertThat(page.statusCode()).isEqualTo(200);
        HttpResponse<String> badCode = browser.post("/devicelogin", Map.of("user_code", "BBBBBBBB", "username",
                "dora@coffer.test", "password", PASSWORD));
        assertThat(badCode.statusCode()).isEqualTo(400);
        HttpResponse<String> done = browser.post("/devicelogin", Map.of("user_code",
                userCode.substring(0, 4).toLowerCase() + "-" + userCode.substring(4), "username", "dora@coffer.test",
                "password", PASSWORD));
        assertThat(done.statusCode()).as(done.body()).isEqualTo(200);
        assertThat(done.body()).contains("You have signed in to console");

        Thread.sleep(10_500);
        HttpResponse<String> tokens = poll(started);
        assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
        JsonNode body = JSON.readTree(tokens.body());
        assertThat(body.get("refresh_token").asText()).isNotBlank();
        assertThat(body.get("id_token").asText()).isNotBlank();
        assertThat(SignedJWT.parse(body.get("access_token").asText()).getJWTClaimsSet().getStringClaim("upn"))
                .isEqualTo("dora@coffer.test");
        assertThat(error(poll(started))).as("redeemed once").isEqualTo("bad_verification_code");
    }

    @Test
    void deviceCodeDeclinedAndAdfsTwin() throws Exception {
        JsonNode started = startDevice("/adfs/oauth2/devicecode");
        Browser browser = new Browser(coffer);
        browser.get("/devicelogin");
        HttpResponse<String> declined = browser.post("/devicelogin", Map.of("user_code",
                started.get("user_code").asText(), "decline", "yes"));
        assertThat(declined.body()).contains("declined");
        assertThat(error(poll(started))).isEqualTo("authorization_declined");
        HttpResponse<String> unknown = token("grant_type=urn:ietf:params:oauth:grant-type:device_code&client_id="
                + app.appId() + "&device_code=cdc.made-up");
        assertThat(error(unknown)).isEqualTo("bad_verification_code");
        List<String> grants = List.of();
        JsonNode config = JSON.readTree(coffer.http().send(HttpRequest.newBuilder(URI.create(coffer.serviceBase()
                + "/" + tenant + "/v2.0/.well-known/openid-configuration")).build(),
                HttpResponse.BodyHandlers.ofString()).body());
        assertThat(config.get("grant_types_supported").toString()).contains("device_code")
                .contains("authorization_code");
        assertThat(config.get("device_authorization_endpoint").asText()).endsWith("/oauth2/v2.0/devicecode");
        assertThat(grants).isEmpty();
    }
}
