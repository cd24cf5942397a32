package dev.coffer.http;

import dev.coffer.directory.Directory;
import dev.coffer.directory.Principal;
import dev.coffer.directory.PrincipalKind;
import dev.coffer.error.Unauthorized;
import dev.coffer.identity.Plane;
import dev.coffer.identity.TokenRejected;
import dev.coffer.identity.TokenValidator;
import dev.coffer.identity.ValidatedToken;

/**
 * Bearer token → {@link Principal}. The token's signature and claims are verified (and cached) by the
 * validator; whether the principal still exists and is enabled is checked on every request, so disabling it
 * takes effect at once. The principal carries the token's {@code amr}; on the management plane a tenant that
 * requires multi-factor authentication refuses user tokens without {@code mfa} (as conditional access does;
 * app-only tokens cannot do a second factor and are not subject to it, as in Azure).
 */
public final class BearerAuthenticator {

    /** The tenant setting (see {@code /v1.0/policies/cofferTenantPolicy}). */
    public static final String REQUIRE_MFA_FOR_MANAGEMENT = "requireMfaForManagement";

    private final TokenValidator validator;
    private final Directory directory;

    public BearerAuthenticator(TokenValidator validator, Directory directory) {
        this.validator = validator;
        this.directory = directory;
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
