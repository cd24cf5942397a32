package dev.coffer.directory;

import java.util.Set;

/**
 * Who is calling, as the edge established it from a validated token: tenant, object id, the client
 * application, and the groups the principal belongs to (transitively). Shared by identity and authz.
 */
public record Principal(String tenantId, String objectId, String appId, PrincipalKind kind, String displayName,
                        Set<String> groupIds) {

    public static final String SYSTEM_OBJECT_ID = "00000000-0000-0000-0000-000000000000";

    public Principal {
        groupIds = Set.copyOf(groupIds);
    }

    /** The principal background jobs run as; it is audited like any caller. */
    public static Principal system(String tenantId) {
        return new Principal(tenantId, SYSTEM_OBJECT_ID, null, PrincipalKind.SERVICE_PRINCIPAL, "coffer-system",
                Set.of());
    }

    public boolean isSystem() {
        return SYSTEM_OBJECT_ID.equals(objectId);
    }

    /** How Azure names a caller in denial messages: {@code appid=…;oid=…}. */
    public String describe() {
        return "appid=" + (appId == null ? "" : appId) + ";oid=" + objectId;
    }
}
