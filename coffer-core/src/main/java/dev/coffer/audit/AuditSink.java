package dev.coffer.audit;

/** Where audit events go. {@link #append} returns only once the event is durable, or throws. */
public interface AuditSink extends AutoCloseable {

    void append(AuditEvent event) throws AuditUnavailableException;

    /** False while the sink is known to be unable to take events (checked before an operation runs). */
    boolean available();

    @Override
    void close();
}
