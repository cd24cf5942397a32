package dev.coffer.directory;

import java.util.List;
import java.util.Set;

/**
 * Who is calling, as the edge established it from a validated token: tenant, object id, the client
 * application, the groups the principal belongs to (transitively) and how it signed in ({@code amr} of its
 * token: {@code pwd}, {@code mfa}, …; empty when not from a token). Shared by identity and authz.
 *
 * @param userPrincipalName a user's sign-in name ({@code name@domain}, the audit log's {@code upn}), else null
 */
public record Principal(String tenantId, String objectId, String appId, PrincipalKind kind, String displayName,
                        Set<String> groupIds, List<String> authMethods, String userPrincipalName) {

    public static final String SYSTEM_OBJECT_ID = "00000000-0000-0000-0000-000000000000";

    public Principal {
        groupIds = Set.copyOf(groupIds);
        authMethods = List.copyOf(authMethods);
    }

    public Principal(String tenantId, String objectId, String appId, PrincipalKind kind, String displayName,
                     Set<String> groupIds) {
        this(tenantId, objectId, appId, kind, displayName, groupIds, List.of(), null);
    }

    public Principal(String tenantId, String objectId, String appId, PrincipalKind kind, String displayName,
                     Set<String> groupIds, List<String> authMethods) {
        this(tenantId, objectId, appId, kind, displayName, groupIds, authMethods, null);
    }

    /** The same caller as its token describes the sign-in. */
    public Principal withAuthMethods(List<String> amr) {
        return new Principal(tenantId, objectId, appId, kind, displayName, groupIds, amr, userPrincipalName);
    }

    /** Whether the sign-in behind this caller's token used a second factor. */
    public boolean signedInWithMfa() {
        return authMethods.contains("mfa");
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
