package dev.coffer.crypto;

import dev.coffer.error.BadRequest;
import dev.coffer.objects.Names;

/** The elliptic curves Azure names ({@code crv}), with the JCA name and the size of one coordinate. */
public enum Curve {
    P_256("P-256", "secp256r1", 32),
    P_384("P-384", "secp384r1", 48),
    P_521("P-521", "secp521r1", 66),
    /** secp256k1: the JDK no longer implements it, so software keys on it use BouncyCastle. */
    P_256K("P-256K", "secp256k1", 32);

    private final String wireName;
    private final String jcaName;
    private final int fieldBytes;

    Curve(String wireName, String jcaName, int fieldBytes) {
        this.wireName = wireName;
        this.jcaName = jcaName;
        this.fieldBytes = fieldBytes;
    }

    public String wireName() {
        return wireName;
    }

    public String jcaName() {
        return jcaName;
    }

    /** Bytes of one coordinate or scalar; a raw R‖S signature is twice this. */
    public int fieldBytes() {
        return fieldBytes;
    }

    public static Curve of(String name) {
        if (name != null) {
            for (Curve c : values()) {
                if (c.wireName.equalsIgnoreCase(name)) {
                    return c;
                }
            }
        }
        throw new BadRequest("BadParameter", "The curve '" + Names.sanitize(name) + "' is not supported. Use one of "
                + "P-256, P-384, P-521, P-256K.");
    }
}
