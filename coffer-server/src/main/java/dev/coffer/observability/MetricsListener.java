package dev.coffer.observability;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;

/**
 * A private plain-HTTP listener, apart from the public HTTPS one, for Prometheus and orchestrators:
 * {@code /metrics} (Prometheus text), {@code /healthz/live} (the process runs) and {@code /healthz/ready}
 * (store readable and audit log writable; 503 otherwise). Bound to loopback by default; with a token file
 * every request must carry that bearer token, so it may be bound further out.
 */
public final class MetricsListener implements AutoCloseable {

    private final HttpServer server;
    private final byte[] token;

    public MetricsListener(ObservabilityConfig config, MicrometerMetrics metrics, BooleanSupplier ready) {
        try {
            this.token = config.metricsTokenFile() == null ? null
                    : Files.readString(config.metricsTokenFile()).strip().getBytes(StandardCharsets.UTF_8);
            this.server = HttpServer.create(new InetSocketAddress(config.metricsBind(), Math.max(0,
                    config.metricsPort())), 16);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the metrics listener on " + config.metricsBind() + ":"
                    + config.metricsPort() + " (choose another with --metrics-port, 0 for a free port, -1 for none)",
                    e);
        }
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/metrics", ex -> {
            if (authorized(ex)) {
                reply(ex, 200, "text/plain; version=0.0.4; charset=utf-8", metrics.scrape());
            }
        });
        server.createContext("/healthz/live", ex -> {
            if (authorized(ex)) {
                reply(ex, 200, "application/json", "{\"status\":\"ok\"}");
            }
        });
        server.createContext("/healthz/ready", ex -> {
            if (authorized(ex)) {
                boolean ok = ready.getAsBoolean();
                reply(ex, ok ? 200 : 503, "application/json", ok ? "{\"status\":\"ok\"}" : "{\"status\":\"unavailable\"}");
            }
        });
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private boolean authorized(HttpExchange ex) throws IOException {
        if (token == null) {
            return true;
        }
        String h = ex.getRequestHeaders().getFirst("Authorization");
        byte[] given = h != null && h.startsWith("Bearer ") ? h.substring(7).strip().getBytes(StandardCharsets.UTF_8)
                : new byte[0];
        if (MessageDigest.isEqual(given, token)) {
            return true;
        }
        ex.getResponseHeaders().add("WWW-Authenticate", "Bearer realm=\"coffer-metrics\"");
        reply(ex, 401, "text/plain", "unauthorized\n");
        return false;
    }

    private static void reply(HttpExchange ex, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", type);
        ex.sendResponseHeaders(status, bytes.length);
        try (var out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
