package dev.coffer.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.coffer.core.RequestInfo;
import dev.coffer.error.BadRequest;
import dev.coffer.error.CofferException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;

/**
 * One request and its response as Coffer's handlers see them: the parsed query, the bounded body, the
 * client address the edge established, and JSON replies with Azure's common headers.
 */
public final class Exchange {

    public static final int MAX_BODY_BYTES = 256 * 1024;
    private static final long DRAIN_LIMIT_BYTES = 4L * 1024 * 1024;
    static final String JSON_TYPE = "application/json; charset=utf-8";

    private final Request request;
    private final Response response;
    private final Callback callback;
    private final String requestId;
    private final long startNanos;
    private final String clientAddress;
    private Fields query;
    private boolean responded;
    private boolean bodyRead;
    private String mountedAt = "";

    Exchange(Request request, Response response, Callback callback, String requestId, long startNanos,
             String clientAddress) {
        this.request = request;
        this.response = response;
        this.callback = callback;
        this.requestId = requestId;
        this.startNanos = startNanos;
        this.clientAddress = clientAddress;
    }

    public String method() {
        return request.getMethod();
    }

    /** The decoded path with repeated slashes collapsed (older CLIs send {@code //metadata/endpoints}). */
    public String path() {
        String p = request.getHttpURI().getDecodedPath();
        if (p == null || p.isEmpty()) {
            return "/";
        }
        p = p.replaceAll("/{2,}", "/");
        return mountedAt.isEmpty() || !p.startsWith(mountedAt) ? p : p.substring(mountedAt.length());
    }

    /** Serves this request as if {@code prefix} were not in its path (an API mounted under a second root). */
    void mountAt(String prefix) {
        this.mountedAt = prefix;
    }

    /** The host name the client addressed, lower-cased, without port. */
    public String host() {
        String h = Request.getServerName(request);
        return h == null ? "" : h.toLowerCase(Locale.ROOT);
    }

    /** {@code https://host[:port]} exactly as the client addressed this server, for ids and links. */
    public String baseUrl() {
        HttpField hostField = request.getHeaders().getField(HttpHeader.HOST);
        String authority = hostField != null ? hostField.getValue() : request.getHttpURI().getAuthority();
        return "https://" + authority.toLowerCase(Locale.ROOT);
    }

    /** A query parameter by name (names are percent-decoded, so {@code api%2Dversion} is api-version). */
    public String query(String name) {
        if (query == null) {
            try {
                query = Request.extractQueryParameters(request, StandardCharsets.UTF_8);
            } catch (RuntimeException e) {
                throw new BadRequest("BadParameter", "The query string is malformed.");
            }
        }
        Fields.Field f = query.get(name);
        return f == null ? null : f.getValue();
    }

    public String header(String name) {
        return request.getHeaders().get(name);
    }

    /** A request attribute set by an edge step (client origin, TLS session data). */
    Object attribute(String name) {
        return request.getAttribute(name);
    }

    void setAttribute(String name, Object value) {
        request.setAttribute(name, value);
    }

    /** The whole body, refusing more than {@link #MAX_BODY_BYTES}. */
    public byte[] body() {
        bodyRead = true;
        try (java.io.InputStream in = Content.Source.asInputStream(request)) {
            byte[] data = in.readNBytes(MAX_BODY_BYTES + 1);
            if (data.length > MAX_BODY_BYTES) {
                drainOrClose(in, DRAIN_LIMIT_BYTES);
                throw new BadRequest("BadParameter", "The request body is larger than " + MAX_BODY_BYTES + " bytes.");
            }
            return data;
        } catch (java.io.IOException e) {
            setHeader("Connection", "close");
            throw new BadRequest("BadParameter", "The request body could not be read.");
        }
    }

    /**
     * Reads and drops the rest of a refused body, so that a client still sending it reads the answer instead of
     * a reset connection; past {@code budget} bytes closing the connection is cheaper than reading on.
     */
    private void drainOrClose(java.io.InputStream in, long budget) throws java.io.IOException {
        byte[] sink = new byte[16 * 1024];
        while (budget > 0) {
            int n = in.read(sink);
            if (n < 0) {
                return;
            }
            budget -= n;
        }
        setHeader("Connection", "close");
    }

    public RequestInfo info() {
        String q = request.getHttpURI().getQuery();
        // User-Agent and TLS protocol go into the audit event (Azure's clientInfo, tlsVersion), and so does the
        // verdict the firewall step left on an admitted data-plane request.
        String userAgent = header("User-Agent");
        Object network = request.getAttribute(FirewallGate.DECISION_ATTRIBUTE);
        return new RequestInfo(requestId, clientAddress, method(), path() + (q == null ? "" : "?" + q), startNanos,
                userAgent == null || userAgent.length() <= 256 ? userAgent : userAgent.substring(0, 256),
                tlsProtocol(), network instanceof String n ? n : null);
    }

    /** The connection's TLS protocol as JSSE names it ({@code TLSv1.3}), or null on a connection without TLS. */
    public String tlsProtocol() {
        return request.getAttribute(EndPoint.SslSessionData.ATTRIBUTE) instanceof EndPoint.SslSessionData ssl
                && ssl.sslSession() != null ? ssl.sslSession().getProtocol() : null;
    }

    public String clientAddress() {
        return clientAddress;
    }

    public String requestId() {
        return requestId;
    }

    public void setHeader(String name, String value) {
        response.getHeaders().put(name, value);
    }

    public void sendJson(int status, JsonNode body) {
        send(status, JSON_TYPE, Json.bytes(body));
    }

    public void sendEmpty(int status) {
        send(status, null, new byte[0]);
    }

    public void send(int status, String contentType, byte[] body) {
        if (responded) {
            throw new IllegalStateException("response already sent");
        }
        responded = true;
        response.setStatus(status);
        if (contentType != null) {
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
        }
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    public void sendError(CofferException e, ErrorMapper.Shape shape) {
        if (e instanceof dev.coffer.error.Throttled t && t.retryAfterSeconds() > 0) {
            setHeader("Retry-After", Long.toString(t.retryAfterSeconds()));
        }
        leaveConnectionReusable();
        sendJson(e.status(), ErrorMapper.body(e, shape));
    }

    /**
     * A request refused before its body was read (no token, audit log unavailable, throttled) must not leave
     * the body in the connection, or the next request on it could meet a closed socket: a body up to the size
     * Coffer accepts is read and dropped; a larger one gets {@code Connection: close} instead.
     */
    private void leaveConnectionReusable() {
        if (bodyRead || responded) {
            return;
        }
        bodyRead = true;
        if (request.getLength() == 0) {
            return;
        }
        // Whoever sent it (the caller may not even be authenticated), read no more than a body Coffer accepts.
        try (java.io.InputStream in = Content.Source.asInputStream(request)) {
            drainOrClose(in, MAX_BODY_BYTES);
        } catch (java.io.IOException e) {
            setHeader("Connection", "close");
        }
    }

    public boolean responded() {
        return responded;
    }

    Callback callback() {
        return callback;
    }
}
