package dev.coffer.core;

/**
 * A result that names the object version an operation produced or read (a secret version, a key version), so
 * the {@link Dispatcher} can put that version's id in the audit outcome without knowing every engine's types;
 * the event publisher reads it from there.
 */
public interface VersionedResult {

    /** The version id, or null when the result names none. */
    String resultVersion();
}
