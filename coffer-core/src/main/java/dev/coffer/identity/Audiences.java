package dev.coffer.identity;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The audiences each plane accepts, compared without a trailing slash and case-insensitively. Azure's own
 * resource identifiers are accepted beside Coffer's so unchanged tooling that asks for them works.
 */
public final class Audiences {

    public static final String AZURE_VAULT = "https://vault.azure.net";
    public static final String AZURE_VAULT_APP_ID = "cfa8b339-82a2-471a-a3c9-0fc0be7a4093";
    public static final String AZURE_MANAGEMENT = "https://management.azure.com";
    public static final String AZURE_MANAGEMENT_CLASSIC = "https://management.core.windows.net";
    public static final String AZURE_GRAPH = "https://graph.microsoft.com";
    public static final String AZURE_GRAPH_APP_ID = "00000003-0000-0000-c000-000000000000";

    private final Set<String> data;
    private final Set<String> management;
    private final Set<String> graph;

    public Audiences(Endpoints endpoints) {
        String suffixOnly = "https://" + endpoints.vaultDnsSuffix();
        this.data = Set.of(normalize(AZURE_VAULT), AZURE_VAULT_APP_ID, normalize(endpoints.vaultResource()),
                normalize(suffixOnly));
        this.management = Set.of(normalize(AZURE_MANAGEMENT), normalize(AZURE_MANAGEMENT_CLASSIC),
                normalize(endpoints.managementAudience()), normalize(endpoints.serviceBase()));
        this.graph = Set.of(normalize(AZURE_GRAPH), AZURE_GRAPH_APP_ID, normalize(endpoints.graphAudience()),
                normalize(endpoints.graphBase()));
    }

    /** The audience of a user sign-in that named no resource (only OpenID scopes), as Azure defaults to Graph. */
    public String defaultAudience() {
        return AZURE_GRAPH;
    }

    public boolean accepts(Plane plane, String audience) {
        Set<String> accepted = switch (plane) {
            case DATA -> data;
            case MANAGEMENT -> management;
            case GRAPH -> graph;
        };
        return accepted.contains(normalize(audience));
    }

    /** Which plane an audience belongs to, if any; used when issuing tokens. */
    public Optional<Plane> planeOf(String audience) {
        String n = normalize(audience);
        if (data.contains(n)) {
            return Optional.of(Plane.DATA);
        }
        if (management.contains(n)) {
            return Optional.of(Plane.MANAGEMENT);
        }
        if (graph.contains(n)) {
            return Optional.of(Plane.GRAPH);
        }
        return Optional.empty();
    }

    static String normalize(String audience) {
        String a = audience.trim().toLowerCase(Locale.ROOT);
        while (a.endsWith("/")) {
            a = a.substring(0, a.length() - 1);
        }
        return a;
    }
}
