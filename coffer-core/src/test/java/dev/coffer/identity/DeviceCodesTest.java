package dev.coffer.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeviceCodesTest {

    /** A clock the test moves. */
    static final class MovableClock extends Clock {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }

        void advance(long seconds) {
            now = now.plusSeconds(seconds);
        }
    }

    private final MovableClock clock = new MovableClock();
    private final DeviceCodes codes = new DeviceCodes(clock, new SecureRandom());

    private static String error(Runnable r) {
        try {
            r.run();
        } catch (OAuthException e) {
            return e.error();
        }
        return "none";
    }

    @Test
    void pendingSlowDownApprovedOnce() {
        DeviceCodes.Started s = codes.start("t", "c", "openid");
        assertThat(error(() -> codes.poll(s.deviceCode(), "c", "t"))).isEqualTo("authorization_pending");
        assertThat(error(() -> codes.poll(s.deviceCode(), "c", "t"))).isEqualTo("slow_down");
        clock.advance(10);
        assertThat(error(() -> codes.poll(s.deviceCode(), "c", "t"))).isEqualTo("authorization_pending");
        String typed = s.userCode().substring(0, 4).toLowerCase() + "-" + s.userCode().substring(4);
        assertThat(codes.pending(typed)).isPresent();
        assertThat(codes.approve(s.userCode(), "oid", List.of("pwd", "mfa"))).isTrue();
        assertThat(codes.approve(s.userCode(), "other", List.of("pwd"))).as("decided once").isFalse();
        clock.advance(10);
        DeviceCodes.Approved approved = codes.poll(s.deviceCode(), "c", "t");
        assertThat(approved.objectId()).isEqualTo("oid");
        assertThat(approved.amr()).containsExactly("pwd", "mfa");
        assertThat(error(() -> codes.poll(s.deviceCode(), "c", "t"))).isEqualTo("bad_verification_code");
    }

    @Test
    void declinedExpiredAndOtherClient() {
        DeviceCodes.Started declined = codes.start("t", "c", "openid");
        assertThat(error(() -> codes.poll(declined.deviceCode(), "other-client", "t"))).isEqualTo("bad_verification_code");
        codes.decline(declined.userCode());
        assertThat(error(() -> codes.poll(declined.deviceCode(), "c", "t"))).isEqualTo("authorization_declined");

        DeviceCodes.Started late = codes.start("t", "c", "openid");
        clock.advance(DeviceCodes.LIFETIME.toSeconds() + 1);
        assertThat(codes.pending(late.userCode())).isEmpty();
        assertThat(codes.approve(late.userCode(), "oid", List.of("pwd"))).isFalse();
        assertThat(error(() -> codes.poll(late.deviceCode(), "c", "t"))).isEqualTo("expired_token");
    }

    @Test
    void startedNeverPrintsTheDeviceCode() {
        DeviceCodes.Started s = codes.start("t", "c", "openid");
        assertThat(s.toString()).doesNotContain(s.deviceCode());
        assertThatThrownBy(() -> codes.poll("cdc.forged", "c", "t")).isInstanceOf(OAuthException.class);
    }
}
