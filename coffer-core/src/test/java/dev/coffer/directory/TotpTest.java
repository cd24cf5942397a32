package dev.coffer.directory;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TotpTest {

    private static final byte[] RFC_SEED = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);

    @Test
    void matchesRfc6238Sha1VectorsTruncatedToSixDigits() {
        assertThat(Totp.code(RFC_SEED, Totp.stepAt(59))).isEqualTo("287082");
        assertThat(Totp.code(RFC_SEED, Totp.stepAt(1111111109))).isEqualTo("081804");
        assertThat(Totp.code(RFC_SEED, Totp.stepAt(1234567890))).isEqualTo("005924");
        assertThat(Totp.code(RFC_SEED, Totp.stepAt(2000000000))).isEqualTo("279037");
    }

    @Test
    void acceptsOneStepOfDriftAndNothingButSixDigits() {
        long now = 1111111109;
        String previous = Totp.code(RFC_SEED, Totp.stepAt(now) - 1);
        assertThat(Totp.matchingStep(RFC_SEED, previous, now)).hasValue(Totp.stepAt(now) - 1);
        assertThat(Totp.matchingStep(RFC_SEED, Totp.code(RFC_SEED, Totp.stepAt(now) - 2), now)).isEmpty();
        assertThat(Totp.matchingStep(RFC_SEED, "081804", now)).hasValue(Totp.stepAt(now));
        assertThat(Totp.matchingStep(RFC_SEED, " 081804", now)).isEmpty();
        assertThat(Totp.matchingStep(RFC_SEED, "0081804", now)).isEmpty();
        assertThat(Totp.matchingStep(RFC_SEED, "081 804", now)).isEmpty();
        assertThat(Totp.matchingStep(RFC_SEED, "81804", now)).isEmpty();
        assertThat(Totp.matchingStep(RFC_SEED, null, now)).isEmpty();
    }

    @Test
    void base32IsRfc4648WithoutPadding() {
        assertThat(Totp.base32("foobar".getBytes(StandardCharsets.US_ASCII))).isEqualTo("MZXW6YTBOI");
        assertThat(Totp.base32(RFC_SEED)).isEqualTo("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
    }
}
