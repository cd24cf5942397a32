package dev.coffer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** What a user sees when {@code coffer server} cannot start: one line with the reason, exit code 1, no trace. */
class ServeCommandTest {

    @TempDir
    Path dataDir;

    @Test
    void aPortInUseIsReportedInOneLine() throws Exception {
        try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            PrintStream saved = System.err;
            int code;
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            try {
                code = new CommandLine(new Coffer()).execute("server", "--data-dir", dataDir.toString(), "--port",
                        Integer.toString(busy.getLocalPort()), "--metrics-port", "-1");
            } finally {
                System.setErr(saved);
            }
            String text = err.toString(StandardCharsets.UTF_8);
            assertThat(code).isEqualTo(1);
            assertThat(text).contains("coffer: cannot start:").containsIgnoringCase("address already in use")
                    .doesNotContain("\tat ");
        }
    }

    @Test
    void aStartThatFailsLateLeavesADataDirTheNextStartCanUse() throws Exception {
        try (ServerSocket busyMetrics = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            PrintStream saved = System.err;
            System.setErr(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
            int code;
            try {
                code = new CommandLine(new Coffer()).execute("server", "--data-dir", dataDir.toString(), "--port", "0",
                        "--metrics-port", Integer.toString(busyMetrics.getLocalPort()));
            } finally {
                System.setErr(saved);
            }
            assertThat(code).isEqualTo(1);
        }
        if (java.nio.file.Files.exists(dataDir.resolve("coffer.db"))) {
            assertThat(dataDir.resolve("root.key")).as("never a database without its root key").exists();
        }
    }
}
