package dev.coffer.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.security.keyvault.keys.KeyClient;
import com.azure.security.keyvault.keys.KeyClientBuilder;
import com.azure.security.keyvault.keys.cryptography.CryptographyClient;
import com.azure.security.keyvault.keys.cryptography.CryptographyClientBuilder;
import com.azure.security.keyvault.keys.cryptography.models.EncryptionAlgorithm;
import com.azure.security.keyvault.keys.cryptography.models.SignatureAlgorithm;
import com.azure.security.keyvault.keys.models.KeyType;
import com.azure.security.keyvault.keys.models.KeyVaultKey;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The keys' data actions are authorized like the secrets': in an RBAC vault by role assignments down to one
 * key's scope (Key Vault Crypto User there may sign with that key and nothing else), in an access-policy vault
 * by the policies' key permissions (sign without decrypt). Denials are Azure's 403s naming the data action.
 */
class KeyAccessControlTest {

    static final String CRYPTO_USER = "12338af0-0e69-4776-bea7-57ae8d297424";

    @TempDir
    static Path dataDir;

    static RunningCoffer coffer;
    static Directory directory;
    static String sub;

    @BeforeAll
    static void start() throws Exception {
        coffer = RunningCoffer.start(dataDir);
        String mgmt = coffer.adminManagementToken();
        coffer.createVault(mgmt, "rg-keyaccess", "keyrbac", true, false);
        coffer.createVault(mgmt, "rg-keyaccess", "keypolicy", false, false);
        directory = new Directory(coffer);
        sub = "/subscriptions/" + coffer.bootstrap().subscriptionId();
    }

    @AfterAll
    static void stop() throws Exception {
        coffer.close();
    }

    static KeyClient keys(String vault, com.azure.core.credential.TokenCredential credential) {
        return new KeyClientBuilder().vaultUrl(coffer.vaultUrl(vault)).credential(credential)
                .httpClient(coffer.azureHttpClient()).buildClient();
    }

    static CryptographyClient crypto(String kid, com.azure.core.credential.TokenCredential credential) {
        return new CryptographyClientBuilder().keyIdentifier(kid).credential(credential)
                .httpClient(coffer.azureHttpClient()).disableKeyCaching().buildClient();
    }

    @Test
    void aCryptoUserOnOneKeyMayUseThatKeyOnly() throws Exception {
        KeyClient admin = keys("keyrbac", coffer.adminCredential());
        KeyVaultKey mine = admin.createKey("mine", KeyType.RSA);
        KeyVaultKey other = admin.createKey("other", KeyType.RSA);
        Directory.App app = directory.createApp("key-user");
        String scope = sub + "/resourceGroups/rg-keyaccess/providers/Microsoft.KeyVault/vaults/keyrbac/keys/mine";
        RunningCoffer.Reply assigned = coffer.call("PUT", coffer.arm(scope + "/providers/Microsoft.Authorization/"
                + "roleAssignments/" + UUID.randomUUID() + "?api-version=2022-04-01"), coffer.adminManagementToken(),
                "{\"properties\":{\"roleDefinitionId\":\"/providers/Microsoft.Authorization/roleDefinitions/"
                        + CRYPTO_USER + "\",\"principalId\":\"" + app.spId() + "\"}}");
        assertThat(assigned.status()).as(assigned.text()).isEqualTo(201);
        var credential = coffer.credential(app.appId(), app.secret());

        byte[] digest = new byte[32];
        assertThat(crypto(mine.getId(), credential).sign(SignatureAlgorithm.RS256, digest).getSignature())
                .hasSize(256);
        assertThat(keys("keyrbac", credential).getKey("mine").getName()).isEqualTo("mine");
        assertThatThrownBy(() -> crypto(other.getId(), credential).sign(SignatureAlgorithm.RS256, digest))
                .hasMessageContaining("ForbiddenByRbac").hasMessageContaining("keys/sign/action");
        assertThatThrownBy(() -> keys("keyrbac", credential).createKey("new", KeyType.EC))
                .hasMessageContaining("ForbiddenByRbac").hasMessageContaining("keys/create/action");
        assertThatThrownBy(() -> keys("keyrbac", credential).beginDeleteKey("mine"))
                .hasMessageContaining("ForbiddenByRbac");
    }

    @Test
    void accessPolicyKeyPermissionsAreEnforcedPerOperation() throws Exception {
        Directory.App app = directory.createApp("policy-signer");
        String adminId = coffer.server().directory().servicePrincipalByAppId(coffer.bootstrap().tenantId(),
                coffer.bootstrap().clientId()).orElseThrow().objectId();
        String vault = sub + "/resourceGroups/rg-keyaccess/providers/Microsoft.KeyVault/vaults/keypolicy";
        String body = "{\"properties\":{\"accessPolicies\":[{\"tenantId\":\"" + coffer.bootstrap().tenantId()
                + "\",\"objectId\":\"" + adminId + "\",\"permissions\":{\"keys\":[\"all\"]}},{\"tenantId\":\""
                + coffer.bootstrap().tenantId() + "\",\"objectId\":\"" + app.spId()
                + "\",\"permissions\":{\"keys\":[\"Get\",\"Sign\"]}}]}}";
        assertThat(coffer.call("PUT", coffer.arm(vault + "/accessPolicies/add?api-version=2023-07-01"),
                coffer.adminManagementToken(), body).status()).isEqualTo(200);
        KeyVaultKey key = keys("keypolicy", coffer.adminCredential()).createKey("policy-key", KeyType.RSA);

        var credential = coffer.credential(app.appId(), app.secret());
        CryptographyClient signer = crypto(key.getId(), credential);
        assertThat(signer.sign(SignatureAlgorithm.PS256, new byte[32]).getSignature()).hasSize(256);
        assertThatThrownBy(() -> signer.decrypt(EncryptionAlgorithm.RSA_OAEP, new byte[256]))
                .hasMessageContaining("ForbiddenByPolicy");
        assertThatThrownBy(() -> keys("keypolicy", credential).listPropertiesOfKeys().iterator().next())
                .hasMessageContaining("ForbiddenByPolicy");
    }
}
