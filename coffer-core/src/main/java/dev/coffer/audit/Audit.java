package dev.coffer.audit;

import dev.coffer.error.Unavailable;

/**
 * The one audit broker. Failing to record is failing the request: callers get 503 rather than an unaudited
 * success.
 */
public final class Audit {

    private final AuditSink sink;

    public Audit(AuditSink sink) {
        this.sink = sink;
    }

    public void record(AuditEvent event) {
        try {
            sink.append(event);
        } catch (AuditUnavailableException e) {
            throw unavailable();
        }
    }

    /** Refuses to start an operation whose audit record could not be written anyway. */
    public void requireAvailable() {
        if (!sink.available()) {
            throw unavailable();
        }
    }

    private static Unavailable unavailable() {
        return new Unavailable("ServiceUnavailable",
                "The audit log cannot be written at the moment; the request was not carried out. Retry later.");
    }
}
