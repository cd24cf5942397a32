package dev.coffer.network;

import dev.coffer.directory.Directory;
import dev.coffer.directory.Principal;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * The service principals an administrator marked as trusted services: with a vault's {@code bypass:
 * AzureServices} they pass its network rules (Azure's "trusted Microsoft services"), and only then; they still
 * need a role or access policy like anyone else. Kept per tenant as the tenant setting
 * {@value #SETTING} (application or object ids), cached here because the firewall asks on refusals.
 */
public final class TrustedServices {

    public static final String SETTING = "trustedServicePrincipals";

    private final Directory directory;
    private final Map<String, Set<String>> byTenant = new ConcurrentHashMap<>();

    public TrustedServices(Directory directory) {
        this.directory = directory;
    }

    public boolean isTrusted(Principal p) {
        if (p == null || p.isSystem()) {
            return false;
        }
        Set<String> ids = of(p.tenantId());
        return ids.contains(p.objectId().toLowerCase(Locale.ROOT))
                || (p.appId() != null && ids.contains(p.appId().toLowerCase(Locale.ROOT)));
    }

    /** The tenant's trusted service principals (application or object ids, lower-cased). */
    public Set<String> of(String tenantId) {
        return byTenant.computeIfAbsent(tenantId.toLowerCase(Locale.ROOT), t -> parse(directory.settings(tenantId)
                .get(SETTING)));
    }

    /** Replaces the tenant's list. */
    public void set(String tenantId, List<String> ids) {
        Set<String> clean = new LinkedHashSet<>();
        for (String id : ids) {
            if (id != null && !id.isBlank()) {
                clean.add(id.strip().toLowerCase(Locale.ROOT));
            }
        }
        directory.setSetting(tenantId, SETTING, String.join(",", clean));
        byTenant.put(tenantId.toLowerCase(Locale.ROOT), Set.copyOf(clean));
    }

    private static Set<String> parse(String value) {
        if (value == null || value.isBlank()) {
            return Set.of();
        }
        return Arrays.stream(value.split(",")).map(String::strip).filter(s -> !s.isEmpty())
                .map(s -> s.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
    }
}
