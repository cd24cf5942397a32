package dev.coffer.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.coffer.observability.ObservabilityConfig;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The secondary audit sinks: syslog (RFC 5424 over TCP into a real rsyslogd, Debian's package, run with a
 * private configuration on a loopback port) and a webhook whose receiver fails its first attempts. Neither
 * ever blocks a request; both catch up from the durable log, across a syslog outage and a Coffer restart.
 */
class AuditSinksTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dataDir;

    @TempDir
    Path syslogDir;

    @Test
    void syslogAndWebhookCatchUpFromTheDurableLogAndNeverBlockRequests() throws Exception {
        Path rsyslogd = Path.of("/usr/sbin/rsyslogd");
        assumeTrue(Files.isExecutable(rsyslogd), "rsyslog is not installed (apt-get install -y rsyslog)");
        int syslogPort = freePort();
        Process syslog = startRsyslog(rsyslogd, syslogPort);

        AtomicInteger webhookCalls = new AtomicInteger();
        Set<String> webhookIds = ConcurrentHashMap.newKeySet();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/audit", ex -> {
            byte[] body = ex.getRequestBody().readAllBytes();
            // The pipeline is down for its first three attempts.
            int status = webhookCalls.incrementAndGet() <= 3 ? 500 : 200;
            if (status == 200) {
                JSON.readTree(body).get("records").forEach(r -> webhookIds.add(r.path("correlationId").asText()));
            }
            ex.sendResponseHeaders(status, -1);
            ex.close();
        });
        receiver.start();
        ObservabilityConfig observe = new ObservabilityConfig(false, "127.0.0.1:" + syslogPort,
                URI.create("http://127.0.0.1:" + receiver.getAddress().getPort() + "/audit"), "127.0.0.1", -1, null);
        List<String> ids = new ArrayList<>();
        try {
            try (RunningCoffer coffer = RunningCoffer.start(dataDir, observe)) {
                coffer.createVault(coffer.adminManagementToken(), "rg", "sinkvault", true, false);
                Bootstrap b = coffer.bootstrap();
                String token = coffer.token(b.clientId(), b.clientSecret(), "https://vault.azure.net/.default");
                String url = coffer.vaultUrl("sinkvault") + "/secrets/s?api-version=7.4";
                ids.add(id(coffer.call("PUT", url, token, "{\"value\":\"x\"}")));
                ids.add(id(coffer.call("GET", url, token, null)));
                await(() -> syslogHas(ids), "syslog received the events");

                syslog.destroy();
                syslog.waitFor(10, TimeUnit.SECONDS);
                long start = System.nanoTime();
                for (int i = 0; i < 5; i++) {
                    ids.add(id(coffer.call("GET", url, token, null)));
                }
                assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start))
                        .as("a dead syslog server does not slow requests").isLessThan(5_000);
            }
            // Coffer is stopped with undelivered events; the next start catches both sinks up.
            syslog = startRsyslog(rsyslogd, syslogPort);
            try (RunningCoffer again = RunningCoffer.start(dataDir, observe)) {
                Bootstrap b = again.bootstrap();
                String token = again.token(b.clientId(), b.clientSecret(), "https://vault.azure.net/.default");
                ids.add(id(again.call("GET", again.vaultUrl("sinkvault") + "/secrets/s?api-version=7.4", token, null)));
                await(() -> syslogHas(ids), "syslog caught up after its outage and a restart");
                await(() -> webhookIds.containsAll(ids), "the webhook caught up after failures and a restart");
            }
            assertThat(webhookCalls.get()).isGreaterThan(3);
            String line = Files.readAllLines(syslogDir.resolve("coffer.log")).stream()
                    .filter(l -> l.contains(ids.get(0))).findFirst().orElseThrow();
            assertThat(line).startsWith("SecretSet [coffer@32473 seq=\"");
            JsonNode event = JSON.readTree(line.substring(line.indexOf("] ") + 2));
            assertThat(event.get("operationName").asText()).isEqualTo("SecretSet");
            assertThat(event.get("resultType").asText()).isEqualTo("Success");
        } finally {
            syslog.destroy();
            receiver.stop(0);
        }
    }

    private boolean syslogHas(List<String> ids) {
        try {
            Path out = syslogDir.resolve("coffer.log");
            if (!Files.exists(out)) {
                return false;
            }
            String text = Files.readString(out);
            return ids.stream().allMatch(text::contains);
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private Process startRsyslog(Path rsyslogd, int port) throws Exception {
        Path conf = syslogDir.resolve("rsyslog.conf");
        Files.writeString(conf, """
                global(workDirectory="%1$s")
                module(load="imtcp")
                input(type="imtcp" port="%2$d" address="127.0.0.1")
                template(name="coffer" type="string" string="%%msgid%% %%structured-data%% %%msg%%\\n")
                if $app-name == "coffer" then {
                  action(type="omfile" file="%1$s/coffer.log" template="coffer")
                }
                """.formatted(syslogDir, port));
        Process p = new ProcessBuilder(rsyslogd.toString(), "-n", "-f", conf.toString(), "-i",
                syslogDir.resolve("rsyslogd.pid").toString()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(syslogDir.resolve("rsyslogd.out").toFile())).start();
        await(() -> {
            try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
                return true;
            } catch (java.io.IOException e) {
                return false;
            }
        }, "rsyslogd listens");
        return p;
    }

    private static String id(RunningCoffer.Reply r) {
        assertThat(r.status()).isBetween(200, 299);
        return r.headers().firstValue("x-ms-request-id").orElseThrow();
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(100);
        }
    }
}
