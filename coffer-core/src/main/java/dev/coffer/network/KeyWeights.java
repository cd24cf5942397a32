package dev.coffer.network;

import java.util.Locale;

/**
 * Azure weighs key transactions by key type and enforces the sum: an RSA 4,096-bit HSM key's GET costs what
 * sixteen RSA 2,048-bit software-key GETs cost (4,000 / 250). Weights here are in units of the
 * {@link ThrottleClass#KEY} bucket (4,000 RSA-2048/EC software transactions per 10 s) and of the
 * {@link ThrottleClass#KEY_CREATE} bucket (20 software creations per 10 s; HSM creations count double).
 * The edge, which has not read the key, charges one unit; the key engine charges the rest with
 * {@link Throttle#acquire} once it knows the key ({@link #extraUnits}).
 */
public final class KeyWeights {

    private KeyWeights() {
    }

    /**
     * @param kty  the JWK key type ({@code RSA}, {@code RSA-HSM}, {@code EC}, {@code EC-HSM}, {@code oct-HSM}, …)
     * @param bits RSA modulus size (ignored for other types)
     */
    public static int transactionUnits(String kty, int bits) {
        String t = kty == null ? "" : kty.toUpperCase(Locale.ROOT);
        boolean hsm = t.endsWith("-HSM");
        int software;
        if (t.startsWith("RSA")) {
            software = bits >= 4096 ? 8 : bits >= 3072 ? 4 : 1;
        } else {
            software = 1;
        }
        return hsm ? software * 2 : software;
    }

    public static int createUnits(String kty) {
        return kty != null && kty.toUpperCase(Locale.ROOT).endsWith("-HSM") ? 2 : 1;
    }

    /** The units beyond the one the edge already charged. */
    public static int extraUnits(int units) {
        return Math.max(0, units - 1);
    }
}
