package dev.coffer.observability;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Where audit copies and metrics go.
 *
 * @param auditStdout       copy audit events to standard output as JSON lines
 * @param auditSyslog       {@code host:port} of a syslog server (RFC 5424 over TCP), or null
 * @param auditWebhook      a log pipeline's HTTP endpoint for audit events, or null
 * @param metricsBind       address of the private metrics and health listener (plain HTTP)
 * @param metricsPort       its port; 0 picks a free one, -1 turns it off
 * @param metricsTokenFile  when set, the listener requires {@code Authorization: Bearer <file content>}
 * @param eventRetryBase    the delay before an event delivery's first retry (each next one doubles)
 * @param expiryScanEvery   how often the scanner looks for secrets near expiry
 */
public record ObservabilityConfig(boolean auditStdout, String auditSyslog, URI auditWebhook, String metricsBind,
                                  int metricsPort, Path metricsTokenFile, Duration eventRetryBase,
                                  Duration expiryScanEvery) {

    public ObservabilityConfig(boolean auditStdout, String auditSyslog, URI auditWebhook, String metricsBind,
                               int metricsPort, Path metricsTokenFile) {
        this(auditStdout, auditSyslog, auditWebhook, metricsBind, metricsPort, metricsTokenFile,
                Duration.ofSeconds(10), Duration.ofHours(1));
    }

    /** No audit copies, no metrics listener: what embedded and test servers get unless they ask. */
    public static ObservabilityConfig defaults() {
        return new ObservabilityConfig(false, null, null, "127.0.0.1", -1, null);
    }
}
