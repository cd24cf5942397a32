package dev.coffer.network;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Token buckets per scope (a vault, or a subscription and caller on the management plane) and
 * {@link ThrottleClass}, created on first use. The hot path is a lock-free map read and a compare-and-set on
 * one bucket; nothing blocks, however many requests race.
 */
public final class Throttle {

    private final ThrottleLimits limits;
    private final LongSupplier nanoClock;
    private final Map<String, TokenBucket[]> buckets = new ConcurrentHashMap<>();

    public Throttle(ThrottleLimits limits, LongSupplier nanoClock) {
        this.limits = limits;
        this.nanoClock = nanoClock;
    }

    public ThrottleLimits limits() {
        return limits;
    }

    /**
     * Takes {@code units} tokens of class {@code c} in {@code scope}.
     *
     * @return 0 when admitted, else nanoseconds until the request would be admitted
     */
    public long acquire(String scope, ThrottleClass c, int units) {
        if (limits.of(c) == null) {
            return 0;
        }
        TokenBucket[] b = buckets.get(scope);
        if (b == null) {
            b = buckets.computeIfAbsent(scope, k -> newBuckets());
        }
        return b[c.ordinal()].tryAcquire(nanoClock.getAsLong(), units);
    }

    private TokenBucket[] newBuckets() {
        ThrottleClass[] classes = ThrottleClass.values();
        TokenBucket[] b = new TokenBucket[classes.length];
        for (ThrottleClass c : classes) {
            ThrottleLimits.Limit l = limits.of(c);
            if (l != null) {
                b[c.ordinal()] = new TokenBucket(l.count(), l.window().toNanos());
            }
        }
        return b;
    }
}
