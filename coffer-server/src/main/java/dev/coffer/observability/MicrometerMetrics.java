package dev.coffer.observability;

import dev.coffer.metrics.OperationMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The Dispatcher's metrics in Micrometer, scraped as Prometheus text. Names follow Azure Key Vault's metrics:
 * {@code ServiceApiHit} (requests per vault and operation), {@code ServiceApiResult} (by result type and status),
 * {@code ServiceApiLatency} (a histogram), and {@code Availability} (share of requests not failed by the service).
 */
public final class MicrometerMetrics implements OperationMetrics {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final AtomicLong served = new AtomicLong();
    private final AtomicLong serverFailures = new AtomicLong();

    public MicrometerMetrics() {
        Gauge.builder("Availability", () -> {
            long all = served.get();
            return all == 0 ? 100.0 : 100.0 * (all - serverFailures.get()) / all;
        }).description("Percentage of requests not failed by the service (5xx), since start").register(registry);
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** A gauge read at scrape time (audit lag, store health, audit availability). */
    public void gauge(String name, String description, Supplier<Number> value, String... tags) {
        Gauge.builder(name, value).description(description).tags(tags).register(registry);
    }

    @Override
    public void operation(String vault, String operation, String resultType, int status, long durationNanos) {
        String v = vault == null ? "" : vault.toLowerCase(java.util.Locale.ROOT);
        Counter.builder("ServiceApiHit").description("Requests per vault and operation")
                .tags("vault", v, "operation", operation).register(registry).increment();
        Counter.builder("ServiceApiResult").description("Requests per vault, operation, result type and status")
                .tags("vault", v, "operation", operation, "resultType", resultType, "statusCode", Integer.toString(status))
                .register(registry).increment();
        Timer.builder("ServiceApiLatency").description("Time to serve a request, audit included")
                .tags("vault", v, "operation", operation).publishPercentileHistogram()
                .maximumExpectedValue(Duration.ofSeconds(30)).register(registry)
                .record(durationNanos, TimeUnit.NANOSECONDS);
        served.incrementAndGet();
        if (status >= 500) {
            serverFailures.incrementAndGet();
        }
    }

    @Override
    public void signIn(boolean succeeded) {
        Counter.builder("coffer.signins").description("Sign-in attempts at the token service")
                .tags("result", succeeded ? "Success" : "Failure").register(registry).increment();
    }

    @Override
    public void rejected(String vault, String reason, int status) {
        if (status == 429) {
            Counter.builder("coffer.requests.throttled").description("Requests refused by throttling")
                    .register(registry).increment();
        } else if (status == 403) {
            // Authorization denials go through Dispatcher.run; a 403 turned away at the edge is the firewall's.
            Counter.builder("coffer.firewall.denials").description("Requests refused by a vault's network rules")
                    .tags("vault", vault == null ? "" : vault).register(registry).increment();
        }
    }

    public String scrape() {
        return registry.scrape();
    }
}
