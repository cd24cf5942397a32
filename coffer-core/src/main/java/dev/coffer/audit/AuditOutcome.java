package dev.coffer.audit;

/** The result half of an audit event: what the caller was answered and how long it took. */
public record AuditOutcome(String resultType, int httpStatus, String resultSignature, String resultDescription,
                           long durationMs) {
}
