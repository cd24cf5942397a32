package dev.coffer.identity;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Verifies tokens of trusted external issuers. Keys come only from the issuer's JWKS (as its discovery
 * document named it when the trust was registered), cached and fetched again when a token names an unknown
 * {@code kid} — at most once per {@value #REFETCH_SECONDS} seconds, so the IdP's key rotation is picked up
 * and a removed key's tokens fail, while made-up kids cannot make Coffer hammer the IdP. Asymmetric
 * algorithms only; the same claim checks as Coffer's own tokens (exp, nbf, iat, lifetime, exact issuer,
 * audience).
 */
public final class FederatedTokens {

    private static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384,
            JWSAlgorithm.RS512, JWSAlgorithm.PS256, JWSAlgorithm.ES256, JWSAlgorithm.ES384);
    private static final int CLOCK_SKEW_SECONDS = 120;
    private static final long MAX_LIFETIME_SECONDS = 24 * 3600;
    static final long REFETCH_SECONDS = 10;
    private static final long MAX_AGE_SECONDS = 3600;

    private record CachedKeys(JWKSet keys, long fetchedAt) {
    }

    private final FederatedIssuers issuers;
    private final Clock clock;
    private final Map<String, CachedKeys> keysByUri = new ConcurrentHashMap<>();

    public FederatedTokens(FederatedIssuers issuers, Clock clock) {
        this.issuers = issuers;
        this.clock = clock;
    }

    /** Whether some tenant trusts this issuer (the caller then validates here, not as a Coffer token). */
    public boolean trusts(String issuer) {
        return !issuers.forIssuer(issuer).isEmpty();
    }

    /** Whether any tenant trusts any external issuer (if not, no token needs a second look). */
    public boolean anyTrusted() {
        return issuers.any();
    }

    public FederatedIdentity validate(String token, String issuer) throws TokenRejected {
        TokenRejected last = new TokenRejected("AKV10032: Invalid issuer. The issuer is not trusted.");
        for (FederatedIssuer trust : issuers.forIssuer(issuer)) {
            try {
                return validate(token, trust);
            } catch (TokenRejected e) {
                last = e;
            }
        }
        throw last;
    }

    private FederatedIdentity validate(String token, FederatedIssuer trust) throws TokenRejected {
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(com.nimbusds.jose.JOSEObjectType.JWT,
                new com.nimbusds.jose.JOSEObjectType("at+jwt"), null));
        JWKSource<SecurityContext> source = (selector, context) -> {
            List<JWK> found = selector.select(keys(trust.jwksUri(), false));
            return found.isEmpty() ? selector.select(keys(trust.jwksUri(), true)) : found;
        };
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(ALGORITHMS, source));
        DefaultJWTClaimsVerifier<SecurityContext> verifier = new DefaultJWTClaimsVerifier<>(Set.of(trust.audience()),
                new JWTClaimsSet.Builder().issuer(trust.issuer()).build(), Set.of("exp", "iat", "sub"), null) {
            @Override
            protected Date currentTime() {
                return Date.from(clock.instant());
            }
        };
        verifier.setMaxClockSkew(CLOCK_SKEW_SECONDS);
        processor.setJWTClaimsSetVerifier(verifier);
        JWTClaimsSet claims;
        try {
            claims = process(processor, token, trust.jwksUri());
        } catch (BadJWTException e) {
            String m = String.valueOf(e.getMessage());
            throw new TokenRejected(m.contains("aud") ? "AKV10022: Invalid audience for this trusted issuer."
                    : "AKV10021: The token's claims are not valid (" + m + ").");
        } catch (ParseException e) {
            throw new TokenRejected("AKV10000: The bearer token is malformed.");
        } catch (BadJOSEException | JOSEException e) {
            throw new TokenRejected("AKV10046: The token's signature could not be verified with the issuer's keys.");
        }
        long now = clock.instant().getEpochSecond();
        long iat = claims.getIssueTime().toInstant().getEpochSecond();
        if (iat > now + CLOCK_SKEW_SECONDS
                || claims.getExpirationTime().toInstant().getEpochSecond() - iat > MAX_LIFETIME_SECONDS) {
            throw new TokenRejected("AKV10021: The token's issue time or lifetime is not plausible.");
        }
        Object subject = claims.getClaim(trust.objectIdClaim());
        if (!(subject instanceof String s) || s.isBlank() || s.length() > 256) {
            throw new TokenRejected("AKV10021: The token has no usable '" + trust.objectIdClaim() + "' claim.");
        }
        String objectId = objectIdOf(trust.tenantId(), trust.issuer(), s);
        Set<String> groups = new HashSet<>();
        for (String external : strings(claims.getClaim(trust.groupsClaim()))) {
            String mapped = trust.groupMapping().get(external);
            if (mapped != null) {
                groups.add(mapped);
            }
        }
        String name = claims.getClaim("name") instanceof String n ? n
                : claims.getClaim("preferred_username") instanceof String p ? p : s;
        List<String> amr = strings(claims.getClaim("amr"));
        return new FederatedIdentity(trust.tenantId(), objectId, name.length() > 256 ? name.substring(0, 256) : name,
                groups, amr, trust.issuer(), trust.audience());
    }

    /**
     * An IdP may rotate to a new key under the same kid: a signature that fails against cached keys gets one
     * more try against freshly fetched ones (within the refetch limit).
     */
    private JWTClaimsSet process(DefaultJWTProcessor<SecurityContext> processor, String token, String jwksUri)
            throws ParseException, BadJOSEException, JOSEException {
        try {
            return processor.process(token, null);
        } catch (BadJWTException e) {
            throw e;
        } catch (BadJOSEException e) {
            CachedKeys cached = keysByUri.get(jwksUri);
            long now = clock.instant().getEpochSecond();
            if (cached == null || now - cached.fetchedAt() < REFETCH_SECONDS) {
                throw e;
            }
            keysByUri.put(jwksUri, new CachedKeys(cached.keys(), Long.MIN_VALUE / 2));
            return processor.process(token, null);
        }
    }

    /** The object id a federated user gets in a tenant: stable, and never one an IdP could pick. */
    public static String objectIdOf(String tenantId, String issuer, String claimValue) {
        return UUID.nameUUIDFromBytes((tenantId + "\n" + issuer + "\n" + claimValue).getBytes(StandardCharsets.UTF_8))
                .toString();
    }

    private static List<String> strings(Object value) {
        List<String> out = new ArrayList<>();
        if (value instanceof String s) {
            out.add(s);
        } else if (value instanceof List<?> list) {
            for (Object o : list) {
                if (o instanceof String s && out.size() < 1000) {
                    out.add(s);
                }
            }
        }
        return out;
    }

    private JWKSet keys(String jwksUri, boolean unknownKid) {
        long now = clock.instant().getEpochSecond();
        CachedKeys cached = keysByUri.get(jwksUri);
        boolean stale = cached == null || now - cached.fetchedAt() > MAX_AGE_SECONDS
                || (unknownKid && now - cached.fetchedAt() >= REFETCH_SECONDS);
        if (!stale) {
            return cached.keys();
        }
        try {
            JWKSet fresh = JWKSet.parse(issuers.fetcher().get(URI.create(jwksUri)));
            keysByUri.put(jwksUri, new CachedKeys(fresh, now));
            return fresh;
        } catch (IOException | ParseException | IllegalArgumentException e) {
            // Keep what we had (the IdP may be down); remember the attempt so it is not retried at once.
            JWKSet kept = cached == null ? new JWKSet() : cached.keys();
            keysByUri.put(jwksUri, new CachedKeys(kept, now));
            return kept;
        }
    }
}
