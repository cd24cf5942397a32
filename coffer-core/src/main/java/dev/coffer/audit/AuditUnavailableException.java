package dev.coffer.audit;

/** The audit record could not be made durable. */
public final class AuditUnavailableException extends Exception {
    public AuditUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
