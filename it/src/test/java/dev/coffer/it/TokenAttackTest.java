package dev.coffer.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import dev.coffer.directory.IssuedClientSecret;
import dev.coffer.store.PrincipalRow;
import dev.coffer.store.TenantRow;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bearer-token and client-assertion attacks beyond {@code SecurityAndBadInputTest}'s (alg none, foreign key,
 * expiry, other plane's audience): each is refused with Azure's or OAuth2's error, recorded in the audit log as
 * a denied authentication or failed sign-in, and neither the response nor the log repeats the token.
 * Claim-level vectors are signed with Coffer's real signing key, so only the claim check can stop them.
 */
class TokenAttackTest {

    @TempDir
    static Path dataDir;

    static RunningCoffer coffer;
    static String vaultToken;
    static JWTClaimsSet genuine;
    static RSAKey signingKey;

    @BeforeAll
    static void start() throws Exception {
        coffer = RunningCoffer.start(dataDir);
        coffer.createVault(coffer.adminManagementToken(), "rg-attack", "attackvault", true, false);
        Bootstrap b = coffer.bootstrap();
        vaultToken = coffer.token(b.clientId(), b.clientSecret(), "https://vault.azure.net/.default");
        genuine = SignedJWT.parse(vaultToken).getJWTClaimsSet();
        signingKey = coffer.server().signingKeys().activeKey();
    }

    @AfterAll
    static void stop() throws Exception {
        coffer.close();
    }

    // ---- signature and header attacks

    @Test
    void hs256SignedWithTheRsaPublicKeyIsRefused() throws Exception {
        RSAKey publicKey = signingKey.toPublicJWK();
        List<byte[]> macKeys = List.of(publicKey.toRSAPublicKey().getEncoded(),
                publicKey.toJSONString().getBytes(StandardCharsets.UTF_8),
                publicKey.getModulus().decode(),
                ("-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder().encodeToString(
                        publicKey.toRSAPublicKey().getEncoded()) + "\n-----END PUBLIC KEY-----\n")
                        .getBytes(StandardCharsets.US_ASCII));
        for (byte[] macKey : macKeys) {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).type(JOSEObjectType.JWT)
                    .keyID(signingKey.getKeyID()).build(), genuine);
            jwt.sign(new MACSigner(macKey));
            refusedOnDataPlane(jwt.serialize(), "AKV10046");
        }
    }

    @Test
    void unknownOrHostileKidIsRefused() throws Exception {
        for (String kid : List.of("unknown-kid", "../../../../dev/null", "' OR 1=1 --", "k".repeat(8_000), "")) {
            refusedOnDataPlane(signed(new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT).keyID(kid)
                    .build(), genuine, signingKey), "AKV10046");
        }
    }

    @Test
    void keysNamedByTheTokenAreNeverFetched() throws Exception {
        AtomicInteger fetches = new AtomicInteger();
        HttpServer attacker = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        attacker.createContext("/", exchange -> {
            fetches.incrementAndGet();
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
        });
        attacker.start();
        try {
            RSAKey evil = new RSAKeyGenerator(2048).keyID(signingKey.getKeyID()).generate();
            URI at = URI.create("http://127.0.0.1:" + attacker.getAddress().getPort() + "/keys");
            JWSHeader jku = new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT)
                    .keyID(signingKey.getKeyID()).jwkURL(at).build();
            JWSHeader x5u = new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT)
                    .keyID(signingKey.getKeyID()).x509CertURL(at).build();
            JWSHeader embedded = new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT)
                    .keyID(signingKey.getKeyID()).jwk(evil.toPublicJWK()).build();
            for (JWSHeader header : List.of(jku, x5u, embedded)) {
                refusedOnDataPlane(signed(header, genuine, evil), "AKV10046");
            }
            assertThat(fetches.get()).as("connections to the jku/x5u URL").isZero();
        } finally {
            attacker.stop(0);
        }
    }

    @Test
    void tamperedPayloadOrHeaderIsRefused() throws Exception {
        String[] parts = vaultToken.split("\\.");
        PrincipalRow other = coffer.server().directory().createServicePrincipal(coffer.bootstrap().tenantId(), "victim");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace(genuine.getStringClaim("oid"), other.objectId());
        String swapped = parts[0] + "." + b64(payload) + "." + parts[2];
        refusedOnDataPlane(swapped, "AKV10046");
        String header = b64("{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"" + signingKey.getKeyID() + "\",\"x\":1}");
        refusedOnDataPlane(header + "." + parts[1] + "." + parts[2], "AKV10046");
        refusedOnDataPlane(parts[0] + "." + parts[1] + "." + parts[2] + "." + parts[2] + "." + parts[2], "AKV10000");
        refusedOnDataPlane(parts[0] + "." + parts[1], "AKV10000");
    }

    @Test
    void headerSemanticsAreEnforced() throws Exception {
        refusedOnDataPlane(signed(new JWSHeader.Builder(JWSAlgorithm.RS256).type(new JOSEObjectType("at+jwt"))
                .keyID(signingKey.getKeyID()).build(), genuine, signingKey), "AKV10046");
        refusedOnDataPlane(signed(new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT)
                .keyID(signingKey.getKeyID()).criticalParams(java.util.Set.of("exp-policy"))
                .customParam("exp-policy", "lax").build(), genuine, signingKey), "AKV10046");
    }

    // ---- claim attacks, signed with Coffer's own key

    @Test
    void notYetValidAndImplausibleTimesAreRefused() throws Exception {
        long now = System.currentTimeMillis();
        refusedOnDataPlane(ours(new JWTClaimsSet.Builder(genuine).notBeforeTime(new Date(now + 3_600_000)).build()),
                "AKV10021");
        refusedOnDataPlane(ours(new JWTClaimsSet.Builder(genuine).issueTime(new Date(now + 3_600_000)).build()),
                "AKV10021");
        refusedOnDataPlane(ours(new JWTClaimsSet.Builder(genuine).expirationTime(new Date(now + 30L * 86_400_000))
                .build()), "AKV10021");
        refusedOnDataPlane(ours(new JWTClaimsSet.Builder(genuine).expirationTime(null).build()), "AKV10021");
        refusedOnDataPlane(ours(new JWTClaimsSet.Builder(genuine).issueTime(null).build()), "AKV10021");
    }

    @Test
    void wrongAudienceIsRefused() throws Exception {
        refusedOnDataPlane(ours(new JWTClaimsSet.Builder(genuine).audience("https://evil.example").build()), "AKV10022");
        refusedOnDataPlane(ours(new JWTClaimsSet.Builder(genuine).audience(List.of("https://vault.azure.net",
                "https://evil.example")).build()), "AKV10022");
        refusedOnDataPlane(ours(new JWTClaimsSet.Builder(genuine).audience("https://vault.azure.net.evil.example")
                .build()), "AKV10022");
    }

    @Test
    void wrongIssuerIsRefused() throws Exception {
        String tid = coffer.bootstrap().tenantId();
        for (String issuer : List.of("https://sts.windows.net/" + tid + "/", "https://evil.example/" + tid + "/v2.0",
                coffer.serviceBase() + "/" + tid + "/v2.0/", coffer.serviceBase() + "/" + tid)) {
            refusedOnDataPlane(ours(new JWTClaimsSet.Builder(genuine).issuer(issuer).build()), "AKV10032");
        }
    }

    @Test
    void tokensOfAnotherTenantAreRefused() throws Exception {
        TenantRow other = coffer.server().directory().createTenant("Other tenant");
        PrincipalRow sp = coffer.server().directory().createServicePrincipal(other.tenantId(), "other-tenant-app");
        IssuedClientSecret secret = coffer.server().directory().addPassword(sp.objectId());
        HttpResponse<String> r = post("/" + other.tenantId() + "/oauth2/v2.0/token", "grant_type=client_credentials"
                + "&client_id=" + sp.appId() + "&client_secret=" + RunningCoffer.enc(secret.secretText().revealUtf8())
                + "&scope=" + RunningCoffer.enc("https://vault.azure.net/.default"));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        String foreign = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.body()).get("access_token").asText();
        refusedOnDataPlane(foreign, "AKV10032");
        // The home tenant's issuer with the other tenant's id, and the other way round.
        refusedOnDataPlane(ours(new JWTClaimsSet.Builder(genuine).claim("tid", other.tenantId()).build()), "AKV10032");
        refusedOnDataPlane(ours(new JWTClaimsSet.Builder(genuine).issuer(coffer.serviceBase() + "/" + other.tenantId()
                + "/v2.0").build()), "AKV10032");
        // A client secret of tenant B does not sign in to tenant A.
        HttpResponse<String> cross = post("/" + coffer.bootstrap().tenantId() + "/oauth2/v2.0/token",
                "grant_type=client_credentials&client_id=" + sp.appId() + "&client_secret="
                        + RunningCoffer.enc(secret.secretText().revealUtf8()) + "&scope="
                        + RunningCoffer.enc("https://vault.azure.net/.default"));
        assertThat(cross.statusCode()).isEqualTo(401);
        assertThat(cross.body()).contains("invalid_client").doesNotContain(secret.secretText().revealUtf8());
    }

    @Test
    void oversizedTokensAreRefusedWithoutAServerError() throws Exception {
        String big = vaultToken.split("\\.")[0] + "." + "A".repeat(17 * 1024) + "." + vaultToken.split("\\.")[2];
        refusedOnDataPlane(big, "AKV10001");
        RunningCoffer.Reply huge = coffer.call("GET", coffer.vaultUrl("attackvault") + "/secrets?api-version=7.4",
                "A".repeat(64 * 1024), null);
        assertThat(huge.status()).isEqualTo(431);
    }

    // ---- client assertions (RFC 7523) at the token endpoint

    @Test
    void clientAssertionWithWrongAudienceOrReusedJtiIsRefused() throws Exception {
        Directory directory = new Directory(coffer);
        Directory.App app = directory.createApp("assertion-app");
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair pair = generator.generateKeyPair();
        X509Certificate cert = new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(
                new X500Name("CN=assertion-app"), BigInteger.ONE, new Date(System.currentTimeMillis() - 60_000),
                new Date(System.currentTimeMillis() + 86_400_000L), new X500Name("CN=assertion-app"), pair.getPublic())
                .build(new JcaContentSignerBuilder("SHA256withRSA").build(pair.getPrivate())));
        assertThat(directory.call("PATCH", "applications/" + app.appObjectId(), "{\"keyCredentials\":[{\"type\":"
                + "\"AsymmetricX509Cert\",\"usage\":\"Verify\",\"key\":\"" + Base64.getEncoder().encodeToString(
                cert.getEncoded()) + "\"}]}").status()).isEqualTo(204);
        String tokenPath = "/" + coffer.bootstrap().tenantId() + "/oauth2/v2.0/token";
        RSAKey key = new RSAKey.Builder((java.security.interfaces.RSAPublicKey) pair.getPublic())
                .privateKey(pair.getPrivate()).build();
        Base64URL thumbprint = Base64URL.encode(MessageDigest.getInstance("SHA-256").digest(cert.getEncoded()));

        String wrongAudience = assertion(key, thumbprint, app.appId(), "https://evil.example/token", UUID.randomUUID());
        HttpResponse<String> r1 = post(tokenPath, assertionForm(app.appId(), wrongAudience));
        refusedSignIn(r1, 401, "invalid_client", "AADSTS700212", wrongAudience);

        String good = assertion(key, thumbprint, app.appId(), coffer.serviceBase() + tokenPath, UUID.randomUUID());
        assertThat(post(tokenPath, assertionForm(app.appId(), good)).statusCode()).isEqualTo(200);
        HttpResponse<String> replay = post(tokenPath, assertionForm(app.appId(), good));
        refusedSignIn(replay, 401, "invalid_client", "AADSTS700025", good);

        String otherAppsAssertion = assertion(key, thumbprint, coffer.bootstrap().clientId(),
                coffer.serviceBase() + tokenPath, UUID.randomUUID());
        refusedSignIn(post(tokenPath, assertionForm(coffer.bootstrap().clientId(), otherAppsAssertion)), 401,
                "invalid_client", "AADSTS700027", otherAppsAssertion);
    }

    // ---- helpers

    private static String assertion(RSAKey key, Base64URL thumbprint, String clientId, String audience, UUID jti)
            throws Exception {
        long now = System.currentTimeMillis();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT)
                .x509CertSHA256Thumbprint(thumbprint).build(), new JWTClaimsSet.Builder().audience(audience)
                .issuer(clientId).subject(clientId).jwtID(jti.toString()).notBeforeTime(new Date(now - 1000))
                .expirationTime(new Date(now + 600_000)).build());
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    private static String assertionForm(String clientId, String assertion) {
        return "grant_type=client_credentials&client_id=" + clientId
                + "&client_assertion_type=urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer"
                + "&client_assertion=" + assertion + "&scope=" + RunningCoffer.enc("https://vault.azure.net/.default");
    }

    private static void refusedSignIn(HttpResponse<String> r, int status, String error, String aadCode,
                                      String credential) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        JsonNode body = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.body());
        assertThat(body.get("error").asText()).isEqualTo(error);
        assertThat(body.get("error_description").asText()).contains(aadCode);
        assertThat(r.body()).doesNotContain(credential).doesNotContain("Exception");
        String requestId = r.headers().firstValue("x-ms-request-id").orElseThrow();
        List<JsonNode> events = AuditTrail.eventsOf(dataDir, requestId);
        assertThat(events).hasSize(1);
        assertThat(events.get(0).get("operationName").asText()).isEqualTo("SignIn");
        assertThat(events.get(0).get("resultType").asText()).isEqualTo("Failure");
        assertThat(AuditTrail.text(dataDir)).doesNotContain(credential);
    }

    private static HttpResponse<String> post(String path, String form) throws Exception {
        return coffer.http().send(HttpRequest.newBuilder(URI.create(coffer.serviceBase() + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Sends the token to the vault: 401 with the challenge, the expected AKV code, audited, not echoed. */
    private static void refusedOnDataPlane(String token, String akvCode) throws Exception {
        RunningCoffer.Reply r = coffer.call("GET", coffer.vaultUrl("attackvault") + "/secrets?api-version=7.4", token,
                null);
        assertThat(r.status()).as(r.text()).isEqualTo(401);
        assertThat(r.headers().firstValue("WWW-Authenticate")).isPresent();
        assertThat(r.errorCode()).isEqualTo("Unauthorized");
        assertThat(r.json().get("error").get("message").asText()).startsWith(akvCode);
        assertThat(r.text()).doesNotContain(token).doesNotContain("Exception").doesNotContain("at dev.coffer");
        assertThat(r.text().length()).isLessThan(1024);
        String requestId = r.headers().firstValue("x-ms-request-id").orElseThrow();
        List<JsonNode> events = AuditTrail.eventsOf(dataDir, requestId);
        assertThat(events).hasSize(1);
        assertThat(events.get(0).get("operationName").asText()).isEqualTo("Authentication");
        assertThat(events.get(0).get("resultType").asText()).isEqualTo("Denied");
        assertThat(events.get(0).toString()).doesNotContain(token);
    }

    private static String ours(JWTClaimsSet claims) throws Exception {
        return signed(new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT).keyID(signingKey.getKeyID())
                .build(), claims, signingKey);
    }

    private static String signed(JWSHeader header, JWTClaimsSet claims, RSAKey key) throws Exception {
        SignedJWT jwt = new SignedJWT(header, claims);
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    private static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
