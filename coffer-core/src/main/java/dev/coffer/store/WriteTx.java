package dev.coffer.store;

/**
 * Writes inside one transaction. {@code put*} inserts or replaces by the row's identity. Deletes of
 * absent rows are no-ops.
 */
public interface WriteTx extends ReadTx {

    void putTenant(TenantRow row);

    void putPrincipal(PrincipalRow row);

    /** Deletes a principal with its credentials, refresh tokens and memberships (as member and as group). */
    void deletePrincipal(String objectId);

    void putCredential(CredentialRow row);

    void putGroupMember(GroupMemberRow row);

    void deleteGroupMember(String groupId, String memberId);

    void putRefreshToken(RefreshTokenRow row);

    void deleteRefreshToken(byte[] tokenHash);

    /** Revokes every refresh token of a principal. */
    void deleteRefreshTokens(String objectId);

    void putTenantSetting(String tenantId, String name, String value);

    void deleteCredential(String objectId, String keyId);

    void putKeyring(KeyringRow row);

    void putSigningKey(SigningKeyRow row);

    void putSubscription(SubscriptionRow row);

    void putResourceGroup(ResourceGroupRow row);

    void deleteResourceGroup(String subscriptionId, String name);

    void putVault(VaultRow row);

    void deleteVault(String name);

    void putVirtualNetwork(VirtualNetworkRow row);

    void deleteVirtualNetwork(String subscriptionId, String resourceGroup, String name);

    void putRoleAssignment(RoleAssignmentRow row);

    void putRoleDefinition(RoleDefinitionRow row);

    void deleteRoleDefinition(String id);

    void deleteRoleAssignment(String assignmentName);

    void putObjectName(ObjectNameRow row);

    /** Inserts a new version; the store assigns the next sequence number (the row's own is ignored). */
    ObjectVersionRow insertVersion(ObjectVersionRow row);

    /** Replaces the mutable fields (attributes, tags, content type, extra) of an existing version. */
    void updateVersion(ObjectVersionRow row);

    /** Removes a name and every version of it in one vault. */
    void purgeObject(String vaultName, ObjectKind kind, String name);

    /** Removes every object of every kind in a vault (vault purge). */
    void purgeVaultObjects(String vaultName);

    /** Inserts or replaces a key's rotation policy; the key's name row must exist (else StoreException). */
    void putKeyRotationPolicy(KeyRotationPolicyRow row);
}
