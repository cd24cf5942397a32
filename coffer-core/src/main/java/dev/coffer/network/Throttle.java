package dev.coffer.network;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * Token buckets per scope (a vault, a subscription, or a subscription and caller on the management plane) and
 * {@link ThrottleClass}, created on first use. The hot path is a lock-free map read and a compare-and-set on
 * a bucket or two; nothing blocks, however many requests race.
 */
public final class Throttle {

    /**
     * A refusal: how long to wait, and whether the subscription-wide bucket refused (the vault's had room).
     * Made only for refused requests, so an admitted one allocates nothing.
     */
    public record Refusal(long waitNanos, boolean subscriptionWide) {
    }

    private final ThrottleLimits limits;
    private final LongSupplier nanoClock;
    private final Map<String, TokenBucket[]> buckets = new ConcurrentHashMap<>();
    /** Kept apart from {@link #buckets} so a subscription id needs no prefix (and no string built per request). */
    private final Map<String, TokenBucket[]> subscriptionBuckets = new ConcurrentHashMap<>();
    private final Function<String, TokenBucket[]> newBuckets;
    private final Function<String, TokenBucket[]> newSubscriptionBuckets;
    /** Per class: is there a vault (or management) limit, a subscription limit? Read on every request. */
    private final boolean[] limited;
    private final boolean[] subscriptionLimited;

    public Throttle(ThrottleLimits limits, LongSupplier nanoClock) {
        this.limits = limits;
        this.nanoClock = nanoClock;
        this.newBuckets = scope -> bucketsFor(limits::of);
        this.newSubscriptionBuckets = scope -> bucketsFor(limits::ofSubscription);
        ThrottleClass[] classes = ThrottleClass.values();
        this.limited = new boolean[classes.length];
        this.subscriptionLimited = new boolean[classes.length];
        for (ThrottleClass c : classes) {
            limited[c.ordinal()] = limits.of(c) != null;
            subscriptionLimited[c.ordinal()] = limits.ofSubscription(c) != null;
        }
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
        if (!limited[c.ordinal()]) {
            return 0;
        }
        return bucket(buckets, newBuckets, scope, c).tryAcquire(nanoClock.getAsLong(), units);
    }

    /**
     * Takes {@code units} tokens of data-plane class {@code c} from the vault's bucket and from its
     * subscription's: a request must pass both. When the subscription refuses, the vault's tokens are given
     * back, so a refused request spends nothing (as in Azure, a 429 does not count).
     *
     * @return null when admitted, else the refusal
     */
    public Refusal acquire(String subscription, String vault, ThrottleClass c, int units) {
        int i = c.ordinal();
        if (!limited[i] && !subscriptionLimited[i]) {
            return null;
        }
        long now = nanoClock.getAsLong();
        TokenBucket vaultBucket = limited[i] ? bucket(buckets, newBuckets, vault, c) : null;
        if (vaultBucket != null) {
            long wait = vaultBucket.tryAcquire(now, units);
            if (wait != 0) {
                return new Refusal(wait, false);
            }
        }
        TokenBucket subscriptionBucket = subscriptionLimited[i]
                ? bucket(subscriptionBuckets, newSubscriptionBuckets, subscription, c) : null;
        if (subscriptionBucket != null) {
            long wait = subscriptionBucket.tryAcquire(now, units);
            if (wait != 0) {
                if (vaultBucket != null) {
                    vaultBucket.refund(units);
                }
                return new Refusal(wait, true);
            }
        }
        return null;
    }

    private static TokenBucket bucket(Map<String, TokenBucket[]> map, Function<String, TokenBucket[]> create,
                                      String scope, ThrottleClass c) {
        TokenBucket[] b = map.get(scope);
        if (b == null) {
            b = map.computeIfAbsent(scope, create);
        }
        return b[c.ordinal()];
    }

    private static TokenBucket[] bucketsFor(Function<ThrottleClass, ThrottleLimits.Limit> limitOf) {
        ThrottleClass[] classes = ThrottleClass.values();
        TokenBucket[] b = new TokenBucket[classes.length];
        for (ThrottleClass c : classes) {
            ThrottleLimits.Limit l = limitOf.apply(c);
            if (l != null) {
                b[c.ordinal()] = new TokenBucket(l.count(), l.window().toNanos());
            }
        }
        return b;
    }
}
