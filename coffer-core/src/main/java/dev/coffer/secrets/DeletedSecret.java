package dev.coffer.secrets;

/** A soft-deleted secret: its latest version's properties and when it was deleted and will be purged. */
public record DeletedSecret(SecretProperties properties, long deletedDate, long scheduledPurgeDate) {
}
