package dev.coffer.audit;

/**
 * Where audit records go. {@link #append(AuditRecord)} returns only once the record is durable, or throws.
 */
public interface AuditSink extends AutoCloseable {

    /** Makes the record durable and returns its sequence number in the log. */
    long append(AuditRecord record) throws AuditUnavailableException;

    default void append(AuditEvent event) throws AuditUnavailableException {
        append(new AuditRecord.Whole(event));
    }

    /**
     * Keeps an outcome that could not be written now and writes it, ahead of anything else, as soon as the log
     * takes records again. Used only for changes already committed: their intent is durable, and telling the
     * caller "failed" for a change that happened would be the worse lie.
     */
    default void defer(AuditRecord.Outcome outcome) {
    }

    /** False while the sink is known to be unable to take records (checked before an operation runs). */
    boolean available();

    @Override
    void close();
}
