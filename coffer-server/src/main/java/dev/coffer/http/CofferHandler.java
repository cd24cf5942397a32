package dev.coffer.http;

import dev.coffer.error.CofferException;
import dev.coffer.error.NotFound;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The edge's last step and the plane router: gives every request an id, its client address (the socket
 * peer; forwarded headers are not trusted here) and Azure's common headers, then sends it to a vault's data
 * plane when the Host is {@code {vault}.{suffix}}, else to the service host. Nothing escapes as a stack trace.
 */
public final class CofferHandler extends Handler.Abstract {

    private static final Logger LOG = LoggerFactory.getLogger(CofferHandler.class);

    private final String vaultHostSuffix;
    private final DataPlane data;
    private final ServicePlane service;

    public CofferHandler(String vaultDnsSuffix, DataPlane data, ServicePlane service) {
        this.vaultHostSuffix = "." + vaultDnsSuffix.toLowerCase(java.util.Locale.ROOT);
        this.data = data;
        this.service = service;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        Exchange ex = new Exchange(request, response, callback, requestId(), System.nanoTime(),
                Request.getRemoteAddr(request));
        ex.setHeader("x-ms-request-id", ex.requestId());
        String clientRequestId = ex.header("x-ms-client-request-id");
        if (clientRequestId != null && clientRequestId.length() <= 128 && clientRequestId.matches("[\\x21-\\x7E]+")) {
            ex.setHeader("x-ms-client-request-id", clientRequestId);
        }
        ex.setHeader("Cache-Control", "no-cache");
        ex.setHeader("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
        ex.setHeader("X-Content-Type-Options", "nosniff");
        try {
            String host = ex.host();
            if (host.endsWith(vaultHostSuffix)) {
                String vault = host.substring(0, host.length() - vaultHostSuffix.length());
                if (vault.isEmpty() || vault.contains(".")) {
                    throw new NotFound("VaultNotFound", "No vault is served at this host.");
                }
                data.handle(ex, vault);
            } else {
                service.handle(ex);
            }
        } catch (CofferException e) {
            if (!ex.responded()) {
                ex.sendError(e, ErrorMapper.Shape.DATA);
            }
        } catch (RuntimeException | LinkageError e) {
            LOG.error("request {} failed: {}", ex.requestId(), e.getClass().getName(), e);
            if (!ex.responded()) {
                com.fasterxml.jackson.databind.node.ObjectNode body = Json.object();
                com.fasterxml.jackson.databind.node.ObjectNode error = body.putObject("error");
                error.put("code", "InternalServerError");
                error.put("message", "The server could not complete the request (request id " + ex.requestId() + ").");
                ex.sendJson(500, body);
            }
        }
        if (!ex.responded()) {
            ex.sendEmpty(500);
        }
        return true;
    }

    /**
     * A version-4 UUID from a thread-local generator: request ids correlate log lines and need to be unique,
     * not unpredictable, and the shared SecureRandom behind {@code UUID.randomUUID()} serialises threads.
     */
    private static String requestId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (random.nextLong() & ~0xF000L) | 0x4000L;
        long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(high, low).toString();
    }
}
