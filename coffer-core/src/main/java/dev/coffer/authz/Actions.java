package dev.coffer.authz;

/** The action strings Coffer's operations map to, as Azure names them. */
public final class Actions {

    private static final String KV = "Microsoft.KeyVault/vaults/";

    public static final Action SUBSCRIPTIONS_READ = Action.control("Microsoft.Resources/subscriptions/read");
    public static final Action RESOURCE_GROUPS_READ =
            Action.control("Microsoft.Resources/subscriptions/resourceGroups/read");
    public static final Action RESOURCE_GROUPS_WRITE =
            Action.control("Microsoft.Resources/subscriptions/resourceGroups/write");
    public static final Action RESOURCE_GROUPS_DELETE =
            Action.control("Microsoft.Resources/subscriptions/resourceGroups/delete");

    public static final Action VAULTS_READ = Action.control("Microsoft.KeyVault/vaults/read");
    public static final Action VAULTS_WRITE = Action.control("Microsoft.KeyVault/vaults/write");
    public static final Action VAULTS_DELETE = Action.control("Microsoft.KeyVault/vaults/delete");
    public static final Action VAULT_ACCESS_POLICIES_WRITE =
            Action.control("Microsoft.KeyVault/vaults/accessPolicies/write");
    public static final Action DELETED_VAULTS_READ = Action.control("Microsoft.KeyVault/locations/deletedVaults/read");
    public static final Action DELETED_VAULTS_PURGE =
            Action.control("Microsoft.KeyVault/locations/deletedVaults/purge/action");
    public static final Action CHECK_NAME_AVAILABILITY =
            Action.control("Microsoft.KeyVault/checkNameAvailability/read");

    public static final Action ROLE_ASSIGNMENTS_READ = Action.control("Microsoft.Authorization/roleAssignments/read");
    public static final Action ROLE_ASSIGNMENTS_WRITE =
            Action.control("Microsoft.Authorization/roleAssignments/write");
    public static final Action ROLE_ASSIGNMENTS_DELETE =
            Action.control("Microsoft.Authorization/roleAssignments/delete");
    public static final Action ROLE_DEFINITIONS_READ = Action.control("Microsoft.Authorization/roleDefinitions/read");
    public static final Action ROLE_DEFINITIONS_WRITE =
            Action.control("Microsoft.Authorization/roleDefinitions/write");
    public static final Action ROLE_DEFINITIONS_DELETE =
            Action.control("Microsoft.Authorization/roleDefinitions/delete");

    public static final Action SECRETS_GET = Action.data(KV + "secrets/getSecret/action");
    public static final Action SECRETS_READ_METADATA = Action.data(KV + "secrets/readMetadata/action");
    public static final Action SECRETS_SET = Action.data(KV + "secrets/setSecret/action");
    public static final Action SECRETS_UPDATE = Action.data(KV + "secrets/update/action");
    public static final Action SECRETS_DELETE = Action.data(KV + "secrets/delete");
    public static final Action SECRETS_RECOVER = Action.data(KV + "secrets/recover/action");
    public static final Action SECRETS_PURGE = Action.data(KV + "secrets/purge/action");
    public static final Action SECRETS_BACKUP = Action.data(KV + "secrets/backup/action");
    public static final Action SECRETS_RESTORE = Action.data(KV + "secrets/restore/action");

    public static final Action KEYS_READ = Action.data(KV + "keys/read");
    public static final Action KEYS_CREATE = Action.data(KV + "keys/create/action");
    public static final Action KEYS_IMPORT = Action.data(KV + "keys/import/action");
    public static final Action KEYS_UPDATE = Action.data(KV + "keys/update/action");
    public static final Action KEYS_DELETE = Action.data(KV + "keys/delete");
    public static final Action KEYS_RECOVER = Action.data(KV + "keys/recover/action");
    public static final Action KEYS_PURGE = Action.data(KV + "keys/purge/action");
    public static final Action KEYS_BACKUP = Action.data(KV + "keys/backup/action");
    public static final Action KEYS_RESTORE = Action.data(KV + "keys/restore/action");
    public static final Action KEYS_ENCRYPT = Action.data(KV + "keys/encrypt/action");
    public static final Action KEYS_DECRYPT = Action.data(KV + "keys/decrypt/action");
    public static final Action KEYS_WRAP = Action.data(KV + "keys/wrap/action");
    public static final Action KEYS_UNWRAP = Action.data(KV + "keys/unwrap/action");
    public static final Action KEYS_SIGN = Action.data(KV + "keys/sign/action");
    public static final Action KEYS_VERIFY = Action.data(KV + "keys/verify/action");
    public static final Action KEYS_ROTATE = Action.data(KV + "keys/rotate/action");
    public static final Action KEY_ROTATION_POLICIES_READ = Action.data(KV + "keyrotationpolicies/read");
    public static final Action KEY_ROTATION_POLICIES_WRITE = Action.data(KV + "keyrotationpolicies/write");
    /** Random bytes: Azure's Managed HSM names it {@code managedHsm/rng/action}; Coffer's vaults use this. */
    public static final Action RNG = Action.data(KV + "rng/action");

    public static final Action DIRECTORY_USERS_WRITE = Action.control("microsoft.directory/users/write");
    public static final Action DIRECTORY_GROUPS_WRITE = Action.control("microsoft.directory/groups/write");
    public static final Action DIRECTORY_APPLICATIONS_WRITE =
            Action.control("microsoft.directory/applications/write");
    public static final Action DIRECTORY_SERVICE_PRINCIPALS_WRITE =
            Action.control("microsoft.directory/servicePrincipals/write");
    public static final Action DIRECTORY_ROLES_WRITE = Action.control("microsoft.directory/roleAssignments/write");

    private Actions() {
    }
}
