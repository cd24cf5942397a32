package dev.coffer.store;

/**
 * A password credential of a principal: only a hash and a short hint are stored, never the secret.
 * {@code hashAlgorithm} names how {@code hash} was made so older hashes stay verifiable.
 */
public record CredentialRow(String objectId, String keyId, String hashAlgorithm, byte[] hash, String hint,
                            long createdAt, long expiresAt) {
}
