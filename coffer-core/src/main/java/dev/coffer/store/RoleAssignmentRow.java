package dev.coffer.store;

/**
 * A role assignment. {@code scope} keeps the caller's casing; comparisons are case-insensitive.
 * {@code notBefore}/{@code notAfter} (epoch seconds, nullable) bound time-limited access.
 */
public record RoleAssignmentRow(String name, String scope, String roleDefinitionId, String principalId,
                                String principalType, String description, String createdBy, long createdAt,
                                Long notBefore, Long notAfter) {
}
