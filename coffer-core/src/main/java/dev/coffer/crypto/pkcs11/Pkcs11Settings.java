package dev.coffer.crypto.pkcs11;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Where the HSM is: the PKCS#11 library, the token's slot (by id or by index in the list of slots with a
 * token), and a file holding the user PIN. Read from the environment ({@code COFFER_PKCS11_LIBRARY},
 * {@code COFFER_PKCS11_SLOT} or {@code COFFER_PKCS11_SLOT_INDEX}, {@code COFFER_PKCS11_PIN_FILE}) or the same
 * as system properties ({@code coffer.pkcs11.library}, …). No library means no HSM; a library without a PIN
 * file is a configuration mistake and refuses to start.
 */
public record Pkcs11Settings(Path library, Long slot, Integer slotIndex, Path pinFile) {

    public static Optional<Pkcs11Settings> from(Map<String, String> env, Properties system) {
        String library = value(env, system, "COFFER_PKCS11_LIBRARY", "coffer.pkcs11.library");
        if (library == null) {
            return Optional.empty();
        }
        String pin = value(env, system, "COFFER_PKCS11_PIN_FILE", "coffer.pkcs11.pinFile");
        if (pin == null) {
            throw new IllegalStateException("COFFER_PKCS11_LIBRARY is set but COFFER_PKCS11_PIN_FILE is not: "
                    + "refusing to start without the token's PIN");
        }
        String slot = value(env, system, "COFFER_PKCS11_SLOT", "coffer.pkcs11.slot");
        String index = value(env, system, "COFFER_PKCS11_SLOT_INDEX", "coffer.pkcs11.slotIndex");
        try {
            return Optional.of(new Pkcs11Settings(Path.of(library), slot == null ? null : Long.parseLong(slot.strip()),
                    index == null ? null : Integer.parseInt(index.strip()), Path.of(pin)));
        } catch (NumberFormatException e) {
            throw new IllegalStateException("COFFER_PKCS11_SLOT and COFFER_PKCS11_SLOT_INDEX must be integers");
        }
    }

    public static Optional<Pkcs11Settings> fromEnvironment() {
        return from(System.getenv(), System.getProperties());
    }

    /** The PIN, read when the token is opened and not kept. */
    char[] readPin() {
        try {
            return Files.readString(pinFile).strip().toCharArray();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the PKCS#11 PIN file " + pinFile, e);
        }
    }

    private static String value(Map<String, String> env, Properties system, String envName, String property) {
        String v = system.getProperty(property);
        if (v == null || v.isBlank()) {
            v = env.get(envName);
        }
        return v == null || v.isBlank() ? null : v;
    }
}
