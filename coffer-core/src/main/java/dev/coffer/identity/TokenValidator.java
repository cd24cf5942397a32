package dev.coffer.identity;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.ParseException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Verifies bearer tokens with one pinned Nimbus processor: RS256 only, keys only from Coffer's own JWKS
 * (headers such as {@code jku}/{@code x5u} are never followed), required claims, expiry with a small skew.
 * Results are cached by the token's SHA-256 until the token expires, so a repeat costs one hash; whether the
 * principal is still enabled is checked by the caller on every request, never cached here.
 */
public final class TokenValidator {

    public static final int MAX_TOKEN_LENGTH = 16 * 1024;
    private static final int MAX_CACHED = 100_000;
    private static final int CLOCK_SKEW_SECONDS = 120;
    /** Coffer issues one-hour tokens; anything claiming a much longer life was not made by this issuer. */
    private static final long MAX_LIFETIME_SECONDS = 24 * 3600;

    private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
    private final Endpoints endpoints;
    private final Audiences audiences;
    private final Clock clock;
    private final Map<String, ValidatedToken> cache = new ConcurrentHashMap<>();

    public TokenValidator(SigningKeys keys, Endpoints endpoints, Audiences audiences, Clock clock) {
        this.endpoints = endpoints;
        this.audiences = audiences;
        this.clock = clock;
        JWKSource<SecurityContext> source = (selector, context) -> selector.select(keys.publicKeys());
        processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(JOSEObjectType.JWT, null));
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256, source));
        DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(null, null,
                Set.of("iss", "aud", "exp", "nbf", "iat", "tid", "oid", "sub"), null) {
            @Override
            protected java.util.Date currentTime() {
                return java.util.Date.from(clock.instant());
            }
        };
        claims.setMaxClockSkew(CLOCK_SKEW_SECONDS);
        processor.setJWTClaimsSetVerifier(claims);
    }

    /** Verifies the token and that it was issued for {@code plane}. */
    public ValidatedToken validate(String token, Plane plane) throws TokenRejected {
        if (token.length() > MAX_TOKEN_LENGTH) {
            throw new TokenRejected("AKV10001: The token is too large.");
        }
        String key = hash(token);
        ValidatedToken cached = cache.get(key);
        if (cached == null) {
            cached = verify(token);
            if (cache.size() >= MAX_CACHED) {
                cache.clear();
            }
            cache.put(key, cached);
        }
        if (cached.expiresAt() + CLOCK_SKEW_SECONDS <= clock.instant().getEpochSecond()) {
            cache.remove(key);
            throw new TokenRejected("AKV10021: The token is expired.");
        }
        if (!audiences.accepts(plane, cached.audience())) {
            throw new TokenRejected("AKV10022: Invalid audience. Found: " + shown(cached.audience()));
        }
        return cached;
    }

    /** Forgets every cached verification, e.g. after a signing key was removed. */
    public void forgetAll() {
        cache.clear();
    }

    private ValidatedToken verify(String token) throws TokenRejected {
        JWTClaimsSet claims;
        try {
            claims = processor.process(token, null);
        } catch (BadJWTException e) {
            throw new TokenRejected("AKV10021: The token's claims are not valid (" + e.getMessage() + ").");
        } catch (ParseException e) {
            throw new TokenRejected("AKV10000: The bearer token is malformed.");
        } catch (com.nimbusds.jose.proc.BadJOSEException | JOSEException e) {
            throw new TokenRejected("AKV10046: The token's signature or header could not be verified with this issuer's keys.");
        }
        try {
            String tenantId = claims.getStringClaim("tid");
            String issuer = claims.getIssuer();
            if (tenantId == null || !endpoints.issuer(tenantId).equals(issuer)) {
                throw new TokenRejected("AKV10032: Invalid issuer. Found: " + shown(issuer));
            }
            // Nimbus checks exp and nbf but neither iat nor the lifetime (see security-tests.md 1.3).
            long now = clock.instant().getEpochSecond();
            long issuedAt = claims.getIssueTime().toInstant().getEpochSecond();
            long expires = claims.getExpirationTime().toInstant().getEpochSecond();
            if (issuedAt > now + CLOCK_SKEW_SECONDS) {
                throw new TokenRejected("AKV10021: The token was issued in the future (iat).");
            }
            if (expires - issuedAt > MAX_LIFETIME_SECONDS) {
                throw new TokenRejected("AKV10021: The token's lifetime is longer than this issuer grants.");
            }
            if (claims.getStringClaim("oid") == null || claims.getSubject() == null) {
                throw new TokenRejected("AKV10021: The token names no object id.");
            }
            List<String> aud = claims.getAudience();
            if (aud.size() != 1) {
                throw new TokenRejected("AKV10022: The token must name exactly one audience.");
            }
            List<String> amr = claims.getStringListClaim("amr");
            return new ValidatedToken(tenantId, claims.getStringClaim("oid"), claims.getStringClaim("appid"),
                    aud.get(0), issuer, "user".equals(claims.getStringClaim("idtyp")),
                    amr == null ? List.of() : amr, claims.getExpirationTime().toInstant().getEpochSecond(),
                    claims.getStringClaim(TokenIssuer.CREDENTIAL_CLAIM));
        } catch (ParseException e) {
            throw new TokenRejected("AKV10021: The token's claims have the wrong types.");
        }
    }

    /** A claim value echoed in an error: bounded and printable, since it comes from the caller. */
    static String shown(String value) {
        if (value == null) {
            return "(none)";
        }
        String printable = value.replaceAll("[^\\x20-\\x7E]", "?");
        return printable.length() <= 120 ? printable : printable.substring(0, 120) + "…";
    }

    private static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
