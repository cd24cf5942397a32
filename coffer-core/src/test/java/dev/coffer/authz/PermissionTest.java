package dev.coffer.authz;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PermissionTest {

    @ParameterizedTest(name = "{0} matches {1}: {2}")
    @CsvSource({
            "*, Microsoft.KeyVault/vaults/write, true",
            "*/read, Microsoft.KeyVault/vaults/read, true",
            "*/read, Microsoft.KeyVault/vaults/write, false",
            "Microsoft.KeyVault/*, Microsoft.KeyVault/vaults/accessPolicies/write, true",
            "Microsoft.KeyVault/vaults/*/read, Microsoft.KeyVault/vaults/keys/read, true",
            "Microsoft.KeyVault/vaults/*/read, Microsoft.KeyVault/vaults/secrets/getSecret/action, false",
            "Microsoft.KeyVault/vaults/*/read, Microsoft.KeyVault/vaults/read, false",
            "microsoft.keyvault/VAULTS/write, Microsoft.KeyVault/vaults/write, true",
            "Microsoft.Authorization/*/Write, Microsoft.Authorization/roleAssignments/write, true",
            "Microsoft.KeyVault/vaults/secrets/*, Microsoft.KeyVault/vaults/secretsX/read, false",
            "Microsoft.KeyVault/vaults.read, Microsoft.KeyVault/vaultsXread, false",
    })
    void wildcardsMatchAsAzureDoes(String pattern, String action, boolean expected) {
        assertThat(new ActionPattern(pattern).matches(action)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} grants {1}: {2}")
    @CsvSource({
            "Owner, Microsoft.Authorization/roleAssignments/write, false, true",
            "Owner, Microsoft.KeyVault/vaults/secrets/getSecret/action, true, false",
            "Contributor, Microsoft.KeyVault/vaults/write, false, true",
            "Contributor, Microsoft.Authorization/roleAssignments/write, false, false",
            "Contributor, Microsoft.Authorization/roleAssignments/delete, false, false",
            "Reader, Microsoft.KeyVault/vaults/read, false, true",
            "Reader, Microsoft.KeyVault/vaults/write, false, false",
            "User Access Administrator, Microsoft.Authorization/roleAssignments/write, false, true",
            "Key Vault Administrator, Microsoft.KeyVault/vaults/secrets/getSecret/action, true, true",
            "Key Vault Administrator, Microsoft.KeyVault/vaults/write, false, false",
            "Key Vault Secrets User, Microsoft.KeyVault/vaults/secrets/getSecret/action, true, true",
            "Key Vault Secrets User, Microsoft.KeyVault/vaults/secrets/setSecret/action, true, false",
            "Key Vault Secrets Officer, Microsoft.KeyVault/vaults/secrets/purge/action, true, true",
            "Key Vault Secrets Officer, Microsoft.KeyVault/vaults/keys/read, true, false",
            "Key Vault Reader, Microsoft.KeyVault/vaults/secrets/readMetadata/action, true, true",
            "Key Vault Reader, Microsoft.KeyVault/vaults/secrets/getSecret/action, true, false",
            "Key Vault Contributor, Microsoft.KeyVault/vaults/accessPolicies/write, false, true",
            "Key Vault Contributor, Microsoft.KeyVault/locations/deletedVaults/purge/action, false, false",
            "Key Vault Contributor, Microsoft.KeyVault/vaults/secrets/getSecret/action, true, false",
            "Key Vault Crypto User, Microsoft.KeyVault/vaults/keys/sign/action, true, true",
            "Key Vault Crypto User, Microsoft.KeyVault/vaults/keys/delete, true, false",
            "Key Vault Certificate User, Microsoft.KeyVault/vaults/secrets/getSecret/action, true, true",
            "Key Vault Data Access Administrator, Microsoft.Authorization/roleAssignments/write, false, true",
            "Key Vault Data Access Administrator, Microsoft.KeyVault/vaults/write, false, false",
    })
    void builtInRolesGrantWhatAzurePublishes(String role, String action, boolean data, boolean expected) {
        Action a = data ? Action.data(action) : Action.control(action);
        assertThat(BuiltInRoles.byName(role).grants(a)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({
            "Owner, 8e3af657-a8ff-443c-a75c-2fe8c4bcb635",
            "Contributor, b24988ac-6180-42a0-ab88-20f7382dd24c",
            "Reader, acdd72a7-3385-48ef-bd42-f606fba81ae7",
            "Key Vault Administrator, 00482a5a-887f-4fb3-b363-3b7fe8e74483",
            "Key Vault Secrets Officer, b86a8fe4-44ce-4948-aee5-eccb2c155cd7",
            "Key Vault Secrets User, 4633458b-17de-408a-b874-0445c86b69e6",
    })
    void builtInRolesCarryAzuresGuids(String role, String guid) {
        assertThat(BuiltInRoles.byName(role).id()).isEqualTo(guid);
        assertThat(BuiltInRoles.all()).hasSize(16);
    }
}
