package dev.coffer.store;

/**
 * The name-level state of a vault object: the stored casing of its name and, while it is soft-deleted,
 * when it was deleted and when it will be purged.
 */
public record ObjectNameRow(String vaultName, ObjectKind kind, String name, Long deletedAt, Long scheduledPurgeAt) {

    public boolean deleted() {
        return deletedAt != null;
    }
}
