package dev.coffer.store.sqlite;

import java.util.Locale;

/**
 * The lower-cased form under which identifiers are indexed and compared. Computed here, never with SQLite's
 * lower(), which folds only ASCII.
 */
final class NameKey {

    private NameKey() {
    }

    static String of(String name) {
        return name == null ? null : name.toLowerCase(Locale.ROOT);
    }

    /** Lower bound for "after this name" paging: the empty string sorts before every real name. */
    static String after(String name) {
        return name == null ? "" : of(name);
    }
}
