package dev.coffer.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.network.ThrottleClass;
import dev.coffer.network.ThrottleLimits;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ThrottlingGateTest {

    @Test
    void dataPlaneRequestsAreClassedByMethodAndPath() {
        assertThat(ThrottlingGate.dataPlaneClass("PUT", "/secrets/db")).isEqualTo(ThrottleClass.SECRET_CREATE);
        assertThat(ThrottlingGate.dataPlaneClass("GET", "/secrets/db")).isEqualTo(ThrottleClass.VAULT);
        assertThat(ThrottlingGate.dataPlaneClass("GET", "/secrets/db/0123")).isEqualTo(ThrottleClass.VAULT);
        assertThat(ThrottlingGate.dataPlaneClass("PATCH", "/secrets/db/0123")).isEqualTo(ThrottleClass.VAULT);
        assertThat(ThrottlingGate.dataPlaneClass("POST", "/keys/k/create")).isEqualTo(ThrottleClass.KEY_CREATE);
        assertThat(ThrottlingGate.dataPlaneClass("POST", "/KEYS/k/Rotate")).isEqualTo(ThrottleClass.KEY_CREATE);
        assertThat(ThrottlingGate.dataPlaneClass("PUT", "/keys/k")).isEqualTo(ThrottleClass.KEY);
        assertThat(ThrottlingGate.dataPlaneClass("POST", "/keys/k/v1/sign")).isEqualTo(ThrottleClass.KEY);
        assertThat(ThrottlingGate.dataPlaneClass("GET", "/certificates/c")).isEqualTo(ThrottleClass.VAULT);
        assertThat(ThrottlingGate.dataPlaneClass("GET", "/")).isEqualTo(ThrottleClass.VAULT);
    }

    @Test
    void refusalsStateTheWindowReadably() {
        assertThat(ThrottlingGate.window(new ThrottleLimits.Limit(10, Duration.ofSeconds(10)))).isEqualTo("10 seconds");
        assertThat(ThrottlingGate.window(new ThrottleLimits.Limit(10, Duration.ofMillis(500)))).isEqualTo("500 ms");
        assertThat(ThrottlingGate.window(new ThrottleLimits.Limit(10, Duration.ofMinutes(10)))).isEqualTo("600 seconds");
    }
}
