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
import java.util.Map;
import java.util.UUID;

/** Mints RS256 access and id tokens with the claims Azure's v2.0 tokens carry. */
public final class TokenIssuer {

    public static final Duration ACCESS_TOKEN_LIFETIME = Duration.ofMinutes(60);
    /** Above this many groups a token carries Azure's overage marker instead of the list. */
    static final int MAX_GROUPS_IN_TOKEN = 200;
    /** The claim naming the credential a client used, so removing that credential revokes its tokens. */
    public static final String CREDENTIAL_CLAIM = "xms_cred";

    private final SigningKeys keys;
    private final Endpoints endpoints;
    private final Clock clock;

    public TokenIssuer(SigningKeys keys, Endpoints endpoints, Clock clock) {
        this.keys = keys;
        this.endpoints = endpoints;
        this.clock = clock;
    }

    /** The subject of an access token: who, with which client, authenticated how. */
    public record Subject(Principal principal, String clientId, String userPrincipalName, List<String> amr,
                          String credentialId) {
        public Subject {
            amr = List.copyOf(amr);
        }
    }

    public IssuedToken issue(Subject subject, String audience) {
        Principal principal = subject.principal();
        Instant now = clock.instant();
        Instant expires = now.plus(ACCESS_TOKEN_LIFETIME);
        JWTClaimsSet.Builder claims = base(principal, now, expires)
                .audience(audience)
                .claim("ver", "2.0")
                .claim("idtyp", principal.kind() == PrincipalKind.USER ? "user" : "app")
                .claim("amr", subject.amr());
        String client = subject.clientId() != null ? subject.clientId() : principal.appId();
        if (client != null) {
            claims.claim("appid", client).claim("azp", client);
        }
        if (subject.userPrincipalName() != null) {
            claims.claim("upn", subject.userPrincipalName()).claim("preferred_username", subject.userPrincipalName());
        }
        if (principal.displayName() != null) {
            claims.claim("name", principal.displayName());
        }
        if (principal.groupIds().size() > MAX_GROUPS_IN_TOKEN) {
            claims.claim("_claim_names", Map.of("groups", "src1"));
        } else if (!principal.groupIds().isEmpty()) {
            claims.claim("groups", List.copyOf(principal.groupIds()));
        }
        if (subject.credentialId() != null) {
            claims.claim(CREDENTIAL_CLAIM, subject.credentialId());
        }
        return new IssuedToken(sign(claims.build()), ACCESS_TOKEN_LIFETIME.toSeconds(), expires.getEpochSecond());
    }

    /** An OpenID Connect id token for user sign-ins; its audience is the client. */
    public String idToken(Subject subject, String nonce) {
        Instant now = clock.instant();
        JWTClaimsSet.Builder claims = base(subject.principal(), now, now.plus(ACCESS_TOKEN_LIFETIME))
                .audience(subject.clientId())
                .claim("ver", "2.0")
                .claim("preferred_username", subject.userPrincipalName())
                .claim("name", subject.principal().displayName());
        if (nonce != null) {
            claims.claim("nonce", nonce);
        }
        return sign(claims.build());
    }

    private JWTClaimsSet.Builder base(Principal principal, Instant now, Instant expires) {
        return new JWTClaimsSet.Builder()
                .issuer(endpoints.issuer(principal.tenantId()))
                .subject(principal.objectId())
                .issueTime(Date.from(now))
                .notBeforeTime(Date.from(now))
                .expirationTime(Date.from(expires))
                .jwtID(UUID.randomUUID().toString())
                .claim("tid", principal.tenantId())
                .claim("oid", principal.objectId());
    }

    private String sign(JWTClaimsSet claims) {
        RSAKey key = keys.activeKey();
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT)
                    .keyID(key.getKeyID()).build(), claims);
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
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
