package dev.coffer.http;

import dev.coffer.error.BadRequest;
import java.util.Set;

/**
 * The api-versions each plane accepts: every version current SDKs and the Azure CLI send, so an SDK
 * upgrade does not break a client, and nothing unknown.
 */
public final class ApiVersions {

    /** Data plane: the 7.x line (with previews), 2016-10-01, and the dated versions that followed 7.6. */
    private static final Set<String> DATA = Set.of("2015-06-01", "2016-10-01", "7.0", "7.0-preview", "7.1",
            "7.1-preview", "7.2", "7.2-preview", "7.3", "7.3-preview", "7.4", "7.4-preview.1", "7.5", "7.5-preview.1",
            "7.6", "7.6-preview.1", "7.6-preview.2", "2025-06-01-preview", "2025-07-01", "2026-01-01-preview",
            "2026-03-01-preview", "2026-04-01", "2026-05-01-preview", "2026-07-01-preview");

    /** Microsoft.KeyVault on ARM. */
    private static final Set<String> KEYVAULT = Set.of("2015-06-01", "2016-10-01", "2018-02-14", "2018-02-14-preview",
            "2019-09-01", "2020-04-01-preview", "2021-04-01-preview", "2021-06-01-preview", "2021-10-01",
            "2021-11-01-preview", "2022-02-01-preview", "2022-07-01", "2022-11-01", "2023-02-01", "2023-07-01",
            "2024-04-01-preview", "2024-11-01", "2024-12-01-preview", "2025-05-01", "2026-02-01", "2026-03-01-preview",
            "2026-04-01", "2026-04-01-preview");

    /** Microsoft.Resources (subscriptions, resource groups, generic resources) on ARM. */
    private static final Set<String> RESOURCES = Set.of("2014-04-01", "2015-01-01", "2015-11-01", "2016-02-01",
            "2016-06-01", "2016-09-01", "2017-05-10", "2018-02-01", "2018-05-01", "2019-05-01", "2019-06-01",
            "2019-07-01", "2019-08-01", "2019-10-01", "2019-11-01", "2020-01-01", "2020-06-01", "2020-08-01",
            "2020-10-01", "2021-01-01", "2021-04-01", "2022-01-01", "2022-09-01", "2022-12-01", "2023-07-01",
            "2024-03-01", "2024-07-01", "2024-11-01", "2025-01-01", "2025-03-01", "2025-04-01");

    /** Microsoft.Authorization role assignments and definitions. */
    private static final Set<String> AUTHORIZATION = Set.of("2014-07-01-preview", "2015-06-01", "2015-07-01",
            "2017-10-01-preview", "2018-01-01-preview", "2018-07-01", "2018-09-01-preview", "2020-03-01-preview",
            "2020-04-01-preview", "2020-08-01-preview", "2020-10-01-preview", "2021-04-01-preview", "2022-01-01-preview",
            "2022-04-01", "2022-05-01-preview");

    /** Microsoft.Network (virtual networks and subnets, which vault network rules name). */
    private static final Set<String> NETWORK = Set.of("2017-06-01", "2017-09-01", "2018-01-01", "2018-02-01",
            "2018-04-01", "2018-06-01", "2018-07-01", "2018-08-01", "2018-10-01", "2018-11-01", "2018-12-01",
            "2019-02-01", "2019-04-01", "2019-06-01", "2019-07-01", "2019-08-01", "2019-09-01", "2019-11-01",
            "2019-12-01", "2020-03-01", "2020-04-01", "2020-05-01", "2020-06-01", "2020-07-01", "2020-08-01",
            "2020-11-01", "2021-02-01", "2021-03-01", "2021-05-01", "2021-08-01", "2022-01-01", "2022-05-01",
            "2022-07-01", "2022-09-01", "2022-11-01", "2023-02-01", "2023-04-01", "2023-05-01", "2023-06-01",
            "2023-09-01", "2023-11-01", "2024-01-01", "2024-03-01", "2024-05-01", "2024-07-01", "2024-10-01");

    public enum Family { DATA, KEYVAULT, RESOURCES, AUTHORIZATION, NETWORK }

    private ApiVersions() {
    }

    public static String require(Family family, String version) {
        if (version == null || version.isEmpty()) {
            throw new BadRequest(family == Family.DATA ? "BadParameter" : "MissingApiVersionParameter",
                    "The api-version query parameter (?api-version=) is required for all requests.");
        }
        Set<String> known = switch (family) {
            case DATA -> DATA;
            case KEYVAULT -> KEYVAULT;
            case RESOURCES -> RESOURCES;
            case AUTHORIZATION -> AUTHORIZATION;
            case NETWORK -> NETWORK;
        };
        if (!known.contains(version)) {
            throw new BadRequest(family == Family.DATA ? "BadParameter" : "InvalidApiVersionParameter",
                    "The api-version '" + dev.coffer.objects.Names.sanitize(version) + "' is invalid. The supported "
                            + "versions are '" + String.join(",", new java.util.TreeSet<>(known)) + "'.");
        }
        return version;
    }

    /** From ARM 2026-02-01 a vault created without {@code enableRbacAuthorization} uses RBAC. */
    public static boolean rbacByDefault(String keyVaultApiVersion) {
        return keyVaultApiVersion.compareTo("2026-02-01") >= 0;
    }
}
