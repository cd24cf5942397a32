package dev.coffer.objects;

import dev.coffer.store.ObjectVersionRow;

/** A soft-deleted object as stored: its latest version and when it was deleted and will be purged. */
public record DeletedObject(ObjectVersionRow latest, long deletedDate, long scheduledPurgeDate) {
}
