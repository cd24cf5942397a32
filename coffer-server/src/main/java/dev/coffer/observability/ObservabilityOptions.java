package dev.coffer.observability;

import java.net.URI;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code coffer server} options for audit copies and the metrics listener (each also an environment variable). */
public final class ObservabilityOptions {

    @Option(names = "--audit-stdout", defaultValue = "${env:COFFER_AUDIT_STDOUT:-false}",
            description = "Also write audit events to standard output as JSON lines (env COFFER_AUDIT_STDOUT).")
    boolean auditStdout;

    @Option(names = "--audit-syslog", defaultValue = "${env:COFFER_AUDIT_SYSLOG}",
            description = "Also send audit events to this syslog server, host:port, RFC 5424 over TCP (env COFFER_AUDIT_SYSLOG).")
    String auditSyslog;

    @Option(names = "--audit-webhook", defaultValue = "${env:COFFER_AUDIT_WEBHOOK}",
            description = "Also POST audit events to this log pipeline URL (env COFFER_AUDIT_WEBHOOK).")
    URI auditWebhook;

    @Option(names = "--metrics-bind", defaultValue = "${env:COFFER_METRICS_BIND:-127.0.0.1}",
            description = "Address of the private metrics/health listener, plain HTTP (default ${DEFAULT-VALUE}).")
    String metricsBind;

    @Option(names = "--metrics-port", defaultValue = "${env:COFFER_METRICS_PORT:-9464}",
            description = "Port of the metrics/health listener; -1 turns it off (default ${DEFAULT-VALUE}).")
    int metricsPort;

    @Option(names = "--metrics-token-file", defaultValue = "${env:COFFER_METRICS_TOKEN_FILE}",
            description = "Require 'Authorization: Bearer <content of this file>' on the metrics listener.")
    Path metricsTokenFile;

    public ObservabilityConfig toConfig() {
        return new ObservabilityConfig(auditStdout, auditSyslog, auditWebhook, metricsBind, metricsPort,
                metricsTokenFile);
    }
}
