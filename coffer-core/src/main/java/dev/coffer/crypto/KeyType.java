package dev.coffer.crypto;

import dev.coffer.error.BadRequest;
import dev.coffer.objects.Names;

/**
 * Azure's key types ({@code kty}). The {@code -HSM} variants live in a PKCS#11 token; {@code oct} exists only
 * as {@code oct-HSM} in Coffer, as in Azure where symmetric keys are a Managed HSM feature.
 */
public enum KeyType {
    RSA("RSA", Family.RSA, false),
    RSA_HSM("RSA-HSM", Family.RSA, true),
    EC("EC", Family.EC, false),
    EC_HSM("EC-HSM", Family.EC, true),
    OCT("oct", Family.OCT, false),
    OCT_HSM("oct-HSM", Family.OCT, true);

    /** What kind of mathematics the key does, whichever side of the HSM boundary it lives. */
    public enum Family { RSA, EC, OCT }

    private final String wireName;
    private final Family family;
    private final boolean hsm;

    KeyType(String wireName, Family family, boolean hsm) {
        this.wireName = wireName;
        this.family = family;
        this.hsm = hsm;
    }

    public String wireName() {
        return wireName;
    }

    public Family family() {
        return family;
    }

    public boolean hsm() {
        return hsm;
    }

    /** The same family inside or outside the HSM. */
    public KeyType withHsm(boolean inHsm) {
        return switch (family) {
            case RSA -> inHsm ? RSA_HSM : RSA;
            case EC -> inHsm ? EC_HSM : EC;
            case OCT -> inHsm ? OCT_HSM : OCT;
        };
    }

    /** Parses a {@code kty}; Azure's names compare case-insensitively. */
    public static KeyType of(String name) {
        if (name != null) {
            for (KeyType t : values()) {
                if (t.wireName.equalsIgnoreCase(name)) {
                    return t;
                }
            }
        }
        throw new BadRequest("BadParameter", "The key type '" + Names.sanitize(name) + "' is not supported. Use one "
                + "of RSA, RSA-HSM, EC, EC-HSM, oct-HSM.");
    }
}
