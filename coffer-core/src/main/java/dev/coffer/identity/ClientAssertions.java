package dev.coffer.identity;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.coffer.directory.ClientAuthentication;
import dev.coffer.directory.Directory;
import dev.coffer.store.CredentialRow;
import dev.coffer.store.PrincipalRow;
import java.io.ByteArrayInputStream;
import java.security.MessageDigest;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.text.ParseException;
import java.time.Clock;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Verifies a client assertion (RFC 7523) signed by a certificate registered on the application: RS256 or
 * PS256, the certificate found by its SHA-256 or SHA-1 thumbprint (either base64 flavour, as MSAL4J and
 * msal-node differ), audience = this token endpoint, issuer = subject = client id, a short lifetime and a
 * {@code jti} that is never accepted twice.
 */
final class ClientAssertions {

    private static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.PS256,
            JWSAlgorithm.RS384, JWSAlgorithm.PS384, JWSAlgorithm.RS512, JWSAlgorithm.PS512);
    private static final long SKEW = 120;
    private static final long MAX_LIFETIME = 3600;

    private final Directory directory;
    private final Endpoints endpoints;
    private final Clock clock;
    private final Map<String, Long> seenIds = new ConcurrentHashMap<>();

    ClientAssertions(Directory directory, Endpoints endpoints, Clock clock) {
        this.directory = directory;
        this.endpoints = endpoints;
        this.clock = clock;
    }

    ClientAuthentication verify(String tenantId, Set<String> tokenEndpoints, String clientId, String assertion) {
        SignedJWT jwt;
        JWTClaimsSet claims;
        try {
            jwt = SignedJWT.parse(assertion);
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            throw OAuthException.invalidClient("AADSTS50027", "The client assertion is not a valid JWT.");
        }
        JWSHeader header = jwt.getHeader();
        if (!ALGORITHMS.contains(header.getAlgorithm())) {
            throw OAuthException.invalidClient("AADSTS5002738", "The client assertion's algorithm is not accepted.");
        }
        PrincipalRow sp = directory.servicePrincipalByAppId(tenantId, clientId).filter(PrincipalRow::enabled)
                .orElseThrow(() -> OAuthException.invalidClient("AADSTS700016", "The application is unknown or disabled."));
        long now = clock.instant().getEpochSecond();
        CredentialRow credential = null;
        X509Certificate certificate = null;
        for (CredentialRow c : directory.clientCredentials(tenantId, clientId)) {
            if (!"x509-der".equals(c.hashAlgorithm()) || c.expiresAt() <= now) {
                continue;
            }
            X509Certificate cert = certificate(c.hash());
            if (cert != null && thumbprintMatches(header, cert)) {
                credential = c;
                certificate = cert;
                break;
            }
        }
        if (credential == null || !(certificate.getPublicKey() instanceof RSAPublicKey key)) {
            throw OAuthException.invalidClient("AADSTS700027", "The client assertion's certificate is not registered "
                    + "for this application.");
        }
        try {
            if (!jwt.verify(new RSASSAVerifier(key))) {
                throw OAuthException.invalidClient("AADSTS700027", "The client assertion's signature is not valid.");
            }
        } catch (JOSEException e) {
            throw OAuthException.invalidClient("AADSTS700027", "The client assertion's signature is not valid.");
        }
        checkClaims(claims, tokenEndpoints, clientId, now);
        return new ClientAuthentication(sp, credential.keyId());
    }

    private void checkClaims(JWTClaimsSet claims, Set<String> tokenEndpoints, String clientId, long now) {
        boolean audienceOk = claims.getAudience().stream()
                .anyMatch(a -> tokenEndpoints.contains(a.toLowerCase(java.util.Locale.ROOT)));
        if (!audienceOk) {
            throw OAuthException.invalidClient("AADSTS700212", "The client assertion's audience must be this token "
                    + "endpoint.");
        }
        if (!clientId.equalsIgnoreCase(claims.getIssuer()) || !clientId.equalsIgnoreCase(claims.getSubject())) {
            throw OAuthException.invalidClient("AADSTS700023", "The client assertion's issuer and subject must be "
                    + "the client id.");
        }
        if (claims.getExpirationTime() == null || claims.getJWTID() == null) {
            throw OAuthException.invalidClient("AADSTS700024", "The client assertion needs exp and jti.");
        }
        long exp = claims.getExpirationTime().toInstant().getEpochSecond();
        long nbf = claims.getNotBeforeTime() == null ? now : claims.getNotBeforeTime().toInstant().getEpochSecond();
        if (exp + SKEW < now || nbf - SKEW > now || exp - now > MAX_LIFETIME) {
            throw OAuthException.invalidClient("AADSTS700024", "The client assertion is expired or not yet valid.");
        }
        seenIds.entrySet().removeIf(e -> e.getValue() + SKEW < now);
        if (seenIds.putIfAbsent(clientId + "/" + claims.getJWTID(), exp) != null) {
            throw OAuthException.invalidClient("AADSTS700025", "The client assertion was already used (jti replay).");
        }
    }

    private static boolean thumbprintMatches(JWSHeader header, X509Certificate cert) {
        try {
            byte[] der = cert.getEncoded();
            byte[] sha256 = MessageDigest.getInstance("SHA-256").digest(der);
            byte[] sha1 = MessageDigest.getInstance("SHA-1").digest(der);
            return matches(header.getX509CertSHA256Thumbprint(), header.getCustomParam("x5t#S256"), sha256)
                    || matches(header.getX509CertThumbprint(), null, sha1);
        } catch (Exception e) {
            return false;
        }
    }

    private static boolean matches(Base64URL parsed, Object raw, byte[] expected) {
        String text = parsed != null ? parsed.toString() : raw instanceof String s ? s : null;
        if (text == null) {
            return false;
        }
        String url = text.replace('+', '-').replace('/', '_').replace("=", "");
        return MessageDigest.isEqual(url.getBytes(), Base64.getUrlEncoder().withoutPadding().encodeToString(expected)
                .getBytes());
    }

    private static X509Certificate certificate(byte[] der) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der));
        } catch (CertificateException e) {
            return null;
        }
    }
}
