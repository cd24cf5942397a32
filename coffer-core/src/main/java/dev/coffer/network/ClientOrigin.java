package dev.coffer.network;

/**
 * Where a request comes from, as the edge established it: the client's address (the socket peer, or what a
 * trusted proxy reported) and whether it arrived on a listener the operator marked private.
 */
public record ClientOrigin(IpAddress address, boolean privateListener) {
}
