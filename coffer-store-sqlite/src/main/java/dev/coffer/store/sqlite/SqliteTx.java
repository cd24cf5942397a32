package dev.coffer.store.sqlite;

import dev.coffer.store.CredentialRow;
import dev.coffer.store.GroupMemberRow;
import dev.coffer.store.RefreshTokenRow;
import dev.coffer.store.RoleDefinitionRow;
import dev.coffer.store.KeyRotationPolicyRow;
import dev.coffer.store.KeyringRow;
import dev.coffer.store.ObjectKind;
import dev.coffer.store.ObjectNameRow;
import dev.coffer.store.ObjectVersionRow;
import dev.coffer.store.PrincipalRow;
import dev.coffer.store.ResourceGroupRow;
import dev.coffer.store.RoleAssignmentRow;
import dev.coffer.store.SigningKeyRow;
import dev.coffer.store.SubscriptionRow;
import dev.coffer.store.TenantRow;
import dev.coffer.store.VaultRow;
import dev.coffer.store.WriteTx;
import java.util.List;
import java.util.Optional;

/**
 * The SPI's view of one connection, whose transaction is managed by the caller (the reader pool or the group
 * commit writer). Readers get it as a {@link dev.coffer.store.ReadTx}; their connections are query-only, so
 * casting it back to write fails in SQLite rather than writing.
 */
final class SqliteTx implements WriteTx {

    private final SqlSession session;
    private final DirectoryTables directory;
    private final RoleDefinitionTable roleDefinitions;
    private final KeyTables keys;
    private final ResourceTables resources;
    private final VaultTable vaults;
    private final ObjectTables objects;
    private final KeyRotationPolicyTable rotationPolicies;

    SqliteTx(SqlSession session) {
        this.session = session;
        this.directory = new DirectoryTables(session);
        this.roleDefinitions = new RoleDefinitionTable(session);
        this.keys = new KeyTables(session);
        this.resources = new ResourceTables(session);
        this.vaults = new VaultTable(session);
        this.objects = new ObjectTables(session);
        this.rotationPolicies = new KeyRotationPolicyTable(session);
    }

    SqlSession session() {
        return session;
    }

    // identity and tenancy

    @Override
    public Optional<TenantRow> tenant(String tenantId) {
        return directory.tenant(tenantId);
    }

    @Override
    public List<TenantRow> tenants() {
        return directory.tenants();
    }

    @Override
    public Optional<PrincipalRow> principal(String objectId) {
        return directory.principal(objectId);
    }

    @Override
    public Optional<PrincipalRow> principalByAppId(String tenantId, String appId) {
        return directory.principalByAppId(tenantId, appId);
    }

    @Override
    public List<PrincipalRow> principals(String tenantId) {
        return directory.principals(tenantId);
    }

    @Override
    public List<CredentialRow> credentials(String objectId) {
        return directory.credentials(objectId);
    }

    @Override
    public List<RoleDefinitionRow> roleDefinitions() {
        return roleDefinitions.all();
    }

    @Override
    public void putRoleDefinition(RoleDefinitionRow row) {
        roleDefinitions.put(row);
    }

    @Override
    public void deleteRoleDefinition(String id) {
        roleDefinitions.delete(id);
    }

    @Override
    public Optional<PrincipalRow> principalByUpn(String tenantId, String userPrincipalName) {
        return directory.principalByUpn(tenantId, userPrincipalName);
    }

    @Override
    public List<GroupMemberRow> groupMembers() {
        return directory.groupMembers();
    }

    @Override
    public Optional<RefreshTokenRow> refreshToken(byte[] tokenHash) {
        return directory.refreshToken(tokenHash);
    }

    @Override
    public java.util.Map<String, String> tenantSettings(String tenantId) {
        return directory.tenantSettings(tenantId);
    }

    @Override
    public void putGroupMember(GroupMemberRow row) {
        directory.putGroupMember(row);
    }

    @Override
    public void deleteGroupMember(String groupId, String memberId) {
        directory.deleteGroupMember(groupId, memberId);
    }

    @Override
    public void putRefreshToken(RefreshTokenRow row) {
        directory.putRefreshToken(row);
    }

    @Override
    public void deleteRefreshToken(byte[] tokenHash) {
        directory.deleteRefreshToken(tokenHash);
    }

    @Override
    public void deleteRefreshTokens(String objectId) {
        directory.deleteRefreshTokens(objectId);
    }

    @Override
    public void putTenantSetting(String tenantId, String name, String value) {
        directory.putTenantSetting(tenantId, name, value);
    }

    @Override
    public List<KeyringRow> keyring() {
        return keys.keyring();
    }

    @Override
    public List<SigningKeyRow> signingKeys(String tenantId) {
        return keys.signingKeys(tenantId);
    }

    @Override
    public void putTenant(TenantRow row) {
        directory.putTenant(row);
    }

    @Override
    public void putPrincipal(PrincipalRow row) {
        directory.putPrincipal(row);
    }

    @Override
    public void deletePrincipal(String objectId) {
        directory.deletePrincipal(objectId);
    }

    @Override
    public void putCredential(CredentialRow row) {
        directory.putCredential(row);
    }

    @Override
    public void deleteCredential(String objectId, String keyId) {
        directory.deleteCredential(objectId, keyId);
    }

    @Override
    public void putKeyring(KeyringRow row) {
        keys.putKeyring(row);
    }

    @Override
    public void putSigningKey(SigningKeyRow row) {
        keys.putSigningKey(row);
    }

    // resources

    @Override
    public Optional<SubscriptionRow> subscription(String subscriptionId) {
        return resources.subscription(subscriptionId);
    }

    @Override
    public List<SubscriptionRow> subscriptions(String tenantId) {
        return resources.subscriptions(tenantId);
    }

    @Override
    public Optional<ResourceGroupRow> resourceGroup(String subscriptionId, String name) {
        return resources.resourceGroup(subscriptionId, name);
    }

    @Override
    public List<ResourceGroupRow> resourceGroups(String subscriptionId) {
        return resources.resourceGroups(subscriptionId);
    }

    @Override
    public List<RoleAssignmentRow> roleAssignments() {
        return resources.roleAssignments();
    }

    @Override
    public Optional<RoleAssignmentRow> roleAssignment(String assignmentName) {
        return resources.roleAssignment(assignmentName);
    }

    @Override
    public void putSubscription(SubscriptionRow row) {
        resources.putSubscription(row);
    }

    @Override
    public void putResourceGroup(ResourceGroupRow row) {
        resources.putResourceGroup(row);
    }

    @Override
    public void deleteResourceGroup(String subscriptionId, String name) {
        resources.deleteResourceGroup(subscriptionId, name);
    }

    @Override
    public void putRoleAssignment(RoleAssignmentRow row) {
        resources.putRoleAssignment(row);
    }

    @Override
    public void deleteRoleAssignment(String assignmentName) {
        resources.deleteRoleAssignment(assignmentName);
    }

    @Override
    public Optional<VaultRow> vault(String name) {
        return vaults.vault(name);
    }

    @Override
    public List<VaultRow> vaults(String subscriptionId) {
        return vaults.vaults(subscriptionId);
    }

    @Override
    public void putVault(VaultRow row) {
        vaults.putVault(row);
    }

    @Override
    public void deleteVault(String name) {
        vaults.deleteVault(name);
    }

    // virtual networks (rare, small: a table object per call keeps this class's state unchanged)

    @Override
    public List<dev.coffer.store.VirtualNetworkRow> virtualNetworks() {
        return new VirtualNetworkTable(session).virtualNetworks();
    }

    @Override
    public Optional<dev.coffer.store.VirtualNetworkRow> virtualNetwork(String subscriptionId, String resourceGroup,
                                                                       String name) {
        return new VirtualNetworkTable(session).virtualNetwork(subscriptionId, resourceGroup, name);
    }

    @Override
    public void putVirtualNetwork(dev.coffer.store.VirtualNetworkRow row) {
        new VirtualNetworkTable(session).put(row);
    }

    @Override
    public void deleteVirtualNetwork(String subscriptionId, String resourceGroup, String name) {
        new VirtualNetworkTable(session).delete(subscriptionId, resourceGroup, name);
    }

    // vault objects

    @Override
    public Optional<ObjectNameRow> objectName(String vaultName, ObjectKind kind, String name) {
        return objects.objectName(vaultName, kind, name);
    }

    @Override
    public Optional<ObjectVersionRow> latestVersion(String vaultName, ObjectKind kind, String name) {
        return objects.latestVersion(vaultName, kind, name);
    }

    @Override
    public Optional<ObjectVersionRow> version(String vaultName, ObjectKind kind, String name, String version) {
        return objects.version(vaultName, kind, name, version);
    }

    @Override
    public List<ObjectVersionRow> latestVersions(String vaultName, ObjectKind kind, String afterName, int limit) {
        return objects.latestVersions(vaultName, kind, afterName, limit);
    }

    @Override
    public List<ObjectVersionRow> versions(String vaultName, ObjectKind kind, String name, long afterSequence,
                                           int limit) {
        return objects.versions(vaultName, kind, name, afterSequence, limit);
    }

    @Override
    public List<ObjectNameRow> deletedNames(String vaultName, ObjectKind kind, String afterName, int limit) {
        return objects.deletedNames(vaultName, kind, afterName, limit);
    }

    @Override
    public List<ObjectNameRow> purgeDue(long epochSecond, int limit) {
        return objects.purgeDue(epochSecond, limit);
    }

    @Override
    public long objectCount(String vaultName, ObjectKind kind) {
        return objects.objectCount(vaultName, kind);
    }

    @Override
    public void putObjectName(ObjectNameRow row) {
        objects.putObjectName(row);
    }

    @Override
    public ObjectVersionRow insertVersion(ObjectVersionRow row) {
        return objects.insertVersion(row);
    }

    @Override
    public void updateVersion(ObjectVersionRow row) {
        objects.updateVersion(row);
    }

    @Override
    public void purgeObject(String vaultName, ObjectKind kind, String name) {
        objects.purgeObject(vaultName, kind, name);
    }

    @Override
    public void purgeVaultObjects(String vaultName) {
        objects.purgeVaultObjects(vaultName);
    }

    // key rotation policies

    @Override
    public Optional<KeyRotationPolicyRow> keyRotationPolicy(String vaultName, String keyName) {
        return rotationPolicies.policy(vaultName, keyName);
    }

    @Override
    public List<KeyRotationPolicyRow> keyRotationPolicies(String afterVault, String afterKey, int limit) {
        return rotationPolicies.policies(afterVault, afterKey, limit);
    }

    @Override
    public void putKeyRotationPolicy(KeyRotationPolicyRow row) {
        rotationPolicies.put(row);
    }
}
