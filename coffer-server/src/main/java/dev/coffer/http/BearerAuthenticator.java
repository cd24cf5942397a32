package dev.coffer.http;

import dev.coffer.directory.Directory;
import dev.coffer.directory.Principal;
import dev.coffer.directory.PrincipalKind;
import dev.coffer.error.Unauthorized;
import com.nimbusds.jwt.SignedJWT;
import dev.coffer.identity.FederatedIdentity;
import dev.coffer.identity.FederatedTokens;
import dev.coffer.identity.Plane;
import java.text.ParseException;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import dev.coffer.identity.TokenRejected;
import dev.coffer.identity.TokenValidator;
import dev.coffer.identity.ValidatedToken;

/**
 * Bearer token → {@link Principal}. The token's signature and claims are verified (and cached) by the
 * validator; whether the principal still exists and is enabled is checked on every request, so disabling it
 * takes effect at once. The principal carries the token's {@code amr}; on the management plane a tenant that
 * requires multi-factor authentication refuses user tokens without {@code mfa} (as conditional access does;
 * app-only tokens cannot do a second factor and are not subject to it, as in Azure). Tokens of an external
 * OpenID Connect issuer a tenant trusts are verified against that issuer's keys and stand for a user of the
 * tenant (made on first sign-in), with the groups the trust maps; they are accepted on every plane.
 */
public final class BearerAuthenticator {

    /** The tenant setting (see {@code /v1.0/policies/cofferTenantPolicy}). */
    public static final String REQUIRE_MFA_FOR_MANAGEMENT = "requireMfaForManagement";

    private final TokenValidator validator;
    private final Directory directory;
    private final FederatedTokens federated;
    private final String ownIssuerPrefix;

    public BearerAuthenticator(TokenValidator validator, Directory directory) {
        this(validator, directory, null, null);
    }

    /**
     * @param federated tokens of external issuers trusted by a tenant (null: none)
     * @param ownIssuerPrefix the start of Coffer's own issuer URLs ({@code https://host:port/})
     */
    public BearerAuthenticator(TokenValidator validator, Directory directory, FederatedTokens federated,
                               String ownIssuerPrefix) {
        this.validator = validator;
        this.directory = directory;
        this.federated = federated;
        this.ownIssuerPrefix = ownIssuerPrefix;
    }

    /** True when the request carries no credential at all (the SDKs' first, challenge-eliciting request). */
    public static boolean missing(String authorization) {
        return authorization == null || authorization.isBlank();
    }

    public Principal authenticate(String authorization, Plane plane) {
        if (missing(authorization)) {
            throw new Unauthorized("Unauthorized", "AKV10000: Request is missing a Bearer or PoP token.");
        }
        if (authorization.length() < 8 || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new Unauthorized("Unauthorized", "AKV10000: Request is missing a Bearer or PoP token.");
        }
        String token = authorization.substring(7).trim();
        String issuer = federated == null || !federated.anyTrusted()
                || token.length() > TokenValidator.MAX_TOKEN_LENGTH ? null : unverifiedIssuer(token);
        if (issuer != null && !issuer.startsWith(ownIssuerPrefix)) {
            return federatedPrincipal(token, issuer, plane);
        }
        ValidatedToken valid;
        try {
            valid = validator.validate(token, plane);
        } catch (TokenRejected e) {
            throw new Unauthorized("Unauthorized", e.getMessage());
        }
        if (!directory.credentialActive(valid.credentialId())) {
            throw new Unauthorized("Unauthorized", "AKV10040: The credential this token was issued for was removed.");
        }
        Principal principal = directory.activePrincipal(valid.tenantId(), valid.objectId())
                .orElseThrow(() -> new Unauthorized("Unauthorized",
                        "AKV10040: The principal of this token is disabled or no longer exists."))
                .withAuthMethods(valid.amr());
        requireMfaWhereTheTenantDemands(principal, plane);
        return principal;
    }

    /**
     * Only to choose the validator: a token that names an issuer other than Coffer is checked against that
     * issuer's trust (or refused as untrusted), never against Coffer's keys, and vice versa.
     */
    private static String unverifiedIssuer(String token) {
        try {
            return SignedJWT.parse(token).getJWTClaimsSet().getIssuer();
        } catch (ParseException | RuntimeException e) {
            return null;
        }
    }

    private Principal federatedPrincipal(String token, String issuer, Plane plane) {
        if (!federated.trusts(issuer)) {
            throw new Unauthorized("Unauthorized", "AKV10032: Invalid issuer. Tokens of this issuer are not trusted "
                    + "by any tenant.");
        }
        FederatedIdentity identity;
        try {
            identity = federated.validate(token, issuer);
        } catch (TokenRejected e) {
            throw new Unauthorized("Unauthorized", e.getMessage());
        }
        directory.externalUser(identity.tenantId(), identity.objectId(), identity.displayName());
        Principal user = directory.activePrincipal(identity.tenantId(), identity.objectId())
                .orElseThrow(() -> new Unauthorized("Unauthorized",
                        "AKV10040: The principal of this token is disabled or no longer exists."));
        Set<String> groups = new HashSet<>(user.groupIds());
        for (String g : identity.groupIds()) {
            groups.add(g.toLowerCase(Locale.ROOT));
            groups.addAll(directory.transitiveGroups(g));
        }
        Principal principal = new Principal(user.tenantId(), user.objectId(), null, PrincipalKind.USER,
                user.displayName(), groups, identity.amr(), user.userPrincipalName());
        requireMfaWhereTheTenantDemands(principal, plane);
        return principal;
    }

    private void requireMfaWhereTheTenantDemands(Principal principal, Plane plane) {
        if (plane != Plane.MANAGEMENT || principal.kind() != PrincipalKind.USER || principal.signedInWithMfa()) {
            return;
        }
        if ("true".equalsIgnoreCase(directory.settings(principal.tenantId()).get(REQUIRE_MFA_FOR_MANAGEMENT))) {
            throw new Unauthorized("Unauthorized", "AADSTS50076: Due to a configuration change made by your "
                    + "administrator, you must use multi-factor authentication to access the management plane. "
                    + "Sign in again interactively (device code or browser) with your authenticator app.");
        }
    }
}
