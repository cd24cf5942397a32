package dev.coffer.identity;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.coffer.directory.Principal;
import dev.coffer.directory.PrincipalKind;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;

/** Mints RS256 access tokens with the claims Azure's v2.0 tokens carry. */
public final class TokenIssuer {

    public static final Duration ACCESS_TOKEN_LIFETIME = Duration.ofMinutes(60);

    private final SigningKeys keys;
    private final Endpoints endpoints;
    private final Clock clock;

    public TokenIssuer(SigningKeys keys, Endpoints endpoints, Clock clock) {
        this.keys = keys;
        this.endpoints = endpoints;
        this.clock = clock;
    }

    public IssuedToken issue(Principal principal, String audience, List<String> amr) {
        RSAKey key = keys.activeKey();
        Instant now = clock.instant();
        Instant expires = now.plus(ACCESS_TOKEN_LIFETIME);
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .audience(audience)
                .issuer(endpoints.issuer(principal.tenantId()))
                .subject(principal.objectId())
                .issueTime(Date.from(now))
                .notBeforeTime(Date.from(now))
                .expirationTime(Date.from(expires))
                .jwtID(UUID.randomUUID().toString())
                .claim("tid", principal.tenantId())
                .claim("oid", principal.objectId())
                .claim("ver", "2.0")
                .claim("idtyp", principal.kind() == PrincipalKind.USER ? "user" : "app")
                .claim("amr", amr);
        if (principal.appId() != null) {
            claims.claim("appid", principal.appId()).claim("azp", principal.appId());
        }
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT)
                    .keyID(key.getKeyID()).build(), claims.build());
            jwt.sign(new RSASSASigner(key));
            return new IssuedToken(jwt.serialize(), ACCESS_TOKEN_LIFETIME.toSeconds(), expires.getEpochSecond());
        } catch (JOSEException e) {
            throw new IllegalStateException("token signing failed", e);
        }
    }

    /** The serialized token is a credential: callers hand it to the client and nowhere else. */
    public record IssuedToken(String accessToken, long expiresIn, long expiresAt) {
        @Override
        public String toString() {
            return "IssuedToken[redacted, expiresAt=" + expiresAt + "]";
        }
    }
}
