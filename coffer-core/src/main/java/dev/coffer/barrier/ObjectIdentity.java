package dev.coffer.barrier;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Who a sealed value belongs to. It is bound into the ciphertext as associated data, so a value copied to
 * another tenant, vault, name or version fails to open instead of leaking under a new name.
 */
public record ObjectIdentity(String tenantId, String vault, String kind, String name, String version) {

    byte[] associatedData() {
        String text = String.join("\u0000", "coffer-object-v1", lower(tenantId), lower(vault), kind, lower(name),
                version == null ? "" : version);
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String lower(String s) {
        return s == null ? "" : s.toLowerCase(Locale.ROOT);
    }
}
