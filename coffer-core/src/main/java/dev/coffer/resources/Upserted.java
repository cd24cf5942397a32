package dev.coffer.resources;

/** The result of a create-or-update: the stored value and whether it was created (201) or updated (200). */
public record Upserted<T>(T value, boolean created) {
}
