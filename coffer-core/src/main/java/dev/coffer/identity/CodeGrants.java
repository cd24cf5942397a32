package dev.coffer.identity;

import dev.coffer.crypto.SecretBytes;
import dev.coffer.directory.Directory;
import dev.coffer.store.TenantRow;
import java.util.Map;

/**
 * The grants that redeem what an interactive sign-in produced: an authorization code (with its PKCE verifier)
 * and a device code. Either gives the user's access, refresh and id tokens with the {@code amr} of the
 * sign-in ({@code pwd}, plus {@code mfa} when a second factor was given).
 */
final class CodeGrants {

    static final String DEVICE_CODE = "urn:ietf:params:oauth:grant-type:device_code";

    private final TokenService tokens;
    private final Directory directory;
    private final DeviceCodes deviceCodes;
    private final AuthorizationCodes authorizationCodes;
    private final RefreshTokens refreshTokens;

    CodeGrants(TokenService tokens, Directory directory, DeviceCodes deviceCodes,
               AuthorizationCodes authorizationCodes, RefreshTokens refreshTokens) {
        this.tokens = tokens;
        this.directory = directory;
        this.deviceCodes = deviceCodes;
        this.authorizationCodes = authorizationCodes;
        this.refreshTokens = refreshTokens;
    }

    TokenResponse authorizationCode(TenantRow tenant, Map<String, String> form) {
        String clientId = TokenService.required(form, "client_id");
        String code = TokenService.required(form, "code");
        String secret = form.get("client_secret");
        if (secret != null && directory.authenticateClient(tenant.tenantId(), clientId, SecretBytes.ofUtf8(secret))
                .isEmpty()) {
            throw OAuthException.invalidClient("Invalid client secret provided, or the application is unknown or "
                    + "disabled.");
        }
        AuthorizationCodes.Grant grant;
        try {
            grant = authorizationCodes.redeem(code, clientId, form.get("redirect_uri"), form.get("code_verifier"));
        } catch (AuthorizationCodes.Replayed replay) {
            if (replay.refreshTokenHash() != null) {
                refreshTokens.revokeByHash(replay.refreshTokenHash());
            }
            throw new OAuthException(400, "invalid_grant", "AADSTS54005",
                    "OAuth2 Authorization code was already redeemed; the tokens it gave were revoked.");
        }
        if (!grant.tenantId().equalsIgnoreCase(tenant.tenantId())) {
            throw new OAuthException(400, "invalid_grant", "AADSTS70000",
                    "The authorization code was issued by another tenant.");
        }
        TokenResponse response = tokens.userTokens(tenant, grant.objectId(), clientId,
                Map.of("scope", grant.scope()), grant.amr(), grant.nonce());
        authorizationCodes.redeemedInto(code, RefreshTokens.hashHex(response.refreshToken()));
        return response;
    }

    TokenResponse deviceCode(TenantRow tenant, Map<String, String> form) {
        String clientId = TokenService.required(form, "client_id");
        String deviceCode = form.get("device_code") != null ? form.get("device_code") : form.get("code");
        if (deviceCode == null || deviceCode.isEmpty()) {
            throw OAuthException.invalidRequest("The request body must contain the 'device_code' parameter.");
        }
        DeviceCodes.Approved approved = deviceCodes.poll(deviceCode, clientId, tenant.tenantId());
        return tokens.userTokens(tenant, approved.objectId(), clientId, Map.of("scope", approved.scope()),
                approved.amr(), null);
    }
}
