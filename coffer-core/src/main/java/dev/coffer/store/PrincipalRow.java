package dev.coffer.store;

/**
 * A principal of the directory: a service principal (with its application id), a user or a group.
 * {@code kind} is one of ServicePrincipal, User, Group.
 */
public record PrincipalRow(String objectId, String tenantId, String kind, String appId, String displayName,
                           boolean enabled, long createdAt) {
}
