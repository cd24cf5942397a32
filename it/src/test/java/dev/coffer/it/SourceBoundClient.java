package dev.coffer.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * A minimal HTTPS/1.1 client over a raw socket bound to a chosen local address ({@code 127.0.0.2},
 * {@code 127.0.0.9}, {@code ::1}, …): Linux lets a client bind any 127/8 address, which gives the tests real,
 * distinct source addresses. {@code java.net.http} cannot bind a local address. Optionally sends bytes before
 * the TLS handshake (a PROXY protocol header) and limits the TLS versions offered.
 */
public final class SourceBoundClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final SSLContext ssl;

    public SourceBoundClient(SSLContext ssl) {
        this.ssl = ssl;
    }

    /** True when this host has IPv6 loopback (containers often run with IPv6 disabled). */
    public static boolean ipv6Loopback() {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, InetAddress.getByName("::1"))) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The wildcard address to bind a server to: dual-stack {@code ::} where IPv6 works, else {@code 0.0.0.0}. */
    public static String anyAddress() {
        return ipv6Loopback() ? "::" : "0.0.0.0";
    }

    public record Reply(int status, Map<String, String> headers, String body) {
        public JsonNode json() {
            try {
                return body.isEmpty() ? null : JSON.readTree(body);
            } catch (IOException e) {
                return null;
            }
        }

        public String errorCode() {
            JsonNode j = json();
            return j == null ? null : j.path("error").path("code").asText(null);
        }

        public String innerCode() {
            JsonNode j = json();
            return j == null ? null : j.path("error").path("innererror").path("code").asText(null);
        }

        public String message() {
            JsonNode j = json();
            return j == null ? null : j.path("error").path("message").asText(null);
        }

        /** Header by lower-cased name. */
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /** One TLS connection from {@code localAddress}, reusable for several requests (HTTP/1.1 keep-alive). */
    public final class Connection implements AutoCloseable {
        private final SSLSocket socket;
        private final InputStream in;
        private final OutputStream out;
        private final String hostHeader;

        private Connection(SSLSocket socket, String hostHeader) throws IOException {
            this.socket = socket;
            this.in = socket.getInputStream();
            this.out = socket.getOutputStream();
            this.hostHeader = hostHeader;
        }

        public String negotiatedProtocol() {
            return socket.getSession().getProtocol();
        }

        public SSLSocket socket() {
            return socket;
        }

        public Reply send(String method, String path, String bearer, String jsonBody) throws IOException {
            return send(method, path, bearer, jsonBody, Map.of());
        }

        public Reply send(String method, String path, String bearer, String jsonBody, Map<String, String> extra)
                throws IOException {
            byte[] body = jsonBody == null ? new byte[0] : jsonBody.getBytes(StandardCharsets.UTF_8);
            StringBuilder head = new StringBuilder();
            head.append(method).append(' ').append(path).append(" HTTP/1.1\r\n");
            // A "Host" in extra replaces the connection's own (to address another vault on this connection).
            head.append("Host: ").append(extra.getOrDefault("Host", hostHeader)).append("\r\n");
            if (bearer != null) {
                head.append("Authorization: Bearer ").append(bearer).append("\r\n");
            }
            if (jsonBody != null) {
                head.append("Content-Type: application/json\r\n");
            }
            head.append("Content-Length: ").append(body.length).append("\r\n");
            extra.forEach((k, v) -> {
                if (!k.equals("Host")) {
                    head.append(k).append(": ").append(v).append("\r\n");
                }
            });
            head.append("\r\n");
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            out.flush();
            return read();
        }

        private Reply read() throws IOException {
            String statusLine = line();
            if (statusLine == null) {
                throw new IOException("connection closed before a response");
            }
            int status = Integer.parseInt(statusLine.split(" ")[1]);
            Map<String, String> headers = new LinkedHashMap<>();
            String l;
            while ((l = line()) != null && !l.isEmpty()) {
                int colon = l.indexOf(':');
                headers.merge(l.substring(0, colon).trim().toLowerCase(Locale.ROOT), l.substring(colon + 1).trim(),
                        (a, b) -> a + ", " + b);
            }
            int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
            byte[] body = in.readNBytes(length);
            return new Reply(status, headers, new String(body, StandardCharsets.UTF_8));
        }

        private String line() throws IOException {
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) >= 0) {
                if (b == '\n') {
                    String s = buf.toString(StandardCharsets.ISO_8859_1);
                    return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
                }
                buf.write(b);
            }
            return buf.size() == 0 ? null : buf.toString(StandardCharsets.ISO_8859_1);
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    /**
     * Connects from {@code localAddress} to {@code serverAddress:port}, sends {@code prelude} (may be null) in
     * the clear, then handshakes TLS with SNI {@code tlsHost} offering {@code protocols} (null: the defaults).
     */
    public Connection connect(String localAddress, String serverAddress, int port, String tlsHost, byte[] prelude,
                              List<String> protocols) throws IOException {
        Socket plain = new Socket();
        plain.bind(new InetSocketAddress(InetAddress.getByName(localAddress), 0));
        plain.connect(new InetSocketAddress(InetAddress.getByName(serverAddress), port), 10_000);
        plain.setSoTimeout(20_000);
        if (prelude != null) {
            plain.getOutputStream().write(prelude);
            plain.getOutputStream().flush();
        }
        SSLSocket socket = (SSLSocket) ssl.getSocketFactory().createSocket(plain, tlsHost, port, true);
        SSLParameters params = socket.getSSLParameters();
        params.setServerNames(List.of(new SNIHostName(tlsHost)));
        params.setEndpointIdentificationAlgorithm("HTTPS");
        if (protocols != null) {
            params.setProtocols(protocols.toArray(new String[0]));
        }
        socket.setSSLParameters(params);
        socket.startHandshake();
        return new Connection(socket, tlsHost + ":" + port);
    }

    public Connection connect(String localAddress, String serverAddress, int port, String tlsHost) throws IOException {
        return connect(localAddress, serverAddress, port, tlsHost, null, null);
    }

    /** One request on a fresh connection from {@code localAddress}. */
    public Reply call(String localAddress, String serverAddress, int port, String host, String method, String path,
                      String bearer, String jsonBody) throws IOException {
        try (Connection c = connect(localAddress, serverAddress, port, host)) {
            return c.send(method, path, bearer, jsonBody, Map.of("Connection", "close"));
        }
    }
}
