package dev.coffer.store;

/**
 * A refresh token as stored: only its SHA-256, never the token. It dies with its principal, on revocation,
 * and at {@code expiresAt}. {@code amr} is the space-separated authentication methods of the sign-in.
 */
public record RefreshTokenRow(byte[] tokenHash, String objectId, String tenantId, String clientId, String scope,
                              String amr, long createdAt, long expiresAt) {
}
