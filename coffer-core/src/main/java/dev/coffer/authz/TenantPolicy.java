package dev.coffer.authz;

import dev.coffer.directory.Directory;

/** Per-tenant policy switches kept as tenant settings. */
public final class TenantPolicy {

    /** When "true", nobody may grant itself (or a group it is in) data access through an access policy. */
    public static final String FORBID_SELF_GRANT = "forbidSelfGrant";

    private final Directory directory;

    public TenantPolicy(Directory directory) {
        this.directory = directory;
    }

    public boolean forbidsSelfGrant(String tenantId) {
        return "true".equalsIgnoreCase(directory.settings(tenantId).get(FORBID_SELF_GRANT));
    }
}
