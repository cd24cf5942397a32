package dev.coffer.identity;

import dev.coffer.store.RefreshTokenRow;
import dev.coffer.store.Store;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;

/**
 * Opaque refresh tokens: 256 random bits given to the client, only their SHA-256 stored. Each use rotates the
 * token (the old one stops working), and a principal's tokens die with it, on revocation or at expiry.
 */
final class RefreshTokens {

    static final Duration LIFETIME = Duration.ofDays(90);

    private final Store store;
    private final SecureRandom random;
    private final Clock clock;

    RefreshTokens(Store store, SecureRandom random, Clock clock) {
        this.store = store;
        this.random = random;
        this.clock = clock;
    }

    String issue(String objectId, String tenantId, String clientId, String scope, String amr) {
        byte[] raw = new byte[32];
        random.nextBytes(raw);
        String token = "crt." + Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        long now = clock.instant().getEpochSecond();
        store.write(tx -> {
            tx.putRefreshToken(new RefreshTokenRow(hash(token), objectId, tenantId, clientId, scope, amr, now,
                    now + LIFETIME.toSeconds()));
            return null;
        });
        return token;
    }

    /** Takes the token out of circulation and returns what it stood for, if it was valid. */
    Optional<RefreshTokenRow> redeem(String token) {
        byte[] hash = hash(token);
        long now = clock.instant().getEpochSecond();
        return store.write(tx -> {
            Optional<RefreshTokenRow> row = tx.refreshToken(hash);
            row.ifPresent(r -> tx.deleteRefreshToken(hash));
            return row.filter(r -> r.expiresAt() > now);
        });
    }

    /** Revokes one token by its hash (hex), e.g. the one a replayed authorization code had produced. */
    void revokeByHash(String hashHex) {
        byte[] hash = java.util.HexFormat.of().parseHex(hashHex);
        store.write(tx -> {
            tx.deleteRefreshToken(hash);
            return null;
        });
    }

    static String hashHex(String token) {
        return java.util.HexFormat.of().formatHex(hash(token));
    }

    void revokeAll(String objectId) {
        store.write(tx -> {
            tx.deleteRefreshTokens(objectId);
            return null;
        });
    }

    private static byte[] hash(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
