package dev.coffer.network;

import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * How many transactions of each {@link ThrottleClass} a bucket allows per window; a class without a limit is
 * not throttled. The defaults are Azure's published limits: per vault and 10 seconds, 300 secret creations,
 * 4,000 other vault transactions, 20 software-key creations, 4,000 RSA-2048/EC software-key transactions;
 * per subscription and caller, Azure Resource Manager's write bucket of 200 refilled at 10 per second.
 *
 * <p>Every data-plane class also has a subscription-wide limit: Azure's "subscription-wide limits for all
 * transaction types are five times the per key vault limit". Unless set on its own ({@code subscription-vault=…}),
 * it follows the class's vault limit, so {@code vault=100/1s} makes the subscription's 500/1s.
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

    /** Azure's factor between a subscription's limit and a vault's. */
    public static final int SUBSCRIPTION_FACTOR = 5;
    /** The prefix of a subscription-wide setting: {@code subscription-vault=20000/10s}, {@code subscription=off}. */
    static final String SUBSCRIPTION_PREFIX = "subscription-";

    private final Map<ThrottleClass, Limit> limits;
    /** Subscription limits set on their own; a class mapped to null has none. Others follow {@link #limits}. */
    private final Map<ThrottleClass, Limit> subscriptionOverrides;

    private ThrottleLimits(Map<ThrottleClass, Limit> limits, Map<ThrottleClass, Limit> subscriptionOverrides) {
        this.limits = limits.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(limits));
        // EnumMap, not Map.copyOf: null values mean "no subscription limit for this class".
        this.subscriptionOverrides = Collections.unmodifiableMap(subscriptionOverrides.isEmpty()
                ? new EnumMap<>(ThrottleClass.class) : new EnumMap<>(subscriptionOverrides));
    }

    private ThrottleLimits(Map<ThrottleClass, Limit> limits) {
        this(limits, Map.of());
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

    /**
     * The subscription-wide limit of {@code c}, or null when there is none: the one set for it, else
     * {@value #SUBSCRIPTION_FACTOR} times the vault limit over the same window. Management writes have none (their
     * buckets are already per subscription and caller).
     */
    public Limit ofSubscription(ThrottleClass c) {
        if (c == ThrottleClass.MANAGEMENT_WRITE) {
            return null;
        }
        if (subscriptionOverrides.containsKey(c)) {
            return subscriptionOverrides.get(c);
        }
        Limit vault = limits.get(c);
        return vault == null ? null
                : new Limit((int) Math.min(Integer.MAX_VALUE, (long) vault.count() * SUBSCRIPTION_FACTOR), vault.window());
    }

    public boolean isEmpty() {
        return limits.isEmpty() && subscriptionOverrides.values().stream().allMatch(Objects::isNull);
    }

    public ThrottleLimits with(ThrottleClass c, Limit limit) {
        Map<ThrottleClass, Limit> m = new EnumMap<>(ThrottleClass.class);
        m.putAll(limits);
        if (limit == null) {
            m.remove(c);
        } else {
            m.put(c, limit);
        }
        return new ThrottleLimits(m, subscriptionOverrides);
    }

    /** Sets the subscription-wide limit of {@code c} on its own; null for none. */
    public ThrottleLimits withSubscription(ThrottleClass c, Limit limit) {
        if (c == ThrottleClass.MANAGEMENT_WRITE) {
            throw new IllegalArgumentException("management writes are counted per subscription and caller already");
        }
        Map<ThrottleClass, Limit> m = new EnumMap<>(ThrottleClass.class);
        m.putAll(subscriptionOverrides);
        m.put(c, limit);
        return new ThrottleLimits(limits, m);
    }

    /** No subscription-wide limits at all (vault limits unchanged). */
    public ThrottleLimits withoutSubscriptionLimits() {
        ThrottleLimits out = this;
        for (ThrottleClass c : ThrottleClass.values()) {
            if (c != ThrottleClass.MANAGEMENT_WRITE) {
                out = out.withSubscription(c, null);
            }
        }
        return out;
    }

    /**
     * Applies {@code class=count/window} settings to the defaults ({@code vault=4000/10s}, {@code key=off},
     * {@code off} alone for no throttling at all); windows in {@code ms}, {@code s}, {@code m} or {@code h}.
     * {@code subscription-class=…} sets a subscription-wide limit on its own, {@code subscription=off} lifts them
     * all.
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
            String name = s.substring(0, eq).strip();
            String value = s.substring(eq + 1).strip();
            if (name.equals("subscription")) {
                if (!value.equals("off")) {
                    throw new IllegalArgumentException("'" + Quoted.of(raw) + "': use subscription=off, or "
                            + SUBSCRIPTION_PREFIX + "class=count/window for one class");
                }
                out = out.withoutSubscriptionLimits();
            } else if (name.startsWith(SUBSCRIPTION_PREFIX)) {
                out = out.withSubscription(ThrottleClass.ofOption(name.substring(SUBSCRIPTION_PREFIX.length())),
                        limit(raw, value));
            } else {
                out = out.with(ThrottleClass.ofOption(name), limit(raw, value));
            }
        }
        return out;
    }

    /** {@code count/window}, or null for {@code off}. */
    private static Limit limit(String raw, String value) {
        if (value.equals("off")) {
            return null;
        }
        int slash = value.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("'" + Quoted.of(raw) + "': the limit is count/window, e.g. 4000/10s");
        }
        return new Limit(Integer.parseInt(value.substring(0, slash).strip()), duration(value.substring(slash + 1).strip()));
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
        if (isEmpty()) {
            return "off";
        }
        Map<ThrottleClass, Limit> subscription = new EnumMap<>(ThrottleClass.class);
        for (ThrottleClass c : ThrottleClass.values()) {
            Limit l = ofSubscription(c);
            if (l != null) {
                subscription.put(c, l);
            }
        }
        return new EnumMap<>(limits) + " per subscription " + subscription;
    }
}
