package dev.coffer.it;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.http.netty.NettyAsyncHttpClientBuilder;
import com.azure.identity.ClientSecretCredentialBuilder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coffer.server.CofferServer;
import dev.coffer.server.ServerConfig;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A Coffer server started in this JVM the way {@code coffer server} starts it (random port, fresh data dir),
 * with clients that trust its local CA: the Azure SDK's HTTP client and the JDK's.
 */
public final class RunningCoffer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final CofferServer server;
    private final Bootstrap bootstrap;
    private final SSLContext ssl;
    private final java.net.http.HttpClient http;
    private final HttpClient azureHttp;

    private RunningCoffer(CofferServer server) throws Exception {
        this.server = server;
        this.bootstrap = Bootstrap.read(server.dataDir().resolve("bootstrap.json"));
        X509Certificate ca;
        try (InputStream in = Files.newInputStream(bootstrap.caCertificatePath())) {
            ca = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("coffer-ca", ca);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        this.ssl = SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);
        this.http = java.net.http.HttpClient.newBuilder().sslContext(ssl).connectTimeout(Duration.ofSeconds(10)).build();
        var nettySsl = SslContextBuilder.forClient().trustManager(ca).build();
        this.azureHttp = new NettyAsyncHttpClientBuilder(reactor.netty.http.client.HttpClient.create()
                .secure(spec -> spec.sslContext(nettySsl))).build();
    }

    public static RunningCoffer start(Path dataDir) throws Exception {
        return new RunningCoffer(CofferServer.start(ServerConfig.defaults(dataDir).withPort(0)));
    }

    /** A server with a configuration of the test's own (e.g. bound to {@code ::} or with extra listeners). */
    public static RunningCoffer start(ServerConfig config) throws Exception {
        return new RunningCoffer(CofferServer.start(config));
    }

    /** A server with audit copies and a metrics listener configured by the test. */
    public static RunningCoffer start(Path dataDir, dev.coffer.observability.ObservabilityConfig observe)
            throws Exception {
        return new RunningCoffer(CofferServer.start(ServerConfig.defaults(dataDir).withPort(0), observe));
    }

    /** A server with a configuration and observability of the test's own (e.g. short job periods). */
    public static RunningCoffer start(ServerConfig config, dev.coffer.observability.ObservabilityConfig observe)
            throws Exception {
        return new RunningCoffer(CofferServer.start(config, observe));
    }

    public CofferServer server() {
        return server;
    }

    public Bootstrap bootstrap() {
        return bootstrap;
    }

    public int port() {
        return server.port();
    }

    public HttpClient azureHttpClient() {
        return azureHttp;
    }

    public java.net.http.HttpClient http() {
        return http;
    }

    public SSLContext sslContext() {
        return ssl;
    }

    public String vaultUrl(String vault) {
        return "https://" + vault + "." + bootstrap.vaultDnsSuffix() + ":" + port();
    }

    public TokenCredential credential(String clientId, String clientSecret) {
        return new ClientSecretCredentialBuilder().tenantId(bootstrap.tenantId()).clientId(clientId)
                .clientSecret(clientSecret).authorityHost(serviceBase() + "/").disableInstanceDiscovery()
                .httpClient(azureHttp).build();
    }

    public TokenCredential adminCredential() {
        return credential(bootstrap.clientId(), bootstrap.clientSecret());
    }

    /** A token from the token service by the client-credentials grant, as any OAuth2 client gets one. */
    public String token(String clientId, String clientSecret, String scope) throws Exception {
        String form = "grant_type=client_credentials&client_id=" + enc(clientId) + "&client_secret=" + enc(clientSecret)
                + "&scope=" + enc(scope);
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(serviceBase()
                        + "/" + bootstrap.tenantId() + "/oauth2/v2.0/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("token request failed: " + r.statusCode() + " " + r.body());
        }
        return JSON.readTree(r.body()).get("access_token").asText();
    }

    public String adminManagementToken() throws Exception {
        return token(bootstrap.clientId(), bootstrap.clientSecret(), bootstrap.managementAudience() + ".default");
    }

    /** One HTTPS call with a bearer token; returns status and parsed body (null when empty or not JSON). */
    public Reply call(String method, String url, String token, String jsonBody) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (jsonBody != null) {
            b.header("Content-Type", "application/json");
        }
        b.method(method, jsonBody == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(jsonBody));
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode body = null;
        if (!r.body().isEmpty()) {
            try {
                body = JSON.readTree(r.body());
            } catch (Exception e) {
                body = null;
            }
        }
        return new Reply(r.statusCode(), body, r.body(), r.headers());
    }

    public record Reply(int status, JsonNode json, String text, java.net.http.HttpHeaders headers) {
        public String errorCode() {
            return json == null || json.get("error") == null ? null : json.get("error").path("code").asText();
        }

        public String innerCode() {
            return json == null || json.get("error") == null ? null
                    : json.get("error").path("innererror").path("code").asText(null);
        }
    }

    /** The service host of this run (bootstrap.json keeps the port of the first start). */
    public String serviceBase() {
        return server.endpoints().serviceBase();
    }

    public String arm(String path) {
        return serviceBase() + path;
    }

    /** Creates a resource group and a vault through the management plane, as a user would with curl. */
    public void createVault(String token, String resourceGroup, String vault, boolean rbac, boolean purgeProtection)
            throws Exception {
        String sub = bootstrap.subscriptionId();
        Reply rg = call("PUT", arm("/subscriptions/" + sub + "/resourcegroups/" + resourceGroup
                + "?api-version=2021-04-01"), token, "{\"location\":\"local\"}");
        if (rg.status() != 201 && rg.status() != 200) {
            throw new IllegalStateException("resource group: " + rg.status() + " " + rg.text());
        }
        String body = "{\"location\":\"local\",\"properties\":{\"tenantId\":\"" + bootstrap.tenantId()
                + "\",\"sku\":{\"family\":\"A\",\"name\":\"standard\"},\"enableRbacAuthorization\":" + rbac
                + ",\"enableSoftDelete\":true,\"softDeleteRetentionInDays\":7"
                + (purgeProtection ? ",\"enablePurgeProtection\":true" : "") + ",\"accessPolicies\":[]}}";
        Reply v = call("PUT", arm("/subscriptions/" + sub + "/resourceGroups/" + resourceGroup
                + "/providers/Microsoft.KeyVault/vaults/" + vault + "?api-version=2023-07-01"), token, body);
        if (v.status() != 201 && v.status() != 200) {
            throw new IllegalStateException("vault: " + v.status() + " " + v.text());
        }
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws Exception {
        server.close();
    }
}
