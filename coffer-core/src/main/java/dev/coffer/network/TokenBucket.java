package dev.coffer.network;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A token bucket of {@code capacity} tokens refilled at {@code capacity} per {@code window}, kept as one
 * {@link AtomicLong}: the generic cell rate algorithm (GCRA) stores only the "theoretical arrival time" when
 * the bucket would be full again, so taking tokens is a compare-and-set, never a lock, and an idle bucket
 * costs nothing to refill. A refused request takes no token (as in Azure, a 429 does not count against the
 * limit).
 */
public final class TokenBucket {

    private final long nanosPerToken;
    private final long windowNanos;
    private final int capacity;
    private final AtomicLong fullAgainAt = new AtomicLong(Long.MIN_VALUE);

    public TokenBucket(int capacity, long windowNanos) {
        if (capacity < 1 || windowNanos < capacity) {
            throw new IllegalArgumentException("a bucket needs at least one token and a window of at least 1 ns per token");
        }
        this.capacity = capacity;
        this.nanosPerToken = windowNanos / capacity;
        this.windowNanos = nanosPerToken * capacity;
    }

    /**
     * Takes {@code cost} tokens at time {@code now} (nanoseconds, any origin, e.g. {@code System.nanoTime()}).
     *
     * @return 0 when taken, else how many nanoseconds until that many tokens will be there
     */
    public long tryAcquire(long now, int cost) {
        long increment = nanosPerToken * Math.min(Math.max(cost, 1), capacity);
        while (true) {
            long current = fullAgainAt.get();
            long next = Math.max(current, now) + increment;
            long debt = next - now;
            if (debt > windowNanos) {
                return debt - windowNanos;
            }
            if (fullAgainAt.compareAndSet(current, next)) {
                return 0;
            }
        }
    }

    /**
     * Gives back {@code cost} tokens taken by {@link #tryAcquire} for a request that another bucket then refused,
     * so that a refused request spends nothing anywhere. Lock-free like taking.
     */
    public void refund(int cost) {
        long increment = nanosPerToken * Math.min(Math.max(cost, 1), capacity);
        fullAgainAt.getAndAdd(-increment);
    }

    public int capacity() {
        return capacity;
    }
}
