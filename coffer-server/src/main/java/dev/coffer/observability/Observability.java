package dev.coffer.observability;

import dev.coffer.auditlog.AuditFile;
import dev.coffer.auditlog.SecondarySink;
import dev.coffer.auditlog.SinkPump;
import dev.coffer.auditlog.StdoutSink;
import dev.coffer.auditlog.SyslogSink;
import dev.coffer.auditlog.WebhookSink;
import dev.coffer.metrics.OperationMetrics;
import dev.coffer.store.Store;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The server's observability, wired in one place: Micrometer metrics for the Dispatcher, the secondary audit
 * sinks each fed by its pump from the durable log, and the private metrics and health listener.
 */
public final class Observability implements AutoCloseable {

    private final MicrometerMetrics metrics = new MicrometerMetrics();
    private final List<SinkPump> pumps = new ArrayList<>();
    private final MetricsListener listener;
    private final java.util.function.BooleanSupplier ready;

    public Observability(ObservabilityConfig config, AuditFile audit, Path dataDir, Store store) {
        List<SecondarySink> sinks = new ArrayList<>();
        if (config.auditStdout()) {
            sinks.add(new StdoutSink(System.out));
        }
        if (config.auditSyslog() != null) {
            int colon = config.auditSyslog().lastIndexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException("--audit-syslog must be host:port");
            }
            sinks.add(new SyslogSink(config.auditSyslog().substring(0, colon),
                    Integer.parseInt(config.auditSyslog().substring(colon + 1))));
        }
        if (config.auditWebhook() != null) {
            sinks.add(new WebhookSink(config.auditWebhook(), null,
                    HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build()));
        }
        for (SecondarySink sink : sinks) {
            SinkPump pump = new SinkPump(sink, audit, dataDir.resolve("audit-cursors"));
            pumps.add(pump);
            metrics.gauge("coffer.audit.sink.lag", "Durable audit records a secondary sink has not received yet",
                    pump::lag, "sink", sink.name());
        }
        metrics.gauge("coffer.audit.durable.sequence", "Sequence number of the newest durable audit record",
                audit::durableSeq);
        metrics.gauge("coffer.audit.available", "1 while the audit log takes records, else 0",
                () -> audit.available() ? 1 : 0);
        metrics.gauge("coffer.store.up", "1 while the store answers a read, else 0", () -> storeUp(store) ? 1 : 0);
        this.ready = () -> storeUp(store) && audit.available();
        this.listener = config.metricsPort() < 0 ? null : new MetricsListener(config, metrics, ready);
    }

    /** Ready to serve: the store answers a read and the audit log takes records (else every request would 503). */
    public boolean ready() {
        return ready.getAsBoolean();
    }

    private static boolean storeUp(Store store) {
        try {
            store.read(tx -> tx.tenants());
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    public OperationMetrics metrics() {
        return metrics;
    }

    public MicrometerMetrics micrometer() {
        return metrics;
    }

    /** The metrics listener's port, or -1 when it is off. */
    public int metricsPort() {
        return listener == null ? -1 : listener.port();
    }

    public List<SinkPump> pumps() {
        return List.copyOf(pumps);
    }

    @Override
    public void close() {
        if (listener != null) {
            listener.close();
        }
        pumps.forEach(SinkPump::close);
    }
}
