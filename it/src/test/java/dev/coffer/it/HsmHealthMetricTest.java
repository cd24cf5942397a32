package dev.coffer.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The metrics report whether the PKCS#11 token answers; an installation without one has no such gauge. */
class HsmHealthMetricTest {

    @TempDir
    Path dataDir;

    @Test
    void aServerWithATokenReportsItUp() throws Exception {
        try (RunningCoffer coffer = KeyHsmFixture.start(dataDir.resolve("with-hsm"))) {
            assertThat(coffer.server().observability().micrometer().scrape()).contains("coffer_hsm_up 1.0");
        }
    }

    @Test
    void aServerWithoutATokenHasNoHsmGauge() throws Exception {
        try (RunningCoffer coffer = RunningCoffer.start(dataDir.resolve("without-hsm"))) {
            assertThat(coffer.server().observability().micrometer().scrape()).doesNotContain("coffer_hsm_up");
        }
    }
}
