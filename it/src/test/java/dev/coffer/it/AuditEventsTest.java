package dev.coffer.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.coffer.Coffer;
import dev.coffer.auditlog.AuditReader;
import dev.coffer.directory.IssuedClientSecret;
import dev.coffer.store.PrincipalRow;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Every operation of the API surface yields exactly one audit event with the right fields; no secret value,
 * password or token reaches any log line; {@code coffer audit verify} passes on the real log and names the
 * first bad event in a tampered copy.
 */
class AuditEventsTest {

    @TempDir
    Path dataDir;

    @TempDir
    Path copies;

    /** One row of the table: what was called, and the event it must yield. */
    record Expect(String what, RunningCoffer.Reply reply, String operationName, String resultType, int status) {
    }

    @Test
    void everyOperationYieldsExactlyOneEventWithTheRightFieldsAndNoSecretIsLogged() throws Exception {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream out = System.out;
        PrintStream err = System.err;
        System.setOut(new PrintStream(tee(out, captured), true));
        System.setErr(new PrintStream(tee(err, captured), true));
        String secretValue = "v-" + UUID.randomUUID();
        List<String> used = new ArrayList<>();
        List<Expect> table = new ArrayList<>();
        try (RunningCoffer coffer = RunningCoffer.start(dataDir)) {
            Bootstrap b = coffer.bootstrap();
            String mgmt = coffer.adminManagementToken();
            String token = coffer.token(b.clientId(), b.clientSecret(), "https://vault.azure.net/.default");
            used.addAll(List.of(secretValue, b.clientSecret(), mgmt, token));
            String sub = b.subscriptionId();
            String rg = coffer.arm("/subscriptions/" + sub + "/resourcegroups/audit-rg?api-version=2021-04-01");
            table.add(new Expect("rg put", coffer.call("PUT", rg, mgmt, "{\"location\":\"local\"}"), null, "Success", 201));
            String vaultArm = coffer.arm("/subscriptions/" + sub + "/resourceGroups/audit-rg/providers/Microsoft.KeyVault"
                    + "/vaults/auditev?api-version=2023-07-01");
            table.add(new Expect("vault put", coffer.call("PUT", vaultArm, mgmt, "{\"location\":\"local\",\"properties\":"
                    + "{\"tenantId\":\"" + b.tenantId() + "\",\"sku\":{\"family\":\"A\",\"name\":\"standard\"},"
                    + "\"enableRbacAuthorization\":true}}"), "VaultPut", "Success", 201));
            table.add(new Expect("vault get", coffer.call("GET", vaultArm, mgmt, null), "VaultGet", "Success", 200));
            String v = coffer.vaultUrl("auditev");
            String s = v + "/secrets/db?api-version=7.4";
            table.add(new Expect("set", coffer.call("PUT", s, token, "{\"value\":\"" + secretValue + "\"}"),
                    "SecretSet", "Success", 200));
            table.add(new Expect("get", coffer.call("GET", s, token, null), "SecretGet", "Success", 200));
            table.add(new Expect("get missing", coffer.call("GET", v + "/secrets/nope?api-version=7.4", token, null),
                    "SecretGet", "Failure", 404));
            table.add(new Expect("update", coffer.call("PATCH", s, token, "{\"contentType\":\"text/plain\"}"),
                    "SecretUpdate", "Success", 200));
            table.add(new Expect("list", coffer.call("GET", v + "/secrets?api-version=7.4", token, null),
                    "SecretList", "Success", 200));
            table.add(new Expect("versions", coffer.call("GET", v + "/secrets/db/versions?api-version=7.4", token, null),
                    "SecretListVersions", "Success", 200));
            table.add(new Expect("backup", coffer.call("POST", v + "/secrets/db/backup?api-version=7.4", token, null),
                    "SecretBackup", "Success", 200));
            table.add(new Expect("delete", coffer.call("DELETE", s, token, null), "SecretDelete", "Success", 200));
            table.add(new Expect("get deleted", coffer.call("GET", v + "/deletedsecrets/db?api-version=7.4", token,
                    null), "SecretGetDeleted", "Success", 200));
            table.add(new Expect("list deleted", coffer.call("GET", v + "/deletedsecrets?api-version=7.4", token, null),
                    "SecretListDeleted", "Success", 200));
            table.add(new Expect("recover", coffer.call("POST", v + "/deletedsecrets/db/recover?api-version=7.4", token,
                    null), "SecretRecover", "Success", 200));
            keyOperations(coffer, v, token, table, used);
            table.add(new Expect("no token", coffer.call("GET", s, null, null), "Authentication", "Denied", 401));
            PrincipalRow other = coffer.server().directory().createServicePrincipal(b.tenantId(), "no-role-audit");
            IssuedClientSecret otherSecret = coffer.server().directory().addPassword(other.objectId());
            String otherPassword = otherSecret.secretText().revealUtf8();
            used.add(otherPassword);
            String otherToken = coffer.token(other.appId(), otherPassword, "https://vault.azure.net/.default");
            used.add(otherToken);
            table.add(new Expect("denied", coffer.call("GET", s, otherToken, null), "SecretGet", "Denied", 403));
            table.add(new Expect("sign-in fails", coffer.call("POST", coffer.serviceBase() + "/" + b.tenantId()
                    + "/oauth2/v2.0/token", null, null), "SignIn", "Failure", 400));

            List<AuditReader.LogicalEvent> events = new ArrayList<>();
            AuditReader.scan(dataDir.resolve("audit"), 0, Long.MAX_VALUE, events::add);
            for (Expect e : table) {
                String id = e.reply().headers().firstValue("x-ms-request-id").orElseThrow();
                List<JsonNode> mine = events.stream().<JsonNode>map(AuditReader.LogicalEvent::json)
                        .filter(j -> id.equals(j.path("correlationId").asText())).toList();
                assertThat(mine).as(e.what() + " yields exactly one event").hasSize(1);
                JsonNode j = mine.get(0);
                assertThat(e.reply().status()).as(e.what()).isEqualTo(e.status());
                if (e.operationName() != null) {
                    assertThat(j.get("operationName").asText()).as(e.what()).isEqualTo(e.operationName());
                }
                assertThat(j.get("resultType").asText()).as(e.what()).isEqualTo(e.resultType());
                assertThat(j.at("/properties/httpStatusCode").asInt()).as(e.what()).isEqualTo(e.status());
                assertThat(j.get("category").asText()).isEqualTo("AuditEvent");
                assertThat(j.get("callerIpAddress").asText()).isEqualTo("127.0.0.1");
                assertThat(j.get("time").asText()).isNotEmpty();
                assertThat(j.at("/properties/requestUri").asText()).isNotEmpty();
                assertThat(j.at("/properties/tlsVersion").asText()).as(e.what()).startsWith("TLSv1.");
                assertThat(j.at("/properties/clientInfo").asText()).as(e.what()).contains("Java");
            }
            JsonNode set = events.stream().<JsonNode>map(AuditReader.LogicalEvent::json)
                    .filter(j -> "SecretSet".equals(j.path("operationName").asText())).findFirst().orElseThrow();
            assertThat(set.at("/identity/claim/appid").asText()).isEqualTo(b.clientId());
            assertThat(set.at("/identity/claim/tid").asText()).isEqualTo(b.tenantId());
            assertThat(set.at("/identity/claim/oid").asText()).isNotEmpty();
            assertThat(set.get("resourceId").asText()).containsIgnoringCase("/vaults/auditev/secrets/db");
            assertThat(set.get("operationVersion").asText()).isEqualTo("7.4");
            assertThat(set.at("/properties/authorizationModel").asText()).isEqualTo("rbac");
            assertThat(set.at("/properties/authorizationReason").asText()).contains("role assignment");
            assertThat(set.get("durationMs").isNumber()).isTrue();
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        StringBuilder everything = new StringBuilder(captured.toString(StandardCharsets.UTF_8));
        try (Stream<Path> files = Files.walk(dataDir.resolve("audit"))) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                everything.append(Files.readString(f));
            }
        }
        assertThat(everything).as("audit and log output").isNotEmpty();
        for (String secret : used) {
            assertThat(everything.indexOf(secret)).as("a secret value, password or token in a log line").isEqualTo(-1);
        }

        assertThat(verify("--data-dir", dataDir.toString())).startsWith("0:").contains("OK:");
        Path copy = copies.resolve("audit");
        Files.createDirectories(copy);
        Files.copy(dataDir.resolve("audit/audit.log"), copy.resolve("audit.log"));
        List<String> lines = new ArrayList<>(Files.readAllLines(copy.resolve("audit.log")));
        lines.remove(10);
        Files.write(copy.resolve("audit.log"), lines);
        String tampered = verify("--data-dir", dataDir.toString(), "--audit-dir", copy.toString());
        assertThat(tampered).startsWith("1:").contains("REMOVED: event seq 11");
    }

    /** The keys API in the table: each operation one event; imported private parts and plaintexts never logged. */
    private static void keyOperations(RunningCoffer coffer, String v, String token, List<Expect> table,
                                      List<String> used) throws Exception {
        java.security.KeyPairGenerator g = java.security.KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        java.security.interfaces.RSAPrivateCrtKey rsa =
                (java.security.interfaces.RSAPrivateCrtKey) g.generateKeyPair().getPrivate();
        String d = b64(rsa.getPrivateExponent());
        used.addAll(List.of(d, b64(rsa.getPrimeP()), b64(rsa.getPrimeQ())));
        String jwk = "{\"key\":{\"kty\":\"RSA\",\"key_ops\":[\"encrypt\",\"decrypt\"],\"n\":\""
                + b64(rsa.getModulus()) + "\",\"e\":\"" + b64(rsa.getPublicExponent()) + "\",\"d\":\"" + d
                + "\",\"p\":\"" + b64(rsa.getPrimeP()) + "\",\"q\":\"" + b64(rsa.getPrimeQ()) + "\",\"dp\":\""
                + b64(rsa.getPrimeExponentP()) + "\",\"dq\":\"" + b64(rsa.getPrimeExponentQ()) + "\",\"qi\":\""
                + b64(rsa.getCrtCoefficient()) + "\"}}";
        String api = "?api-version=7.4";
        table.add(new Expect("key import", coffer.call("PUT", v + "/keys/imported" + api, token, jwk), "KeyImport",
                "Success", 200));
        String plaintext = "plain-" + UUID.randomUUID();
        used.add(java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(plaintext.getBytes()));
        RunningCoffer.Reply enc = coffer.call("POST", v + "/keys/imported/encrypt" + api, token,
                "{\"alg\":\"RSA-OAEP-256\",\"value\":\"" + java.util.Base64.getUrlEncoder().withoutPadding()
                        .encodeToString(plaintext.getBytes()) + "\"}");
        table.add(new Expect("key encrypt", enc, "KeyEncrypt", "Success", 200));
        table.add(new Expect("key decrypt", coffer.call("POST", v + "/keys/imported/decrypt" + api, token,
                "{\"alg\":\"RSA-OAEP-256\",\"value\":\"" + enc.json().get("value").asText() + "\"}"), "KeyDecrypt",
                "Success", 200));
        table.add(new Expect("key create", coffer.call("POST", v + "/keys/signer/create" + api, token,
                "{\"kty\":\"EC\",\"crv\":\"P-256\"}"), "KeyCreate", "Success", 200));
        String k = v + "/keys/signer";
        table.add(new Expect("key get", coffer.call("GET", k + api, token, null), "KeyGet", "Success", 200));
        String digest = "47DEQpj8HBSa-_TImW-5JCeuQeRkm5NMpJWZG3hSuFU";
        RunningCoffer.Reply signed = coffer.call("POST", k + "/sign" + api, token,
                "{\"alg\":\"ES256\",\"value\":\"" + digest + "\"}");
        table.add(new Expect("key sign", signed, "KeySign", "Success", 200));
        table.add(new Expect("key verify", coffer.call("POST", k + "/verify" + api, token, "{\"alg\":\"ES256\","
                + "\"digest\":\"" + digest + "\",\"value\":\"" + signed.json().get("value").asText() + "\"}"),
                "KeyVerify", "Success", 200));
        table.add(new Expect("key update", coffer.call("PATCH", k + api, token, "{\"tags\":{\"team\":\"a\"}}"),
                "KeyUpdate", "Success", 200));
        table.add(new Expect("key list", coffer.call("GET", v + "/keys" + api, token, null), "KeyList", "Success",
                200));
        table.add(new Expect("key rotate", coffer.call("POST", k + "/rotate" + api, token, null), "KeyRotate",
                "Success", 200));
        table.add(new Expect("key versions", coffer.call("GET", k + "/versions" + api, token, null),
                "KeyListVersions", "Success", 200));
        table.add(new Expect("rotation policy set", coffer.call("PUT", k + "/rotationpolicy" + api, token,
                "{\"lifetimeActions\":[{\"trigger\":{\"timeBeforeExpiry\":\"P30D\"},\"action\":{\"type\":"
                        + "\"Rotate\"}}],\"attributes\":{\"expiryTime\":\"P90D\"}}"), "KeyRotationPolicySet",
                "Success", 200));
        table.add(new Expect("rotation policy get", coffer.call("GET", k + "/rotationpolicy" + api, token, null),
                "KeyRotationPolicyGet", "Success", 200));
        table.add(new Expect("key backup", coffer.call("POST", k + "/backup" + api, token, null), "KeyBackup",
                "Success", 200));
        table.add(new Expect("key delete", coffer.call("DELETE", k + api, token, null), "KeyDelete", "Success", 200));
        table.add(new Expect("key get deleted", coffer.call("GET", v + "/deletedkeys/signer" + api, token, null),
                "KeyGetDeleted", "Success", 200));
        table.add(new Expect("key list deleted", coffer.call("GET", v + "/deletedkeys" + api, token, null),
                "KeyListDeleted", "Success", 200));
        table.add(new Expect("key recover", coffer.call("POST", v + "/deletedkeys/signer/recover" + api, token, null),
                "KeyRecover", "Success", 200));
    }

    private static String b64(java.math.BigInteger i) {
        byte[] bytes = i.toByteArray();
        if (bytes.length > 1 && bytes[0] == 0) {
            bytes = java.util.Arrays.copyOfRange(bytes, 1, bytes.length);
        }
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String verify(String... args) {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        PrintStream out = System.out;
        System.setOut(new PrintStream(buf, true));
        try {
            String[] all = Stream.concat(Stream.of("audit", "verify"), Stream.of(args)).toArray(String[]::new);
            int code = new CommandLine(new Coffer()).execute(all);
            return code + ":" + buf.toString(StandardCharsets.UTF_8);
        } finally {
            System.setOut(out);
        }
    }

    private static OutputStream tee(OutputStream a, OutputStream b) {
        return new OutputStream() {
            @Override
            public void write(int c) throws java.io.IOException {
                a.write(c);
                synchronized (b) {
                    b.write(c);
                }
            }

            @Override
            public void write(byte[] bytes, int off, int len) throws java.io.IOException {
                a.write(bytes, off, len);
                synchronized (b) {
                    b.write(bytes, off, len);
                }
            }
        };
    }
}
