package dev.coffer.http;

import dev.coffer.identity.Endpoints;

/**
 * The {@code WWW-Authenticate} values the SDKs expect: quoted values, ", " between them, the tenant as the
 * authority's only path segment, and the data plane's resource as a DNS suffix of the vault host.
 */
public final class Challenge {

    private Challenge() {
    }

    public static String dataPlane(Endpoints endpoints, String tenantId) {
        return "Bearer authorization=\"" + endpoints.authority(tenantId) + "\", resource=\"" + endpoints.vaultResource()
                + "\"";
    }

    public static String management(Endpoints endpoints, String tenantId) {
        return "Bearer authorization_uri=\"" + endpoints.authority(tenantId) + "\", error=\"invalid_token\", "
                + "error_description=\"The access token is missing, invalid or expired.\"";
    }
}
