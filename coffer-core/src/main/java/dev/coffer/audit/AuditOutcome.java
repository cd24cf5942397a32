package dev.coffer.audit;

/**
 * The result half of an audit event: what the caller was answered and how long it took.
 *
 * @param targetId the object the operation produced or read (for example a secret's new version), or null
 */
public record AuditOutcome(String resultType, int httpStatus, String resultSignature, String resultDescription,
                           long durationMs, String targetId) {

    public AuditOutcome(String resultType, int httpStatus, String resultSignature, String resultDescription,
                        long durationMs) {
        this(resultType, httpStatus, resultSignature, resultDescription, durationMs, null);
    }
}
