package dev.coffer.network;

import dev.coffer.error.BadRequest;
import dev.coffer.error.Forbidden;
import java.util.Locale;

/**
 * A vault's own minimum TLS version ({@code properties.minimumTlsVersion}, beyond Azure: Azure's vaults share a
 * front end and cannot raise the floor one by one). Values are {@code 1.2} and {@code 1.3}; spellings of other
 * Azure resources ({@code TLS1_2}, {@code TLSv1.3}) are accepted and stored as the short form. The check runs on
 * every request, not per connection, because one HTTP/2 connection may carry requests for several vaults
 * under a wildcard certificate.
 */
public final class TlsFloor {

    public static final String TLS_1_2 = "1.2";
    public static final String TLS_1_3 = "1.3";

    private TlsFloor() {
    }

    /** The canonical value, or null for null; refuses anything but 1.2 and 1.3. */
    public static String normalize(String value) {
        if (value == null) {
            return null;
        }
        String v = value.strip().toUpperCase(Locale.ROOT).replace("TLSV", "").replace("TLS", "").replace('_', '.');
        if (v.equals(TLS_1_2) || v.equals(TLS_1_3)) {
            return v;
        }
        throw new BadRequest("BadRequest", "'minimumTlsVersion' must be 1.2 or 1.3, not '" + Quoted.of(value) + "'.");
    }

    /**
     * True when a connection that negotiated {@code protocol} (JSSE names: {@code TLSv1.2}, {@code TLSv1.3})
     * meets {@code floor} (null: no floor of the vault's own).
     */
    public static boolean admits(String floor, String protocol) {
        if (floor == null) {
            return true;
        }
        return rank(protocol) >= rank("TLSv" + floor);
    }

    public static Forbidden refusal(String vaultName, String floor, String protocol) {
        return new Forbidden("Forbidden", "ForbiddenByTlsVersion", "The vault '" + vaultName + "' requires TLS "
                + floor + " or newer, but this connection negotiated " + (protocol == null ? "no TLS" : protocol)
                + ". Connect again with TLS " + floor + ".");
    }

    private static int rank(String protocol) {
        if (protocol == null) {
            return 0;
        }
        return switch (protocol) {
            case "TLSv1.3" -> 4;
            case "TLSv1.2" -> 3;
            case "TLSv1.1" -> 2;
            case "TLSv1" -> 1;
            default -> 0;
        };
    }
}
