package dev.coffer.authz;

import java.util.Map;

/**
 * How a data action maps to an access-policy permission (category and name, as in Azure's official
 * mapping). Names are lower-case; {@code all} in a policy grants the whole category.
 */
final class AccessPolicyPermissions {

    record Needed(String category, String permission) {
    }

    private static final String KV = "microsoft.keyvault/vaults/";

    private static final Map<String, Needed> BY_DATA_ACTION = Map.ofEntries(
            secrets("secrets/getsecret/action", "get"),
            secrets("secrets/readmetadata/action", "list"),
            secrets("secrets/setsecret/action", "set"),
            secrets("secrets/update/action", "set"),
            secrets("secrets/delete", "delete"),
            secrets("secrets/recover/action", "recover"),
            secrets("secrets/purge/action", "purge"),
            secrets("secrets/backup/action", "backup"),
            secrets("secrets/restore/action", "restore"),
            keys("keys/read", "get"),
            keys("keys/create/action", "create"),
            keys("keys/import/action", "import"),
            keys("keys/update/action", "update"),
            keys("keys/delete", "delete"),
            keys("keys/recover/action", "recover"),
            keys("keys/purge/action", "purge"),
            keys("keys/backup/action", "backup"),
            keys("keys/restore/action", "restore"),
            keys("keys/encrypt/action", "encrypt"),
            keys("keys/decrypt/action", "decrypt"),
            keys("keys/wrap/action", "wrapkey"),
            keys("keys/unwrap/action", "unwrapkey"),
            keys("keys/sign/action", "sign"),
            keys("keys/verify/action", "verify"),
            keys("keys/rotate/action", "rotate"),
            keys("keyrotationpolicies/read", "getrotationpolicy"),
            keys("keyrotationpolicies/write", "setrotationpolicy"),
            keys("rng/action", "get"));

    private AccessPolicyPermissions() {
    }

    private static Map.Entry<String, Needed> secrets(String action, String permission) {
        return Map.entry(KV + action, new Needed("secrets", permission));
    }

    private static Map.Entry<String, Needed> keys(String action, String permission) {
        return Map.entry(KV + action, new Needed("keys", permission));
    }

    static Needed forAction(Action action) {
        return BY_DATA_ACTION.get(action.name().toLowerCase(java.util.Locale.ROOT));
    }
}
