package dev.coffer.store;

/**
 * A token-signing key of a tenant: the public JWK in plain text, the private part sealed by the barrier.
 * {@code retireAt} is when the key stops signing; {@code removeAt} when it leaves the JWKS.
 */
public record SigningKeyRow(String tenantId, String keyId, String publicJwk, byte[] sealedPrivateJwk,
                            long createdAt, long retireAt, long removeAt) {
}
