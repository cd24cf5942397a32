package dev.coffer.network;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * How many transactions of each {@link ThrottleClass} a bucket allows per window; a class without a limit is
 * not throttled. The defaults are Azure's published limits: per vault and 10 seconds, 300 secret creations,
 * 4,000 other vault transactions, 20 software-key creations, 4,000 RSA-2048/EC software-key transactions;
 * per subscription and caller, Azure Resource Manager's write bucket of 200 refilled at 10 per second.
 */
public final class ThrottleLimits {

    /** One class's limit: {@code count} tokens, refilled at {@code count} per {@code window}. */
    public record Limit(int count, Duration window) {
        public Limit {
            if (count < 1 || window.isNegative() || window.isZero()) {
                throw new IllegalArgumentException("a limit needs a positive count and window");
            }
        }

        @Override
        public String toString() {
            return count + "/" + window.toMillis() + "ms";
        }
    }

    private final Map<ThrottleClass, Limit> limits;

    private ThrottleLimits(Map<ThrottleClass, Limit> limits) {
        this.limits = limits.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(limits));
    }

    public static ThrottleLimits azureDefaults() {
        Map<ThrottleClass, Limit> m = new EnumMap<>(ThrottleClass.class);
        Duration tenSeconds = Duration.ofSeconds(10);
        m.put(ThrottleClass.SECRET_CREATE, new Limit(300, tenSeconds));
        m.put(ThrottleClass.VAULT, new Limit(4_000, tenSeconds));
        m.put(ThrottleClass.KEY_CREATE, new Limit(20, tenSeconds));
        m.put(ThrottleClass.KEY, new Limit(4_000, tenSeconds));
        m.put(ThrottleClass.MANAGEMENT_WRITE, new Limit(200, Duration.ofSeconds(20)));
        return new ThrottleLimits(m);
    }

    public static ThrottleLimits none() {
        return new ThrottleLimits(Map.of());
    }

    /** The limit of {@code c}, or null when it is not throttled. */
    public Limit of(ThrottleClass c) {
        return limits.get(c);
    }

    public boolean isEmpty() {
        return limits.isEmpty();
    }

    public ThrottleLimits with(ThrottleClass c, Limit limit) {
        Map<ThrottleClass, Limit> m = new EnumMap<>(ThrottleClass.class);
        m.putAll(limits);
        if (limit == null) {
            m.remove(c);
        } else {
            m.put(c, limit);
        }
        return new ThrottleLimits(m);
    }

    /**
     * Applies {@code class=count/window} settings to the defaults ({@code vault=4000/10s}, {@code key=off},
     * {@code off} alone for no throttling at all); windows in {@code ms}, {@code s}, {@code m} or {@code h}.
     */
    public static ThrottleLimits parse(Iterable<String> settings) {
        ThrottleLimits out = azureDefaults();
        for (String raw : settings) {
            if (raw == null || raw.isBlank()) {
                continue;
            }
            String s = raw.strip().toLowerCase(Locale.ROOT);
            if (s.equals("off") || s.equals("none")) {
                out = none();
                continue;
            }
            int eq = s.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("a throttle setting is class=count/window or class=off, not '"
                        + Quoted.of(raw) + "'");
            }
            ThrottleClass c = ThrottleClass.ofOption(s.substring(0, eq));
            String value = s.substring(eq + 1).strip();
            if (value.equals("off")) {
                out = out.with(c, null);
                continue;
            }
            int slash = value.indexOf('/');
            if (slash < 0) {
                throw new IllegalArgumentException("'" + Quoted.of(raw) + "': the limit is count/window, e.g. 4000/10s");
            }
            out = out.with(c, new Limit(Integer.parseInt(value.substring(0, slash).strip()),
                    duration(value.substring(slash + 1).strip())));
        }
        return out;
    }

    private static Duration duration(String text) {
        String digits = text.replaceAll("[a-z]+$", "");
        String unit = text.substring(digits.length());
        long n = Long.parseLong(digits.isEmpty() ? "1" : digits);
        return switch (unit) {
            case "ms" -> Duration.ofMillis(n);
            case "s", "" -> Duration.ofSeconds(n);
            case "m", "min" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> throw new IllegalArgumentException("unknown time unit '" + Quoted.of(unit) + "' (ms, s, m, h)");
        };
    }

    @Override
    public String toString() {
        return limits.isEmpty() ? "off" : new EnumMap<>(limits).toString();
    }
}
