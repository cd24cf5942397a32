package dev.coffer.keys;

import java.util.List;

/**
 * A key's rotation policy: its lifetime actions and the {@code expiryTime} given to versions that rotation
 * creates. {@code created}/{@code updated} are null for the default policy of a key that never had one set.
 */
public record KeyRotationPolicy(String keyName, List<LifetimeAction> lifetimeActions, String expiryTime,
                                Long created, Long updated) {
    public KeyRotationPolicy {
        lifetimeActions = List.copyOf(lifetimeActions);
    }

    /** What Azure answers for a key without a policy: notify 30 days before expiry, no expiry time. */
    public static KeyRotationPolicy defaultFor(String keyName) {
        return new KeyRotationPolicy(keyName, List.of(new LifetimeAction(LifetimeAction.Type.NOTIFY, null, "P30D")),
                null, null, null);
    }
}
