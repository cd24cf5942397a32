package dev.coffer.audit;

import dev.coffer.error.Unavailable;

/**
 * The one audit broker, called only by the Dispatcher. Failing to record is failing the request: callers get
 * 503 rather than an unaudited success. For operations that change state the broker writes an intent before
 * the change and an outcome after it ({@link #begin}, {@link #complete}), so a change can never be left without
 * a durable record, and a caller is never told "failed" about a change that was made.
 */
public final class Audit {

    private final AuditSink sink;

    public Audit(AuditSink sink) {
        this.sink = sink;
    }

    /** Records a complete event durably, or throws 503. */
    public void record(AuditEvent event) {
        try {
            sink.append(new AuditRecord.Whole(event));
        } catch (AuditUnavailableException e) {
            throw unavailable();
        }
    }

    /** Records the intent of a changing operation durably before it runs, or throws 503 (nothing runs). */
    public long begin(AuditEvent intent) {
        try {
            return sink.append(new AuditRecord.Intent(intent));
        } catch (AuditUnavailableException e) {
            throw unavailable();
        }
    }

    /**
     * Completes an intent. When the outcome cannot be made durable: if the change was committed the outcome is
     * deferred (written first once the log recovers; the intent already proves the change) and the caller gets
     * the truth; otherwise nothing changed and the caller gets 503.
     */
    public void complete(long intentSeq, AuditOutcome outcome, boolean committed) {
        AuditRecord.Outcome record = new AuditRecord.Outcome(intentSeq, outcome);
        try {
            sink.append(record);
        } catch (AuditUnavailableException e) {
            if (!committed) {
                throw unavailable();
            }
            sink.defer(record);
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
