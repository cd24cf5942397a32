package dev.coffer.core;

/** Facts about the HTTP request the edge established, for the audit record. The URI carries no secret. */
public record RequestInfo(String requestId, String clientAddress, String method, String uri, long startNanos) {
}
