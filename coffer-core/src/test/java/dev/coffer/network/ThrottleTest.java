package dev.coffer.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ThrottleTest {

    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    private final AtomicLong now = new AtomicLong(1_000 * SECOND);

    private static ThrottleLimits vaultLimit(int count) {
        return ThrottleLimits.azureDefaults().with(ThrottleClass.VAULT, new ThrottleLimits.Limit(count, Duration.ofSeconds(10)));
    }

    @Test
    void twoVaultsOfOneSubscriptionTogetherHitTheSubscriptionLimitWhileEachIsUnderItsOwn() {
        // Vault limit 10, subscription limit 5 x 10 = 50: six vaults of 9 requests each stay under their own
        // limit, but together (54) pass the subscription's.
        Throttle throttle = new Throttle(vaultLimit(10), now::get);
        int admitted = 0;
        Throttle.Refusal last = null;
        for (int v = 0; v < 6; v++) {
            for (int i = 0; i < 9; i++) {
                Throttle.Refusal r = throttle.acquire("sub-a", "vault-" + v, ThrottleClass.VAULT, 1);
                if (r == null) {
                    admitted++;
                } else {
                    last = r;
                }
            }
        }
        assertThat(admitted).isEqualTo(50);
        assertThat(last.subscriptionWide()).isTrue();
        assertThat(last.waitNanos()).isEqualTo(SECOND / 5);
        // Another subscription has its own budget.
        assertThat(throttle.acquire("sub-b", "vault-b", ThrottleClass.VAULT, 1)).isNull();
        // Refused requests spent nothing in their vault: vault-5 took 5 of its 9 and still has 5 left once the
        // subscription refills.
        now.addAndGet(10 * SECOND);
        for (int i = 0; i < 5; i++) {
            assertThat(throttle.acquire("sub-a", "vault-5", ThrottleClass.VAULT, 1)).isNull();
        }
    }

    @Test
    void withSmallExplicitSubscriptionLimitTwoVaultsShareIt() {
        ThrottleLimits limits = vaultLimit(10).withSubscription(ThrottleClass.VAULT,
                new ThrottleLimits.Limit(15, Duration.ofSeconds(10)));
        Throttle throttle = new Throttle(limits, now::get);
        for (int i = 0; i < 8; i++) {
            assertThat(throttle.acquire("sub", "one", ThrottleClass.VAULT, 1)).isNull();
        }
        for (int i = 0; i < 7; i++) {
            assertThat(throttle.acquire("sub", "two", ThrottleClass.VAULT, 1)).isNull();
        }
        Throttle.Refusal r = throttle.acquire("sub", "two", ThrottleClass.VAULT, 1);
        assertThat(r).isNotNull();
        assertThat(r.subscriptionWide()).isTrue();
        // The vault's own limit still refuses first when it is the one exhausted.
        Throttle alone = new Throttle(limits, now::get);
        for (int i = 0; i < 10; i++) {
            assertThat(alone.acquire("sub", "one", ThrottleClass.VAULT, 1)).isNull();
        }
        assertThat(alone.acquire("sub", "one", ThrottleClass.VAULT, 1).subscriptionWide()).isFalse();
        // Other classes keep their own subscription buckets.
        assertThat(throttle.acquire("sub", "two", ThrottleClass.SECRET_CREATE, 1)).isNull();
    }

    @Test
    void subscriptionLimitsFollowTheVaultLimitsUnlessSetOnTheirOwn() {
        ThrottleLimits defaults = ThrottleLimits.azureDefaults();
        assertThat(defaults.ofSubscription(ThrottleClass.VAULT)).isEqualTo(new ThrottleLimits.Limit(20_000, Duration.ofSeconds(10)));
        assertThat(defaults.ofSubscription(ThrottleClass.SECRET_CREATE)).isEqualTo(new ThrottleLimits.Limit(1_500, Duration.ofSeconds(10)));
        assertThat(defaults.ofSubscription(ThrottleClass.KEY_CREATE)).isEqualTo(new ThrottleLimits.Limit(100, Duration.ofSeconds(10)));
        assertThat(defaults.ofSubscription(ThrottleClass.MANAGEMENT_WRITE)).isNull();

        ThrottleLimits parsed = ThrottleLimits.parse(List.of("vault=100/1s", "subscription-key=7/2s", "secret-create=off"));
        assertThat(parsed.ofSubscription(ThrottleClass.VAULT)).isEqualTo(new ThrottleLimits.Limit(500, Duration.ofSeconds(1)));
        assertThat(parsed.ofSubscription(ThrottleClass.KEY)).isEqualTo(new ThrottleLimits.Limit(7, Duration.ofSeconds(2)));
        assertThat(parsed.ofSubscription(ThrottleClass.SECRET_CREATE)).isNull();

        ThrottleLimits noSubscription = ThrottleLimits.parse(List.of("subscription=off"));
        assertThat(noSubscription.of(ThrottleClass.VAULT)).isNotNull();
        assertThat(noSubscription.ofSubscription(ThrottleClass.VAULT)).isNull();
        assertThat(ThrottleLimits.parse(List.of("subscription-vault=off")).ofSubscription(ThrottleClass.VAULT)).isNull();
        assertThat(ThrottleLimits.parse(List.of("off")).isEmpty()).isTrue();
        assertThat(ThrottleLimits.parse(List.of("off", "subscription-vault=9/1s")).isEmpty()).isFalse();

        assertThatThrownBy(() -> ThrottleLimits.parse(List.of("subscription=5"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ThrottleLimits.parse(List.of("subscription-management-write=5/1s")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aSubscriptionLimitAloneStillThrottles() {
        ThrottleLimits limits = ThrottleLimits.none().withSubscription(ThrottleClass.VAULT,
                new ThrottleLimits.Limit(2, Duration.ofSeconds(10)));
        Throttle throttle = new Throttle(limits, now::get);
        assertThat(throttle.acquire("s", "a", ThrottleClass.VAULT, 1)).isNull();
        assertThat(throttle.acquire("s", "b", ThrottleClass.VAULT, 1)).isNull();
        assertThat(throttle.acquire("s", "c", ThrottleClass.VAULT, 1).subscriptionWide()).isTrue();
        assertThat(throttle.acquire("s", "c", ThrottleClass.KEY, 1)).isNull();
    }
}
