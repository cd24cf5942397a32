package dev.coffer.core;

/**
 * Facts about the HTTP request the edge established, for the audit record. The URI carries no secret.
 *
 * @param userAgent       the client's User-Agent (Azure's {@code clientInfo}), or null
 * @param tlsVersion      the connection's TLS protocol, or null
 * @param networkDecision the vault firewall's verdict when the edge made one, or null
 */
public record RequestInfo(String requestId, String clientAddress, String method, String uri, long startNanos,
                          String userAgent, String tlsVersion, String networkDecision) {

    public RequestInfo(String requestId, String clientAddress, String method, String uri, long startNanos) {
        this(requestId, clientAddress, method, uri, startNanos, null, null, null);
    }

    /**
     * True for requests that cannot change state (GET, HEAD). Their event is written once, after the engine ran;
     * anything else gets a durable intent before it runs.
     */
    public boolean safe() {
        return "GET".equalsIgnoreCase(method) || "HEAD".equalsIgnoreCase(method);
    }
}
