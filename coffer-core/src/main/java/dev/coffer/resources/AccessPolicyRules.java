package dev.coffer.resources;

import dev.coffer.error.BadRequest;
import dev.coffer.store.AccessPolicyRow;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** Validation and merging of access-policy entries, with Azure's permission names per category. */
public final class AccessPolicyRules {

    public static final int MAX_POLICIES = 1024;

    private static final Pattern GUID =
            Pattern.compile("(?i)^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$");
    static final Set<String> KEYS = Set.of("all", "encrypt", "decrypt", "wrapkey", "unwrapkey", "sign", "verify", "get",
            "list", "create", "update", "import", "delete", "backup", "restore", "recover", "purge", "release", "rotate",
            "getrotationpolicy", "setrotationpolicy");
    static final Set<String> SECRETS = Set.of("all", "get", "list", "set", "delete", "backup", "restore", "recover",
            "purge");
    static final Set<String> CERTIFICATES = Set.of("all", "get", "list", "delete", "create", "import", "update",
            "managecontacts", "getissuers", "listissuers", "setissuers", "deleteissuers", "manageissuers", "recover",
            "purge", "backup", "restore");
    static final Set<String> STORAGE = Set.of("all", "get", "list", "delete", "set", "update", "regeneratekey",
            "recover", "purge", "backup", "restore", "setsas", "listsas", "getsas", "deletesas");

    private AccessPolicyRules() {
    }

    /** Checks every entry against the vault's tenant and lower-cases permission names. */
    public static List<AccessPolicyRow> validate(List<AccessPolicyRow> policies, String vaultTenantId) {
        if (policies.size() > MAX_POLICIES) {
            throw new BadRequest("BadRequest", "A vault can hold at most 1024 access policies.");
        }
        List<AccessPolicyRow> out = new ArrayList<>();
        for (AccessPolicyRow p : policies) {
            if (p.tenantId() == null || !p.tenantId().equalsIgnoreCase(vaultTenantId)) {
                throw new BadRequest("BadRequest", "Every access policy must name the vault's tenant id.");
            }
            if (p.objectId() == null || !GUID.matcher(p.objectId()).matches()) {
                throw new BadRequest("BadRequest", "An access policy's objectId must be a GUID.");
            }
            if (p.applicationId() != null && !p.applicationId().isEmpty() && !GUID.matcher(p.applicationId()).matches()) {
                throw new BadRequest("BadRequest", "An access policy's applicationId must be a GUID.");
            }
            out.add(new AccessPolicyRow(p.tenantId().toLowerCase(Locale.ROOT), p.objectId().toLowerCase(Locale.ROOT),
                    emptyToNull(p.applicationId()), names(p.keys(), KEYS, "keys"), names(p.secrets(), SECRETS, "secrets"),
                    names(p.certificates(), CERTIFICATES, "certificates"), names(p.storage(), STORAGE, "storage")));
        }
        return out;
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s.toLowerCase(Locale.ROOT);
    }

    private static List<String> names(List<String> given, Set<String> allowed, String category) {
        Set<String> out = new LinkedHashSet<>();
        for (String g : given) {
            String lower = g == null ? "" : g.toLowerCase(Locale.ROOT);
            if (!allowed.contains(lower)) {
                throw new BadRequest("BadRequest", "'" + g + "' is not a valid " + category + " permission.");
            }
            out.add(lower);
        }
        return List.copyOf(out);
    }

    /**
     * True when the policies give any data permission to one of {@code objectIds} — used to flag (and, where a
     * tenant forbids it, refuse) the documented escalation of a vault writer granting itself data access.
     */
    public static boolean grantsAnyOf(List<AccessPolicyRow> policies, java.util.Collection<String> objectIds) {
        for (AccessPolicyRow p : policies) {
            boolean grants = !p.keys().isEmpty() || !p.secrets().isEmpty() || !p.certificates().isEmpty()
                    || !p.storage().isEmpty();
            if (grants && p.objectId() != null && objectIds.stream().anyMatch(id -> id.equalsIgnoreCase(p.objectId()))) {
                return true;
            }
        }
        return false;
    }

    /** Applies an {@code add}, {@code replace} or {@code remove} change to a vault's policy list. */
    public static List<AccessPolicyRow> apply(List<AccessPolicyRow> current, String kind, List<AccessPolicyRow> change) {
        List<AccessPolicyRow> result = new ArrayList<>(current);
        for (AccessPolicyRow c : change) {
            int at = indexOf(result, c);
            switch (kind.toLowerCase(Locale.ROOT)) {
                case "add" -> {
                    if (at < 0) {
                        result.add(c);
                    } else {
                        result.set(at, merge(result.get(at), c, true));
                    }
                }
                case "replace" -> {
                    if (at < 0) {
                        result.add(c);
                    } else {
                        result.set(at, c);
                    }
                }
                case "remove" -> {
                    if (at >= 0) {
                        AccessPolicyRow left = merge(result.get(at), c, false);
                        boolean empty = left.keys().isEmpty() && left.secrets().isEmpty()
                                && left.certificates().isEmpty() && left.storage().isEmpty();
                        boolean removeWhole = c.keys().isEmpty() && c.secrets().isEmpty()
                                && c.certificates().isEmpty() && c.storage().isEmpty();
                        if (empty || removeWhole) {
                            result.remove(at);
                        } else {
                            result.set(at, left);
                        }
                    }
                }
                default -> throw new BadRequest("BadRequest", "The operation kind must be add, replace or remove.");
            }
        }
        if (result.size() > MAX_POLICIES) {
            throw new BadRequest("BadRequest", "A vault can hold at most 1024 access policies.");
        }
        return result;
    }

    private static int indexOf(List<AccessPolicyRow> list, AccessPolicyRow p) {
        for (int i = 0; i < list.size(); i++) {
            AccessPolicyRow e = list.get(i);
            if (e.tenantId().equalsIgnoreCase(p.tenantId()) && e.objectId().equalsIgnoreCase(p.objectId())
                    && java.util.Objects.equals(e.applicationId(), p.applicationId())) {
                return i;
            }
        }
        return -1;
    }

    private static AccessPolicyRow merge(AccessPolicyRow base, AccessPolicyRow change, boolean add) {
        return new AccessPolicyRow(base.tenantId(), base.objectId(), base.applicationId(),
                combine(base.keys(), change.keys(), add), combine(base.secrets(), change.secrets(), add),
                combine(base.certificates(), change.certificates(), add), combine(base.storage(), change.storage(), add));
    }

    private static List<String> combine(List<String> base, List<String> change, boolean add) {
        Set<String> out = new LinkedHashSet<>(base);
        if (add) {
            out.addAll(change);
        } else {
            out.removeAll(change);
        }
        return List.copyOf(out);
    }
}
