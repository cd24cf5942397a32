package dev.coffer.network;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class TokenBucketTest {

    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    @Test
    void aFullBucketAdmitsItsCapacityThenSaysHowLongToWait() {
        TokenBucket b = new TokenBucket(4, 2 * SECOND);
        long t = 1_000 * SECOND;
        for (int i = 0; i < 4; i++) {
            assertThat(b.tryAcquire(t, 1)).isZero();
        }
        long wait = b.tryAcquire(t, 1);
        assertThat(wait).isEqualTo(SECOND / 2);
        // Refused requests take nothing: the wait does not grow by asking.
        assertThat(b.tryAcquire(t, 1)).isEqualTo(wait);
        assertThat(b.tryAcquire(t + wait, 1)).isZero();
        assertThat(b.tryAcquire(t + wait, 1)).isEqualTo(SECOND / 2);
    }

    @Test
    void aRefundGivesTheTokensBack() {
        TokenBucket b = new TokenBucket(2, 2 * SECOND);
        long t = 50 * SECOND;
        assertThat(b.tryAcquire(t, 1)).isZero();
        assertThat(b.tryAcquire(t, 1)).isZero();
        assertThat(b.tryAcquire(t, 1)).isPositive();
        b.refund(1);
        assertThat(b.tryAcquire(t, 1)).isZero();
        assertThat(b.tryAcquire(t, 1)).isPositive();
    }

    @Test
    void refillsAtTheRateAndNeverBeyondCapacity() {
        TokenBucket b = new TokenBucket(10, 10 * SECOND);
        long t = 0;
        for (int i = 0; i < 10; i++) {
            assertThat(b.tryAcquire(t, 1)).isZero();
        }
        assertThat(b.tryAcquire(t + 3 * SECOND, 3)).isZero();
        assertThat(b.tryAcquire(t + 3 * SECOND, 1)).isPositive();
        // A long idle period fills the bucket to capacity, not more.
        long later = t + 3_600 * SECOND;
        int admitted = 0;
        while (b.tryAcquire(later, 1) == 0) {
            admitted++;
        }
        assertThat(admitted).isEqualTo(10);
    }

    @Test
    void weightedCostsAndOversizedRequests() {
        TokenBucket b = new TokenBucket(16, SECOND);
        assertThat(b.tryAcquire(0, 8)).isZero();
        assertThat(b.tryAcquire(0, 8)).isZero();
        assertThat(b.tryAcquire(0, 1)).isPositive();
        // A cost above capacity is charged as a full bucket, so it can eventually pass.
        assertThat(new TokenBucket(2, SECOND).tryAcquire(0, 5)).isZero();
    }

    @Test
    void racingThreadsGetExactlyTheCapacity() throws Exception {
        TokenBucket b = new TokenBucket(1_000, 3_600 * SECOND);
        AtomicInteger admitted = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<?>> futures = new java.util.ArrayList<>();
            for (int t = 0; t < 16; t++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < 500; i++) {
                        if (b.tryAcquire(42, 1) == 0) {
                            admitted.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(admitted.get()).isEqualTo(1_000);
    }

    @Test
    void throttleKeepsScopesAndClassesApart() {
        long[] now = {0};
        Throttle throttle = new Throttle(ThrottleLimits.azureDefaults().with(ThrottleClass.VAULT,
                new ThrottleLimits.Limit(2, java.time.Duration.ofSeconds(1))), () -> now[0]);
        assertThat(throttle.acquire("a", ThrottleClass.VAULT, 1)).isZero();
        assertThat(throttle.acquire("a", ThrottleClass.VAULT, 1)).isZero();
        assertThat(throttle.acquire("a", ThrottleClass.VAULT, 1)).isPositive();
        assertThat(throttle.acquire("b", ThrottleClass.VAULT, 1)).isZero();
        assertThat(throttle.acquire("a", ThrottleClass.KEY, 1)).isZero();
        assertThat(new Throttle(ThrottleLimits.none(), () -> 0).acquire("a", ThrottleClass.VAULT, 1_000_000)).isZero();
    }

    @Test
    void keyWeightsFollowAzuresTable() {
        assertThat(KeyWeights.transactionUnits("RSA", 2048)).isEqualTo(1);
        assertThat(KeyWeights.transactionUnits("RSA", 3072)).isEqualTo(4);
        assertThat(KeyWeights.transactionUnits("RSA", 4096)).isEqualTo(8);
        assertThat(KeyWeights.transactionUnits("RSA-HSM", 4096)).isEqualTo(16);
        assertThat(KeyWeights.transactionUnits("EC-HSM", 0)).isEqualTo(2);
        assertThat(KeyWeights.transactionUnits("EC", 0)).isEqualTo(1);
        assertThat(KeyWeights.createUnits("RSA-HSM")).isEqualTo(2);
        assertThat(KeyWeights.createUnits("EC")).isEqualTo(1);
    }
}
