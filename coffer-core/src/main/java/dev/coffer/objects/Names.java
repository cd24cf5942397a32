package dev.coffer.objects;

import dev.coffer.error.BadRequest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** Object names and versions as Azure shapes them. */
public final class Names {

    private static final Pattern NAME = Pattern.compile("^[0-9a-zA-Z-]{1,127}$");
    private static final Pattern VERSION = Pattern.compile("^[0-9a-fA-F]{32}$");

    private Names() {
    }

    public static String requireObjectName(String name, String what) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new BadRequest("BadParameter", "The request URI contains an invalid name: " + sanitize(name)
                    + ". " + what + " names may contain only 0-9, a-z, A-Z and '-', and be 1 to 127 characters long.");
        }
        return name;
    }

    public static boolean isVersion(String version) {
        return version != null && VERSION.matcher(version).matches();
    }

    public static String newVersion(SecureRandom random) {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /** Names from the request go into messages: keep them short and printable. */
    public static String sanitize(String text) {
        if (text == null) {
            return "(none)";
        }
        String cut = text.length() > 130 ? text.substring(0, 130) + "…" : text;
        return cut.replaceAll("[^\\x20-\\x7E]", "?");
    }
}
