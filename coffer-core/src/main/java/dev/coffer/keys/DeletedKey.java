package dev.coffer.keys;

/** A soft-deleted key: its latest version and when it was deleted and will be purged. */
public record DeletedKey(KeyBundle key, long deletedDate, long scheduledPurgeDate) {
}
