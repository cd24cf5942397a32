package dev.coffer.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.crypto.KeyType;
import dev.coffer.error.Throttled;
import dev.coffer.network.Throttle;
import dev.coffer.network.ThrottleClass;
import dev.coffer.network.ThrottleLimits;
import dev.coffer.store.VaultRow;
import dev.coffer.testkit.StoreRows;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Key operations weighed by key type: the edge charges one unit, the meter the rest once the key is known, so
 * an RSA-4096 key's vault runs out after an eighth of the operations an RSA-2048 key's vault gets, and HSM key
 * creations count double.
 */
class ThrottledKeyMeterTest {

    final VaultRow vault = StoreRows.vault("metered", "subscription-1");

    static Throttle throttle() {
        // A frozen clock: nothing refills during the test.
        return new Throttle(ThrottleLimits.none()
                .with(ThrottleClass.KEY, new ThrottleLimits.Limit(16, Duration.ofSeconds(10)))
                .with(ThrottleClass.KEY_CREATE, new ThrottleLimits.Limit(4, Duration.ofSeconds(10))), () -> 0L);
    }

    /** Requests admitted as the edge and the meter together admit them, until the first refusal. */
    int admittedTransactions(KeyType kty, int bits) {
        Throttle throttle = throttle();
        ThrottledKeyMeter meter = new ThrottledKeyMeter(throttle);
        int admitted = 0;
        while (admitted < 100) {
            if (throttle.acquire(vault.name(), ThrottleClass.KEY, 1) > 0) {
                return admitted;
            }
            try {
                meter.transaction(vault, kty, bits);
            } catch (Throttled e) {
                return admitted;
            }
            admitted++;
        }
        return admitted;
    }

    @Test
    void anRsa4096KeyIsThrottledSoonerThanAnRsa2048One() {
        assertThat(admittedTransactions(KeyType.RSA, 2048)).isEqualTo(16);
        assertThat(admittedTransactions(KeyType.EC, 0)).isEqualTo(16);
        assertThat(admittedTransactions(KeyType.RSA, 3072)).isEqualTo(4);
        assertThat(admittedTransactions(KeyType.RSA, 4096)).isEqualTo(2);
        assertThat(admittedTransactions(KeyType.RSA_HSM, 4096)).isEqualTo(1);
    }

    @Test
    void hsmCreationsCountDoubleAndRefusalsSayWhenToRetry() {
        Throttle throttle = throttle();
        ThrottledKeyMeter meter = new ThrottledKeyMeter(throttle);
        meter.creation(vault, KeyType.EC);
        meter.creation(vault, KeyType.EC);
        meter.creation(vault, KeyType.EC);
        meter.creation(vault, KeyType.EC);
        meter.creation(vault, KeyType.EC_HSM);
        meter.creation(vault, KeyType.EC_HSM);
        meter.creation(vault, KeyType.EC_HSM);
        meter.creation(vault, KeyType.EC_HSM);
        assertThatThrownBy(() -> meter.creation(vault, KeyType.EC_HSM)).isInstanceOfSatisfying(Throttled.class, e -> {
            assertThat(e.status()).isEqualTo(429);
            assertThat(e.code()).isEqualTo("Throttled");
            assertThat(e.retryAfterSeconds()).isPositive();
            assertThat(e.getMessage()).contains("'metered'");
        });
    }
}
