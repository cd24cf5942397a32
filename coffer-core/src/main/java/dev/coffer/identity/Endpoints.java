package dev.coffer.identity;

import java.util.Locale;

/**
 * The public names of this installation: where the token service lives, what audiences its planes answer
 * to. All URLs are absolute https URLs without a trailing slash unless noted.
 *
 * @param serviceBase     e.g. {@code https://localhost:8443}: token service, management plane, directory
 * @param vaultDnsSuffix  e.g. {@code vault.localhost}; vaults are {@code {name}.{suffix}}
 * @param vaultResource   the data plane's resource identifier, e.g. {@code https://vault.localhost:8443}
 * @param managementAudience the management plane's own audience, e.g. {@code https://management.localhost/}
 * @param graphAudience      the directory API's own audience, e.g. {@code https://graph.localhost/}
 */
public record Endpoints(String serviceBase, String vaultDnsSuffix, String vaultResource, String managementAudience,
                        String graphAudience) {

    public static Endpoints of(String serviceHost, int port, String vaultDnsSuffix) {
        String portPart = port == 443 ? "" : ":" + port;
        String suffix = vaultDnsSuffix.toLowerCase(Locale.ROOT);
        return new Endpoints("https://" + serviceHost + portPart, suffix, "https://" + suffix + portPart,
                "https://management." + hostOf(suffix) + "/", "https://graph." + hostOf(suffix) + "/");
    }

    /** The management audience is named after the suffix's parent so it never collides with a vault host. */
    private static String hostOf(String suffix) {
        int dot = suffix.indexOf('.');
        return dot < 0 ? suffix : suffix.substring(dot + 1);
    }

    /**
     * The directory API's root under the service host, e.g. {@code https://localhost:8443/graph/}. It is also a
     * Graph audience, because the Azure CLI uses one value (its cloud's {@code microsoftGraphResourceId}) both
     * as the token resource and as the URL it sends Graph requests to.
     */
    public String graphBase() {
        return serviceBase + "/graph/";
    }

    public String issuer(String tenantId) {
        return serviceBase + "/" + tenantId + "/v2.0";
    }

    public String authority(String tenantId) {
        return serviceBase + "/" + tenantId;
    }
}
