package dev.coffer.store;

import java.util.Map;

/**
 * A key's rotation policy as stored, belonging to the key's name (it goes when the key is purged).
 * {@code lifetimeActions} maps an action type to its trigger (the keys engine owns the encoding);
 * {@code notifiedVersion} is the last version a Notify action fired for, so it fires once per version.
 */
public record KeyRotationPolicyRow(String vaultName, String keyName, Map<String, String> lifetimeActions,
                                   String expiryTime, long createdAt, long updatedAt, String notifiedVersion) {
    public KeyRotationPolicyRow {
        lifetimeActions = Map.copyOf(lifetimeActions);
    }
}
