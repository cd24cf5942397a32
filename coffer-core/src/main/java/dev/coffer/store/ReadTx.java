package dev.coffer.store;

import java.util.List;
import java.util.Optional;

/** What a snapshot read can see. Names passed in are compared case-insensitively by the store. */
public interface ReadTx {

    // identity and tenancy
    Optional<TenantRow> tenant(String tenantId);

    List<TenantRow> tenants();

    Optional<PrincipalRow> principal(String objectId);

    Optional<PrincipalRow> principalByAppId(String tenantId, String appId);

    List<PrincipalRow> principals(String tenantId);

    List<CredentialRow> credentials(String objectId);

    /** The user with this user principal name in the tenant (compared case-insensitively). */
    Optional<PrincipalRow> principalByUpn(String tenantId, String userPrincipalName);

    /** Every direct group membership of the installation (the directory keeps them in memory). */
    List<GroupMemberRow> groupMembers();

    Optional<RefreshTokenRow> refreshToken(byte[] tokenHash);

    /** A tenant's policy settings (for example whether MFA is required on the management plane). */
    java.util.Map<String, String> tenantSettings(String tenantId);

    List<KeyringRow> keyring();

    List<SigningKeyRow> signingKeys(String tenantId);

    // resources
    Optional<SubscriptionRow> subscription(String subscriptionId);

    List<SubscriptionRow> subscriptions(String tenantId);

    Optional<ResourceGroupRow> resourceGroup(String subscriptionId, String name);

    List<ResourceGroupRow> resourceGroups(String subscriptionId);

    /** Vault names are unique across the installation, deleted vaults included. */
    Optional<VaultRow> vault(String name);

    List<VaultRow> vaults(String subscriptionId);

    /** Every virtual network of the installation (the network rules keep them in memory). */
    List<VirtualNetworkRow> virtualNetworks();

    Optional<VirtualNetworkRow> virtualNetwork(String subscriptionId, String resourceGroup, String name);

    List<RoleAssignmentRow> roleAssignments();

    /** Custom role definitions of every tenant. */
    List<RoleDefinitionRow> roleDefinitions();

    Optional<RoleAssignmentRow> roleAssignment(String assignmentName);

    // vault objects (secrets now; keys and certificates share the shape)
    Optional<ObjectNameRow> objectName(String vaultName, ObjectKind kind, String name);

    /** Newest version first is not implied: this returns the version with the highest sequence. */
    Optional<ObjectVersionRow> latestVersion(String vaultName, ObjectKind kind, String name);

    Optional<ObjectVersionRow> version(String vaultName, ObjectKind kind, String name, String version);

    /**
     * One entry per live (not deleted) name, ordered by lower-cased name, starting after {@code afterName}
     * (null for the first page), at most {@code limit} entries. Each entry is the latest version.
     */
    List<ObjectVersionRow> latestVersions(String vaultName, ObjectKind kind, String afterName, int limit);

    /** All versions of one name ordered by sequence, starting after {@code afterSequence}, at most limit. */
    List<ObjectVersionRow> versions(String vaultName, ObjectKind kind, String name, long afterSequence, int limit);

    /** Deleted names ordered by lower-cased name, after {@code afterName}, at most limit. */
    List<ObjectNameRow> deletedNames(String vaultName, ObjectKind kind, String afterName, int limit);

    /** Deleted names whose scheduled purge time is at or before {@code epochSecond}, across vaults. */
    List<ObjectNameRow> purgeDue(long epochSecond, int limit);

    long objectCount(String vaultName, ObjectKind kind);

    // key rotation policies
    Optional<KeyRotationPolicyRow> keyRotationPolicy(String vaultName, String keyName);

    /** Policies of live (not deleted) keys across vaults, ordered by (vault, key) after the given pair. */
    List<KeyRotationPolicyRow> keyRotationPolicies(String afterVault, String afterKey, int limit);
}
