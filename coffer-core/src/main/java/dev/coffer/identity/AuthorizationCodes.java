package dev.coffer.identity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Authorization codes with PKCE (RFC 7636, S256 only): issued after an interactive sign-in, redeemed once
 * within five minutes by the same client with the same redirect URI and the verifier whose hash the
 * authorization request carried. A second redemption is refused and revokes the refresh token the first one
 * got (RFC 6749 §4.1.2: the code may have been stolen). Kept in memory by SHA-256, never in clear.
 */
public final class AuthorizationCodes {

    public static final Duration LIFETIME = Duration.ofMinutes(5);
    private static final Pattern VERIFIER = Pattern.compile("^[A-Za-z0-9._~-]{43,128}$");
    private static final Pattern CHALLENGE = Pattern.compile("^[A-Za-z0-9_-]{43}$");

    /** What the sign-in established, for the token the code is exchanged for. */
    public record Grant(String tenantId, String clientId, String redirectUri, String codeChallenge, String objectId,
                        List<String> amr, String scope, String nonce, long expiresAt) {
        public Grant {
            amr = List.copyOf(amr);
        }
    }

    private record Redeemed(long expiresAt, String refreshTokenHash) {
    }

    private final Clock clock;
    private final SecureRandom random;
    private final Map<String, Grant> live = new ConcurrentHashMap<>();
    private final Map<String, Redeemed> redeemed = new ConcurrentHashMap<>();

    public AuthorizationCodes(Clock clock, SecureRandom random) {
        this.clock = clock;
        this.random = random;
    }

    /** A code challenge as PKCE S256 makes it: base64url of a SHA-256, 43 characters. */
    public static boolean validChallenge(String challenge) {
        return challenge != null && CHALLENGE.matcher(challenge).matches();
    }

    public String issue(String tenantId, String clientId, String redirectUri, String codeChallenge, String objectId,
                        List<String> amr, String scope, String nonce) {
        purgeExpired();
        byte[] raw = new byte[32];
        random.nextBytes(raw);
        String code = "cac." + Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        live.put(DeviceCodes.hash(code), new Grant(tenantId, clientId, redirectUri, codeChallenge, objectId, amr,
                scope, nonce, now() + LIFETIME.toSeconds()));
        return code;
    }

    /** The replay of an already redeemed code: refused, and what to revoke. */
    public static final class Replayed extends RuntimeException {
        private final String refreshTokenHash;

        Replayed(String refreshTokenHash) {
            super(null, null, false, false);
            this.refreshTokenHash = refreshTokenHash;
        }

        public String refreshTokenHash() {
            return refreshTokenHash;
        }
    }

    /** Takes the code out of circulation and checks client, redirect URI and verifier. */
    public Grant redeem(String code, String clientId, String redirectUri, String codeVerifier) {
        String hash = DeviceCodes.hash(code);
        Grant grant = live.remove(hash);
        if (grant == null) {
            Redeemed before = redeemed.get(hash);
            if (before != null) {
                throw new Replayed(before.refreshTokenHash());
            }
            throw new OAuthException(400, "invalid_grant", "AADSTS70008",
                    "The provided authorization code is unknown or expired.");
        }
        redeemed.put(hash, new Redeemed(grant.expiresAt(), null));
        if (grant.expiresAt() <= now()) {
            throw new OAuthException(400, "invalid_grant", "AADSTS70008", "The provided authorization code expired.");
        }
        if (!grant.clientId().equalsIgnoreCase(clientId)) {
            throw new OAuthException(400, "invalid_grant", "AADSTS70000",
                    "The authorization code was issued to another client.");
        }
        if (redirectUri == null || !grant.redirectUri().equals(redirectUri)) {
            throw new OAuthException(400, "invalid_grant", "AADSTS500117",
                    "The redirect_uri does not match the one of the authorization request.");
        }
        if (codeVerifier == null || !VERIFIER.matcher(codeVerifier).matches()
                || !MessageDigest.isEqual(s256(codeVerifier), grant.codeChallenge().getBytes(StandardCharsets.US_ASCII))) {
            throw new OAuthException(400, "invalid_grant", "AADSTS501481",
                    "The code_verifier does not match the code_challenge supplied in the authorization request.");
        }
        return grant;
    }

    /** Remembers which refresh token a code's redemption produced, so a replay can revoke it. */
    public void redeemedInto(String code, String refreshTokenHash) {
        redeemed.computeIfPresent(DeviceCodes.hash(code), (k, r) -> new Redeemed(r.expiresAt(), refreshTokenHash));
    }

    private static byte[] s256(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest).getBytes(StandardCharsets.US_ASCII);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private void purgeExpired() {
        long now = now();
        live.entrySet().removeIf(e -> e.getValue().expiresAt() <= now);
        // A redeemed code is remembered a while past its life, so a late replay still revokes.
        redeemed.entrySet().removeIf(e -> e.getValue().expiresAt() + LIFETIME.toSeconds() <= now);
    }

    private long now() {
        return clock.instant().getEpochSecond();
    }
}
