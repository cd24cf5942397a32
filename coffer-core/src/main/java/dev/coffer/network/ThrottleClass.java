package dev.coffer.network;

import java.util.Locale;

/**
 * The operation classes Azure publishes separate limits for. Key transactions are weighted by key type (see
 * {@link KeyWeights}): their buckets count in units of an RSA 2048-bit (or EC) software key.
 */
public enum ThrottleClass {
    /** Setting a secret (a new version): Azure's "Secret CREATE", per vault. */
    SECRET_CREATE("secret-create"),
    /** Every other secret, certificate and vault transaction, per vault. */
    VAULT("vault"),
    /** Generating key material (create, rotate), per vault; an import is an ordinary key transaction. */
    KEY_CREATE("key-create"),
    /** Every other key transaction (get, sign, decrypt, …), per vault. */
    KEY("key"),
    /** Management-plane writes and deletes, per subscription and caller (as Azure Resource Manager counts). */
    MANAGEMENT_WRITE("management-write");

    private final String option;

    ThrottleClass(String option) {
        this.option = option;
    }

    /** The name used in configuration ({@code --throttle key=4000/10s}). */
    public String option() {
        return option;
    }

    public static ThrottleClass ofOption(String name) {
        for (ThrottleClass c : values()) {
            if (c.option.equals(name.strip().toLowerCase(Locale.ROOT))) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown throttle class '" + Quoted.of(name) + "'; use one of "
                + java.util.Arrays.stream(values()).map(ThrottleClass::option).toList());
    }
}
