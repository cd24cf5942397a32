package dev.coffer.keys;

/**
 * One action of a rotation policy: rotate the key, or notify, when a version reaches {@code timeAfterCreate}
 * after its creation or {@code timeBeforeExpiry} before its expiry (exactly one of the two is set).
 */
public record LifetimeAction(Type type, String timeAfterCreate, String timeBeforeExpiry) {

    /** Azure's action types; compared case-insensitively on input. */
    public enum Type {
        ROTATE("Rotate"), NOTIFY("Notify");

        private final String wireName;

        Type(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }

        public static Type of(String name) {
            for (Type t : values()) {
                if (t.wireName.equalsIgnoreCase(name)) {
                    return t;
                }
            }
            throw new dev.coffer.error.BadRequest("BadParameter", "A lifetime action's type must be Rotate or Notify, "
                    + "not '" + dev.coffer.objects.Names.sanitize(name) + "'.");
        }
    }
}
