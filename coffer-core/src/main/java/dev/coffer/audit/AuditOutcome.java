package dev.coffer.audit;

/**
 * The result half of an audit event: what the caller was answered and how long it took.
 *
 * @param targetId              the object the operation produced or read (for example a secret's new version),
 *                              or null
 * @param accessPoliciesChanged for vault writes, whether the write altered the vault's access policies (as the
 *                              engine found when it wrote); null for every other operation
 */
public record AuditOutcome(String resultType, int httpStatus, String resultSignature, String resultDescription,
                           long durationMs, String targetId, Boolean accessPoliciesChanged) {

    public AuditOutcome(String resultType, int httpStatus, String resultSignature, String resultDescription,
                        long durationMs, String targetId) {
        this(resultType, httpStatus, resultSignature, resultDescription, durationMs, targetId, null);
    }

    public AuditOutcome(String resultType, int httpStatus, String resultSignature, String resultDescription,
                        long durationMs) {
        this(resultType, httpStatus, resultSignature, resultDescription, durationMs, null, null);
    }
}
