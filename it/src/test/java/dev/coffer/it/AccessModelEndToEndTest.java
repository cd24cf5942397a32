package dev.coffer.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.security.keyvault.secrets.SecretClient;
import com.azure.security.keyvault.secrets.SecretClientBuilder;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The access model end to end with the Azure SDK for Java: object-scope RBAC, access policies, groups, custom
 * roles, time-bound assignments, the permission-model switch, self-grants and revocation mid-session.
 */
class AccessModelEndToEndTest {

    private static final String SECRETS_USER = "4633458b-17de-408a-b874-0445c86b69e6";
    private static final String KV_CONTRIBUTOR = "f25e0fa2-a7c8-4377-a976-54943a77a395";
    private static final String DATA_ACCESS_ADMIN = "8b54135c-b56d-4d72-a534-26097cfdc8d8";
    private static final String OWNER = "8e3af657-a8ff-443c-a75c-2fe8c4bcb635";

    @TempDir
    static Path dataDir;

    static RunningCoffer coffer;
    static Directory directory;
    static String sub;
    static String rbacVault;
    static String policyVault;

    @BeforeAll
    static void start() throws Exception {
        coffer = RunningCoffer.start(dataDir);
        String mgmt = coffer.adminManagementToken();
        coffer.createVault(mgmt, "rg-am", "rbacvault", true, false);
        coffer.createVault(mgmt, "rg-am", "policyvault", false, false);
        directory = new Directory(coffer);
        sub = "/subscriptions/" + coffer.bootstrap().subscriptionId();
        rbacVault = sub + "/resourceGroups/rg-am/providers/Microsoft.KeyVault/vaults/rbacvault";
        policyVault = sub + "/resourceGroups/rg-am/providers/Microsoft.KeyVault/vaults/policyvault";
        SecretClient admin = client("rbacvault", coffer.adminCredential());
        admin.setSecret("mine", "granted-value");
        admin.setSecret("sibling", "not-for-you");
    }

    @AfterAll
    static void stop() throws Exception {
        coffer.close();
    }

    static SecretClient client(String vault, com.azure.core.credential.TokenCredential credential) {
        return new SecretClientBuilder().vaultUrl(coffer.vaultUrl(vault)).credential(credential)
                .httpClient(coffer.azureHttpClient()).buildClient();
    }

    private static RunningCoffer.Reply putAssignment(String token, String scope, String role, String principal,
                                                     String extra) throws Exception {
        return coffer.call("PUT", coffer.arm(scope + "/providers/Microsoft.Authorization/roleAssignments/"
                + UUID.randomUUID() + "?api-version=2022-04-01"), token, "{\"properties\":{\"roleDefinitionId\":"
                + "\"/providers/Microsoft.Authorization/roleDefinitions/" + role + "\",\"principalId\":\"" + principal
                + "\"" + extra + "}}");
    }

    @Test
    void objectScopeGrantReadsOneSecretOnlyAndRevocationIsImmediate() throws Exception {
        Directory.App app = directory.createApp("reader");
        RunningCoffer.Reply created = putAssignment(coffer.adminManagementToken(), rbacVault + "/secrets/mine",
                SECRETS_USER, app.spId(), "");
        assertThat(created.status()).isEqualTo(201);
        SecretClient reader = client("rbacvault", coffer.credential(app.appId(), app.secret()));
        assertThat(reader.getSecret("mine").getValue()).isEqualTo("granted-value");
        assertThatThrownBy(() -> reader.getSecret("sibling")).hasMessageContaining("ForbiddenByRbac");
        assertThatThrownBy(() -> reader.setSecret("mine", "overwrite")).hasMessageContaining("ForbiddenByRbac");
        assertThatThrownBy(() -> reader.beginDeleteSecret("mine")).hasMessageContaining("ForbiddenByRbac");

        String id = created.json().get("id").asText();
        assertThat(coffer.call("DELETE", coffer.arm(id + "?api-version=2022-04-01"), coffer.adminManagementToken(),
                null).status()).isEqualTo(200);
        assertThatThrownBy(() -> reader.getSecret("mine")).hasMessageContaining("ForbiddenByRbac");
    }

    @Test
    void accessPolicyVaultGrantsVaultWideAndHonoursCompoundIdentity() throws Exception {
        SecretClient admin = client("policyvault", coffer.adminCredential());
        assertThatThrownBy(() -> admin.getSecret("x")).as("RBAC roles do not reach an access-policy vault")
                .hasMessageContaining("ForbiddenByPolicy");
        Directory.App app = directory.createApp("policy-reader");
        String body = "{\"properties\":{\"accessPolicies\":[{\"tenantId\":\"" + coffer.bootstrap().tenantId()
                + "\",\"objectId\":\"" + coffer.server().directory().principal(coffer.bootstrap().clientId()).map(p -> p.objectId())
                .orElse(adminObjectId()) + "\",\"permissions\":{\"secrets\":[\"all\"]}},{\"tenantId\":\""
                + coffer.bootstrap().tenantId() + "\",\"objectId\":\"" + app.spId()
                + "\",\"permissions\":{\"secrets\":[\"Get\",\"List\"]}}]}}";
        RunningCoffer.Reply added = coffer.call("PUT", coffer.arm(policyVault + "/accessPolicies/add?api-version=2023-07-01"),
                coffer.adminManagementToken(), body);
        assertThat(added.status()).isEqualTo(200);
        admin.setSecret("pv-secret", "policy-protected");
        SecretClient reader = client("policyvault", coffer.credential(app.appId(), app.secret()));
        assertThat(reader.getSecret("pv-secret").getValue()).isEqualTo("policy-protected");
        assertThatThrownBy(() -> reader.setSecret("pv-secret", "no")).hasMessageContaining("ForbiddenByPolicy");

        String remove = "{\"properties\":{\"accessPolicies\":[{\"tenantId\":\"" + coffer.bootstrap().tenantId()
                + "\",\"objectId\":\"" + app.spId() + "\",\"permissions\":{\"secrets\":[\"get\",\"list\"]}}]}}";
        assertThat(coffer.call("PUT", coffer.arm(policyVault + "/accessPolicies/remove?api-version=2023-07-01"),
                coffer.adminManagementToken(), remove).status()).isEqualTo(200);
        assertThatThrownBy(() -> reader.getSecret("pv-secret")).hasMessageContaining("ForbiddenByPolicy");
    }

    private static String adminObjectId() {
        return coffer.server().directory().servicePrincipalByAppId(coffer.bootstrap().tenantId(),
                coffer.bootstrap().clientId()).orElseThrow().objectId();
    }

    @Test
    void customRolesAreAssignableAndCannotBeDeletedWhileAssigned() throws Exception {
        String roleId = UUID.randomUUID().toString();
        String admin = coffer.adminManagementToken();
        String role = "{\"properties\":{\"roleName\":\"Secret peeker\",\"description\":\"reads one thing\","
                + "\"permissions\":[{\"actions\":[],\"notActions\":[],\"dataActions\":["
                + "\"Microsoft.KeyVault/vaults/secrets/getSecret/action\"],\"notDataActions\":[]}],"
                + "\"assignableScopes\":[\"" + sub + "\"]}}";
        RunningCoffer.Reply created = coffer.call("PUT", coffer.arm(sub + "/providers/Microsoft.Authorization/"
                + "roleDefinitions/" + roleId + "?api-version=2022-04-01"), admin, role);
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().get("properties").get("type").asText()).isEqualTo("CustomRole");
        RunningCoffer.Reply listed = coffer.call("GET", coffer.arm(sub + "/providers/Microsoft.Authorization/"
                + "roleDefinitions?api-version=2022-04-01&$filter=roleName%20eq%20'Secret%20peeker'"), admin, null);
        assertThat(listed.json().get("value").size()).isEqualTo(1);

        Directory.App app = directory.createApp("peeker");
        RunningCoffer.Reply assigned = putAssignment(admin, rbacVault, roleId, app.spId(), "");
        assertThat(assigned.status()).isEqualTo(201);
        SecretClient peeker = client("rbacvault", coffer.credential(app.appId(), app.secret()));
        assertThat(peeker.getSecret("sibling").getValue()).isEqualTo("not-for-you");
        assertThatThrownBy(() -> peeker.listPropertiesOfSecrets().iterator().next())
                .hasMessageContaining("ForbiddenByRbac");

        RunningCoffer.Reply busy = coffer.call("DELETE", coffer.arm(sub + "/providers/Microsoft.Authorization/"
                + "roleDefinitions/" + roleId + "?api-version=2022-04-01"), admin, null);
        assertThat(busy.status()).isEqualTo(409);
        coffer.call("DELETE", coffer.arm(assigned.json().get("id").asText() + "?api-version=2022-04-01"), admin, null);
        assertThat(coffer.call("DELETE", coffer.arm(sub + "/providers/Microsoft.Authorization/roleDefinitions/"
                + roleId + "?api-version=2022-04-01"), admin, null).status()).isEqualTo(200);
    }

    @Test
    void timeBoundAssignmentsCountOnlyInsideTheirWindow() throws Exception {
        Directory.App expired = directory.createApp("expired");
        Directory.App future = directory.createApp("future");
        String admin = coffer.adminManagementToken();
        assertThat(putAssignment(admin, rbacVault, SECRETS_USER, expired.spId(), ",\"endDateTime\":\""
                + Instant.now().minusSeconds(60) + "\"").status()).isEqualTo(201);
        assertThat(putAssignment(admin, rbacVault, SECRETS_USER, future.spId(), ",\"startDateTime\":\""
                + Instant.now().plusSeconds(3600) + "\"").status()).isEqualTo(201);
        assertThatThrownBy(() -> client("rbacvault", coffer.credential(expired.appId(), expired.secret()))
                .getSecret("mine")).hasMessageContaining("ForbiddenByRbac");
        assertThatThrownBy(() -> client("rbacvault", coffer.credential(future.appId(), future.secret()))
                .getSecret("mine")).hasMessageContaining("ForbiddenByRbac");
    }

    @Test
    void dataAccessAdministratorAssignsDataRolesOnly() throws Exception {
        Directory.App delegate = directory.createApp("delegate");
        assertThat(putAssignment(coffer.adminManagementToken(), rbacVault, DATA_ACCESS_ADMIN, delegate.spId(), "")
                .status()).isEqualTo(201);
        String token = coffer.token(delegate.appId(), delegate.secret(), coffer.bootstrap().managementAudience()
                + ".default");
        Directory.App target = directory.createApp("target");
        assertThat(putAssignment(token, rbacVault, SECRETS_USER, target.spId(), "").status()).isEqualTo(201);
        RunningCoffer.Reply owner = putAssignment(token, rbacVault, OWNER, target.spId(), "");
        assertThat(owner.status()).isEqualTo(403);
        assertThat(owner.errorCode()).isEqualTo("AuthorizationFailed");
    }

    @Test
    void switchingThePermissionModelNeedsUnrestrictedRoleAssignmentRights() throws Exception {
        Directory.App contributor = directory.createApp("kv-contributor");
        assertThat(putAssignment(coffer.adminManagementToken(), sub, KV_CONTRIBUTOR, contributor.spId(), "").status())
                .isEqualTo(201);
        String token = coffer.token(contributor.appId(), contributor.secret(),
                coffer.bootstrap().managementAudience() + ".default");
        String url = coffer.arm(policyVault + "?api-version=2023-07-01");
        RunningCoffer.Reply refused = coffer.call("PATCH", url, token, "{\"properties\":{\"enableRbacAuthorization\":true}}");
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.text()).contains("roleAssignments/write");
        RunningCoffer.Reply tags = coffer.call("PATCH", url, token, "{\"tags\":{\"team\":\"blue\"}}");
        assertThat(tags.status()).isEqualTo(200);
        assertThat(tags.json().get("properties").get("enableRbacAuthorization").asBoolean()).isFalse();
    }

    @Test
    void selfGrantIsFlaggedAndCanBeForbiddenByTenantPolicy() throws Exception {
        Directory.App contributor = directory.createApp("self-granter");
        assertThat(putAssignment(coffer.adminManagementToken(), policyVault, KV_CONTRIBUTOR, contributor.spId(), "")
                .status()).isEqualTo(201);
        String token = coffer.token(contributor.appId(), contributor.secret(),
                coffer.bootstrap().managementAudience() + ".default");
        String grant = "{\"properties\":{\"accessPolicies\":[{\"tenantId\":\"" + coffer.bootstrap().tenantId()
                + "\",\"objectId\":\"" + contributor.spId() + "\",\"permissions\":{\"secrets\":[\"get\"]}}]}}";
        String url = coffer.arm(policyVault + "/accessPolicies/add?api-version=2023-07-01");
        assertThat(coffer.call("PUT", url, token, grant).status()).as("Azure's documented behaviour").isEqualTo(200);
        String audit = Files.readString(dataDir.resolve("audit").resolve("audit.log"));
        assertThat(audit).contains("VaultAccessPolicyUpdate");

        assertThat(directory.call("PATCH", "policies/cofferTenantPolicy", "{\"forbidSelfGrant\":true}").status())
                .isEqualTo(204);
        RunningCoffer.Reply refused = coffer.call("PUT", url, token, grant);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.text()).contains("forbidSelfGrant");
        directory.call("PATCH", "policies/cofferTenantPolicy", "{\"forbidSelfGrant\":false}");
    }

    @Test
    void badAssignmentsAreRefusedAndStoreNothing() throws Exception {
        String admin = coffer.adminManagementToken();
        Directory.App app = directory.createApp("bad-inputs");
        String listUrl = coffer.arm(rbacVault + "/providers/Microsoft.Authorization/roleAssignments?api-version=2022-04-01"
                + "&$filter=principalId%20eq%20'" + app.spId() + "'");
        RunningCoffer.Reply unknownRole = putAssignment(admin, rbacVault, UUID.randomUUID().toString(), app.spId(), "");
        assertThat(unknownRole.status()).isEqualTo(400);
        assertThat(unknownRole.errorCode()).isEqualTo("RoleDefinitionDoesNotExist");
        RunningCoffer.Reply noPrincipal = putAssignment(admin, rbacVault, SECRETS_USER, UUID.randomUUID().toString(), "");
        assertThat(noPrincipal.status()).isEqualTo(400);
        assertThat(noPrincipal.errorCode()).isEqualTo("PrincipalNotFound");
        RunningCoffer.Reply malformed = putAssignment(admin, sub + "/resourceGroups/rg-am/providers/Bogus/things/x",
                SECRETS_USER, app.spId(), "");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.errorCode()).isEqualTo("InvalidScope");
        RunningCoffer.Reply otherSub = putAssignment(admin, "/subscriptions/" + UUID.randomUUID(), SECRETS_USER,
                app.spId(), "");
        assertThat(otherSub.status()).isIn(403, 404);
        assertThat(coffer.call("GET", listUrl, admin, null).json().get("value").size()).isZero();

        assertThat(putAssignment(admin, rbacVault, SECRETS_USER, app.spId(), "").status()).isEqualTo(201);
        RunningCoffer.Reply duplicate = putAssignment(admin, rbacVault, SECRETS_USER, app.spId(), "");
        assertThat(duplicate.status()).isEqualTo(409);
        assertThat(duplicate.errorCode()).isEqualTo("RoleAssignmentExists");
        JsonNode listed = coffer.call("GET", listUrl, admin, null).json();
        assertThat(listed.get("value").size()).isEqualTo(1);
        JsonNode atScope = coffer.call("GET", coffer.arm(rbacVault + "/secrets/mine/providers/Microsoft.Authorization/"
                + "roleAssignments?api-version=2022-04-01&$filter=atScope()"), admin, null).json();
        assertThat(atScope.get("value").toString()).contains(app.spId()).contains(coffer.bootstrap().subscriptionId());
    }
}
