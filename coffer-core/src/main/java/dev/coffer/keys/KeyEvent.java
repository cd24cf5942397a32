package dev.coffer.keys;

/**
 * Something about a key that monitoring should hear of: a policy's Notify action came due for a version, or
 * rotation made a new version. Names and times only, never material.
 *
 * @param expires the version's expiry (Unix seconds), or null
 */
public record KeyEvent(Type type, String tenantId, String vaultName, String keyName, String version, Long expires,
                       long time) {

    /** Named as Azure Event Grid names them. */
    public enum Type {
        NEAR_EXPIRY("Microsoft.KeyVault.KeyNearExpiry"),
        NEW_VERSION_CREATED("Microsoft.KeyVault.KeyNewVersionCreated");

        private final String eventType;

        Type(String eventType) {
            this.eventType = eventType;
        }

        public String eventType() {
            return eventType;
        }
    }
}
