package dev.coffer.store;

/**
 * A principal of the directory: a user, a group, a service principal (with its application id) or an
 * application object. {@code kind} is one of User, Group, ServicePrincipal, Application.
 * {@code userPrincipalName} is set for users only.
 */
public record PrincipalRow(String objectId, String tenantId, String kind, String appId, String displayName,
                           boolean enabled, long createdAt, String userPrincipalName) {

    public PrincipalRow(String objectId, String tenantId, String kind, String appId, String displayName,
                        boolean enabled, long createdAt) {
        this(objectId, tenantId, kind, appId, displayName, enabled, createdAt, null);
    }

    public PrincipalRow withEnabled(boolean value) {
        return new PrincipalRow(objectId, tenantId, kind, appId, displayName, value, createdAt, userPrincipalName);
    }
}
