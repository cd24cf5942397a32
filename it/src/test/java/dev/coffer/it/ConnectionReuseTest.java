package dev.coffer.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A request refused before its body was read (here: no token) leaves the keep-alive connection usable: the next
 * request on the same connection is answered, even when the refused body was still arriving.
 */
class ConnectionReuseTest {

    @TempDir
    static Path dataDir;
    static RunningCoffer coffer;

    @BeforeAll
    static void start() throws Exception {
        coffer = RunningCoffer.start(dataDir);
        coffer.createVault(coffer.adminManagementToken(), "rg", "reusevault", true, false);
    }

    @AfterAll
    static void stop() throws Exception {
        coffer.close();
    }

    @Test
    void aRefusedRequestWithABodyStillArrivingLeavesTheConnectionUsable() throws Exception {
        URI vault = URI.create(coffer.vaultUrl("reusevault"));
        try (SSLSocket socket = (SSLSocket) coffer.sslContext().getSocketFactory().createSocket("127.0.0.1",
                vault.getPort())) {
            SSLParameters p = socket.getSSLParameters();
            p.setServerNames(List.of(new SNIHostName("localhost")));
            socket.setSSLParameters(p);
            socket.setSoTimeout(15_000);
            OutputStream out = socket.getOutputStream();
            String body = "{\"value\":\"" + "x".repeat(4000) + "\"}";
            String host = vault.getHost() + ":" + vault.getPort();
            out.write(("PUT /secrets/refused?api-version=7.4 HTTP/1.1\r\nHost: " + host + "\r\n"
                    + "Content-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n"
                    + body.substring(0, 100)).getBytes(StandardCharsets.US_ASCII));
            out.flush();
            Thread.sleep(300);
            out.write((body.substring(100) + "GET /secrets/refused?api-version=7.4 HTTP/1.1\r\nHost: " + host
                    + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();

            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.ISO_8859_1));
            List<String> statusLines = new ArrayList<>();
            for (int response = 0; response < 2; response++) {
                String status = in.readLine();
                if (status == null) {
                    break;
                }
                statusLines.add(status);
                int length = 0;
                for (String h = in.readLine(); h != null && !h.isEmpty(); h = in.readLine()) {
                    if (h.toLowerCase().startsWith("content-length:")) {
                        length = Integer.parseInt(h.substring(15).strip());
                    }
                }
                in.skip(length); // ASCII JSON: one char per byte
            }
            assertThat(statusLines).as("both requests answered on one connection")
                    .containsExactly("HTTP/1.1 401 Unauthorized", "HTTP/1.1 401 Unauthorized");
        }
    }
}
