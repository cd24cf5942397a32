package dev.coffer.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coffer.network.ThrottleLimits;
import dev.coffer.server.CofferServer;
import dev.coffer.server.NetworkSettings;
import dev.coffer.server.ServerConfig;
import dev.coffer.tls.ServerCertificates;
import dev.coffer.tls.ServerIdentity;
import dev.coffer.tls.TlsPolicy;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.Executors;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The load runs' target, in one JVM: Coffer started in-process ({@link CofferServer}, as {@code coffer server}
 * starts it) on a random port with a fresh data dir, prepared over HTTPS like a user would (resource group,
 * RBAC vault {@value CoreGraph#VAULT}, one secret with a 100-byte value, a data-plane token of the bootstrap
 * administrator), and next to it a baseline: a minimal Jetty 12 HTTPS endpoint with the same TLS policy,
 * certificate, thread pool and HTTP configuration that answers every request with a body of the same bytes
 * as the secret GET's. The baseline's {@code /heap} runs a full GC and reports the heap in use.
 *
 * <p>Throttling is off ({@link ThrottleLimits#none()}): the runs measure capacity, not Azure's published limits,
 * which {@code --azure-throttling} turns back on.
 *
 * <p>Usage: {@code LoadFixture --data-dir DIR --info FILE [--value-bytes N] [--azure-throttling] [--unaudited]}
 * ({@code --unaudited}: operations' audit records are dropped, for the audit-cost run only). Writes FILE
 * (JSON, 0600) when ready, then waits until killed.
 */
public final class LoadFixture {

    static final String SECRET = "db-password";
    static final String API = "api-version=7.4";

    public static void main(String[] args) throws Exception {
        try {
            run(args);
        } catch (Exception | Error e) {
            // Jetty's threads are not daemons: without this a failed preparation would leave the JVM running.
            e.printStackTrace();
            System.exit(1);
        }
    }

    private static void run(String[] args) throws Exception {
        Path dataDir = null;
        Path info = null;
        int valueBytes = 100;
        boolean azureThrottling = false;
        boolean unaudited = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--data-dir" -> dataDir = Path.of(args[++i]);
                case "--info" -> info = Path.of(args[++i]);
                case "--value-bytes" -> valueBytes = Integer.parseInt(args[++i]);
                case "--azure-throttling" -> azureThrottling = true;
                case "--unaudited" -> unaudited = true;
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        if (dataDir == null || info == null) {
            throw new IllegalArgumentException(
                    "usage: LoadFixture --data-dir DIR --info FILE [--value-bytes N] [--azure-throttling]");
        }

        long t0 = System.nanoTime();
        // Capacity is measured with throttling off: with Azure's limits on (--azure-throttling) a vault answers
        // 429 beyond 4,000 requests per 10 s (and 300 secret creations per 10 s).
        ServerConfig config = ServerConfig.defaults(dataDir).withPort(0).withNetwork(NetworkSettings.defaults()
                .withThrottling(azureThrottling ? ThrottleLimits.azureDefaults() : ThrottleLimits.none()));
        CofferServer coffer = CofferServer.start(config, dev.coffer.observability.ObservabilityConfig.defaults(),
                unaudited ? LoadFixture::droppingAudit : java.util.function.UnaryOperator.identity());
        long startMs = (System.nanoTime() - t0) / 1_000_000;
        int port = coffer.port();
        JsonNode bootstrap = BenchHttp.readJson(coffer.dataDir().resolve("bootstrap.json"));
        Path ca = Path.of(bootstrap.get("caCertificatePath").asText());
        String tenant = bootstrap.get("tenantId").asText();
        String sub = bootstrap.get("subscriptionId").asText();
        String clientId = bootstrap.get("clientId").asText();
        String clientSecret = bootstrap.get("clientSecret").asText();
        String service = coffer.endpoints().serviceBase();

        BenchHttp http = new BenchHttp(ca);
        String mgmt = http.token(service, tenant, clientId, clientSecret,
                bootstrap.get("managementAudience").asText() + ".default");
        http.require(new int[] {200, 201}, "PUT", service + "/subscriptions/" + sub + "/resourcegroups/"
                + CoreGraph.RESOURCE_GROUP + "?api-version=2021-04-01", mgmt, "{\"location\":\"local\"}");
        http.require(new int[] {200, 201}, "PUT", service + "/subscriptions/" + sub + "/resourceGroups/"
                + CoreGraph.RESOURCE_GROUP + "/providers/Microsoft.KeyVault/vaults/" + CoreGraph.VAULT
                + "?api-version=2023-07-01", mgmt, "{\"location\":\"local\",\"properties\":{\"tenantId\":\"" + tenant
                + "\",\"sku\":{\"family\":\"A\",\"name\":\"standard\"},\"enableRbacAuthorization\":true}}");
        String token = http.token(service, tenant, clientId, clientSecret,
                coffer.endpoints().vaultResource() + "/.default");
        String vaultHost = CoreGraph.VAULT + "." + coffer.endpoints().vaultDnsSuffix() + ":" + port;
        String vaultUrl = "https://" + vaultHost;
        String value = "v".repeat(valueBytes);
        http.require(new int[] {200}, "PUT", vaultUrl + "/secrets/" + SECRET + "?" + API, token,
                "{\"value\":\"" + value + "\"}");
        HttpResponse<String> get = http.require(new int[] {200}, "GET", vaultUrl + "/secrets/" + SECRET + "?" + API,
                token, null);
        byte[] body = get.body().getBytes(StandardCharsets.UTF_8);

        Path tls = coffer.dataDir().resolve(ServerCertificates.TLS_DIRECTORY);
        ServerIdentity identity = ServerIdentity.fromPem(tls.resolve(ServerCertificates.SERVER_CERTIFICATE_FILE),
                tls.resolve(ServerCertificates.SERVER_KEY_FILE));
        Server baseline = baseline(identity, body);
        int baselinePort = ((ServerConnector) baseline.getConnectors()[0]).getLocalPort();
        http.client.send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("https://127.0.0.1:" + baselinePort + "/")).build(),
                HttpResponse.BodyHandlers.ofString());

        ObjectNode out = BenchHttp.JSON.createObjectNode();
        out.put("cofferPort", port);
        out.put("cofferStartMs", startMs);
        out.put("vaultHost", vaultHost);
        out.put("vaultUrl", vaultUrl);
        out.put("secretPath", "/secrets/" + SECRET + "?" + API);
        out.put("secretUrlByIp", "https://127.0.0.1:" + port + "/secrets/" + SECRET + "?" + API);
        out.put("dataToken", token);
        out.put("caPath", ca.toString());
        out.put("valueBytes", valueBytes);
        out.put("bodyBytes", body.length);
        out.put("baselineUrl", "https://127.0.0.1:" + baselinePort + "/");
        out.put("heapUrl", "https://127.0.0.1:" + baselinePort + "/heap");
        out.put("fixturePid", ProcessHandle.current().pid());
        Path tmp = info.resolveSibling(info.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(tmp, BenchHttp.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(out));
        Files.move(tmp, info, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        System.out.println("fixture ready: coffer https://127.0.0.1:" + port + " (vault " + vaultUrl + "), baseline "
                + "https://127.0.0.1:" + baselinePort + "/, secret GET body " + body.length + " bytes, started in "
                + startMs + " ms");

        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                baseline.stop();
                coffer.close();
            } catch (Exception e) {
                // exiting anyway
            }
        }));
        coffer.join();
    }

    /**
     * The "audit off" side of the audit-cost run: operations' records are dropped, not written (sign-ins and the
     * edge's rejections still go to the log; the GET load has none).
     */
    private static dev.coffer.audit.AuditSink droppingAudit(dev.coffer.audit.AuditSink real) {
        return new dev.coffer.audit.AuditSink() {
            private final java.util.concurrent.atomic.AtomicLong seq = new java.util.concurrent.atomic.AtomicLong();

            @Override
            public long append(dev.coffer.audit.AuditRecord record) {
                return seq.incrementAndGet();
            }

            @Override
            public boolean available() {
                return true;
            }

            @Override
            public void close() {
            }
        };
    }

    /**
     * Jetty configured as {@code CofferServer} configures its connector (thread pool with virtual threads,
     * HTTP configuration, SNI host check off, {@link TlsPolicy}), with one handler that writes a fixed body.
     */
    static Server baseline(ServerIdentity identity, byte[] body) throws Exception {
        QueuedThreadPool threads = new QueuedThreadPool();
        threads.setName("baseline-http");
        threads.setVirtualThreadsExecutor(Executors.newVirtualThreadPerTaskExecutor());
        Server jetty = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendDateHeader(true);
        http.setRequestHeaderSize(32 * 1024);
        SecureRequestCustomizer secure = new SecureRequestCustomizer();
        secure.setSniHostCheck(false);
        http.addCustomizer(secure);
        ServerConnector connector = new ServerConnector(jetty,
                new SslConnectionFactory(TlsPolicy.serverContext(identity, TlsPolicy.TLS_1_2), "http/1.1"),
                new HttpConnectionFactory(http));
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        jetty.addConnector(connector);
        jetty.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                byte[] reply = "/heap".equals(Request.getPathInContext(request)) ? heap() : body;
                response.setStatus(200);
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json; charset=utf-8");
                response.getHeaders().put(HttpHeader.CONTENT_LENGTH, reply.length);
                response.write(true, ByteBuffer.wrap(reply), callback);
                return true;
            }
        });
        jetty.start();
        return jetty;
    }

    /** Full GCs until the used heap stops shrinking, then the heap in use (the live set, about). */
    static byte[] heap() {
        var memory = ManagementFactory.getMemoryMXBean();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            long now = memory.getHeapMemoryUsage().getUsed();
            if (now >= used - (1 << 20)) {
                used = Math.min(used, now);
                break;
            }
            used = now;
        }
        MemoryUsage heap = memory.getHeapMemoryUsage();
        MemoryUsage nonHeap = memory.getNonHeapMemoryUsage();
        String json = "{\"heapUsedAfterGcBytes\":" + used + ",\"heapCommittedBytes\":" + heap.getCommitted()
                + ",\"heapMaxBytes\":" + heap.getMax() + ",\"nonHeapUsedBytes\":" + nonHeap.getUsed() + "}";
        return json.getBytes(StandardCharsets.UTF_8);
    }
}
