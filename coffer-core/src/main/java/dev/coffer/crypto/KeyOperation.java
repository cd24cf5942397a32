package dev.coffer.crypto;

import dev.coffer.error.BadRequest;
import dev.coffer.objects.Names;
import java.util.EnumSet;
import java.util.Set;

/**
 * The operations a key may be allowed ({@code key_ops}). Coffer supports the six cryptographic ones; Azure's
 * {@code import}/{@code export}/{@code release} belong to BYOK and key release, which Coffer does not offer.
 */
public enum KeyOperation {
    ENCRYPT("encrypt"), DECRYPT("decrypt"), SIGN("sign"), VERIFY("verify"), WRAP_KEY("wrapKey"),
    UNWRAP_KEY("unwrapKey");

    private final String wireName;

    KeyOperation(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** Operations that use only the public key: what a key imported without private parts can do. */
    public boolean publicKeyOperation() {
        return this == ENCRYPT || this == VERIFY || this == WRAP_KEY;
    }

    /** The operations a key of this family can carry out at all. */
    public static Set<KeyOperation> applicableTo(KeyType.Family family) {
        return switch (family) {
            case RSA -> EnumSet.allOf(KeyOperation.class);
            case EC -> EnumSet.of(SIGN, VERIFY);
            case OCT -> EnumSet.of(ENCRYPT, DECRYPT, WRAP_KEY, UNWRAP_KEY);
        };
    }

    public static KeyOperation of(String name) {
        if (name != null) {
            for (KeyOperation op : values()) {
                if (op.wireName.equalsIgnoreCase(name)) {
                    return op;
                }
            }
        }
        throw new BadRequest("BadParameter", "The key operation '" + Names.sanitize(name) + "' is not supported. "
                + "Use encrypt, decrypt, sign, verify, wrapKey or unwrapKey.");
    }
}
