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
}
