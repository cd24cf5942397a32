package dev.coffer.identity;

import dev.coffer.crypto.SecretBytes;
import dev.coffer.directory.ClientAuthentication;
import dev.coffer.directory.Directory;
import dev.coffer.directory.Principal;
import dev.coffer.directory.SignInFailed;
import dev.coffer.store.PrincipalRow;
import dev.coffer.store.RefreshTokenRow;
import dev.coffer.store.Store;
import dev.coffer.store.TenantRow;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The token endpoint's grants: client credentials (secret or certificate-signed assertion), resource-owner
 * password and refresh token. The tenant segment of the URL may be a tenant id or {@code adfs} (the
 * ADFS-style authority older tools need), which means the installation's home tenant.
 */
public final class TokenService {

    public static final String ADFS = "adfs";
    private static final List<String> OIDC_SCOPES = List.of("openid", "profile", "offline_access", "email");
    /** Microsoft's public client ids that tools sign users in with (Azure CLI, Azure PowerShell). */
    private static final Set<String> WELL_KNOWN_PUBLIC_CLIENTS = Set.of("04b07795-8ddb-461a-bbee-02f9e1bf7b46",
            "1950a258-227b-4e31-a9cf-717495945fc2");

    private final Directory directory;
    private final TokenIssuer issuer;
    private final Audiences audiences;
    private final Endpoints endpoints;
    private final String homeTenantId;
    private final ClientAssertions assertions;
    private final RefreshTokens refreshTokens;
    private final DeviceCodes deviceCodes;
    private final AuthorizationCodes authorizationCodes;
    private final CodeGrants codeGrants;

    public TokenService(Directory directory, TokenIssuer issuer, Audiences audiences, Endpoints endpoints,
                        String homeTenantId, Store store, SecureRandom random, Clock clock) {
        this.directory = directory;
        this.issuer = issuer;
        this.audiences = audiences;
        this.endpoints = endpoints;
        this.homeTenantId = homeTenantId;
        this.assertions = new ClientAssertions(directory, endpoints, clock);
        this.refreshTokens = new RefreshTokens(store, random, clock);
        this.deviceCodes = new DeviceCodes(clock, random);
        this.authorizationCodes = new AuthorizationCodes(clock, random);
        this.codeGrants = new CodeGrants(this, directory, deviceCodes, authorizationCodes, refreshTokens);
    }

    /** Pending device sign-ins, shared with the sign-in page that approves them. */
    public DeviceCodes deviceCodes() {
        return deviceCodes;
    }

    /** Authorization codes, issued by the sign-in page and redeemed here. */
    public AuthorizationCodes authorizationCodes() {
        return authorizationCodes;
    }

    /**
     * The device-code endpoint: a public client asks to sign a user in on another device. The scope is
     * checked now, so a typo fails before the person is sent to the page.
     */
    public DeviceCodes.Started startDeviceFlow(String tenantSegment, Map<String, String> form) {
        TenantRow tenant = tenant(tenantSegment);
        String clientId = publicClient(tenant, form);
        audienceOf(form, true);
        return deviceCodes.start(tenant.tenantId(), clientId, form.getOrDefault("scope", ""));
    }

    /** Whether a client id names an application of the tenant or one of Microsoft's well-known tools. */
    public boolean knownClient(String tenantId, String clientId) {
        return clientId != null && (WELL_KNOWN_PUBLIC_CLIENTS.contains(clientId.toLowerCase(Locale.ROOT))
                || directory.applicationByAppId(tenantId, clientId).isPresent());
    }

    /** Resolves the tenant segment of a token-service URL. */
    public TenantRow tenant(String tenantSegment) {
        String id = ADFS.equalsIgnoreCase(tenantSegment) ? homeTenantId : tenantSegment.toLowerCase(Locale.ROOT);
        return directory.tenant(id).orElseThrow(() -> OAuthException.invalidTenant(
                "Tenant '" + tenantSegment + "' not found. Check the tenant id in the authority."));
    }

    public TokenResponse grant(String tenantSegment, Map<String, String> form, String clientAddress) {
        String grantType = form.get("grant_type");
        if (grantType == null) {
            throw OAuthException.invalidRequest("The request body must contain the 'grant_type' parameter.");
        }
        TenantRow tenant = tenant(tenantSegment);
        return switch (grantType) {
            case "client_credentials" -> clientCredentials(tenant, tenantSegment, form);
            case "password" -> password(tenant, form, clientAddress);
            case "refresh_token" -> refresh(tenant, form);
            case "authorization_code" -> codeGrants.authorizationCode(tenant, form);
            // MSAL4J sends the short name Azure also accepts.
            case CodeGrants.DEVICE_CODE, "device_code" -> codeGrants.deviceCode(tenant, form);
            default -> throw OAuthException.unsupportedGrant("The grant type '" + grantType + "' is not supported.");
        };
    }

    private TokenResponse clientCredentials(TenantRow tenant, String tenantSegment, Map<String, String> form) {
        String clientId = required(form, "client_id");
        String audience = audienceOf(form, false);
        ClientAuthentication client;
        if (form.containsKey("client_assertion")) {
            if (!"urn:ietf:params:oauth:client-assertion-type:jwt-bearer".equals(form.get("client_assertion_type"))) {
                throw OAuthException.invalidRequest("client_assertion_type must be jwt-bearer.");
            }
            client = assertions.verify(tenant.tenantId(), tokenEndpoints(tenant, tenantSegment), clientId,
                    form.get("client_assertion"));
        } else {
            String secret = required(form, "client_secret");
            client = directory.authenticateClient(tenant.tenantId(), clientId, SecretBytes.ofUtf8(secret))
                    .orElseThrow(() -> OAuthException.invalidClient(
                            "Invalid client secret provided, or the application is unknown or disabled."));
        }
        Principal principal = directory.activePrincipal(tenant.tenantId(), client.servicePrincipal().objectId())
                .orElseThrow(() -> OAuthException.invalidClient("The application is disabled."));
        TokenIssuer.Subject subject = new TokenIssuer.Subject(principal, clientId, null, List.of("pwd"),
                client.credentialId());
        TokenIssuer.IssuedToken token = issuer.issue(subject, audience);
        return new TokenResponse(principal, token.accessToken(), token.expiresIn(), null, null, null, null);
    }

    private TokenResponse password(TenantRow tenant, Map<String, String> form, String clientAddress) {
        String clientId = publicClient(tenant, form);
        String username = required(form, "username");
        String password = required(form, "password");
        PrincipalRow user;
        try {
            user = directory.authenticateUser(tenant.tenantId(), username, SecretBytes.ofUtf8(password), clientAddress);
        } catch (SignInFailed e) {
            throw new OAuthException(400, "invalid_grant", e.aadCode(), e.getMessage());
        }
        return userTokens(tenant, user.objectId(), clientId, form, List.of("pwd"), true);
    }

    private TokenResponse refresh(TenantRow tenant, Map<String, String> form) {
        String clientId = required(form, "client_id");
        RefreshTokenRow row = refreshTokens.redeem(required(form, "refresh_token"))
                .filter(r -> r.clientId().equalsIgnoreCase(clientId) && r.tenantId().equalsIgnoreCase(tenant.tenantId()))
                .orElseThrow(() -> new OAuthException(400, "invalid_grant", "AADSTS70008",
                        "The refresh token has expired, was revoked or was already used."));
        return userTokens(tenant, row.objectId(), clientId, form, List.of(row.amr().split(" ")), false);
    }

    private TokenResponse userTokens(TenantRow tenant, String objectId, String clientId, Map<String, String> form,
                                     List<String> amr, boolean firstSignIn) {
        return userTokens(tenant, objectId, clientId, form, amr, null);
    }

    /** Access, refresh and id token for a signed-in user; {@code form} supplies the scope. */
    TokenResponse userTokens(TenantRow tenant, String objectId, String clientId, Map<String, String> form,
                             List<String> amr, String nonce) {
        Principal principal = directory.activePrincipal(tenant.tenantId(), objectId)
                .orElseThrow(() -> new OAuthException(400, "invalid_grant", "AADSTS50057",
                        "The user account is disabled or no longer exists."));
        String upn = directory.principal(objectId).map(PrincipalRow::userPrincipalName).orElse(null);
        TokenIssuer.Subject subject = new TokenIssuer.Subject(principal, clientId, upn, amr, null);
        String audience = audienceOf(form, true);
        TokenIssuer.IssuedToken token = issuer.issue(subject, audience);
        String scope = form.getOrDefault("scope", audience + "/.default");
        String refresh = refreshTokens.issue(objectId, tenant.tenantId(), clientId, scope, String.join(" ", amr));
        String clientInfo = Base64.getUrlEncoder().withoutPadding().encodeToString(
                ("{\"uid\":\"" + objectId + "\",\"utid\":\"" + tenant.tenantId() + "\"}")
                        .getBytes(StandardCharsets.UTF_8));
        return new TokenResponse(principal, token.accessToken(), token.expiresIn(), scope, refresh,
                issuer.idToken(subject, nonce), clientInfo);
    }

    /** Public clients: an application registered in the tenant, or one of Microsoft's well-known tool ids. */
    String publicClient(TenantRow tenant, Map<String, String> form) {
        String clientId = required(form, "client_id");
        if (!knownClient(tenant.tenantId(), clientId)) {
            throw new OAuthException(400, "unauthorized_client", "AADSTS700016",
                    "Application with identifier '" + clientId + "' was not found in the directory.");
        }
        return clientId;
    }

    /** Every spelling of this token endpoint a client assertion may name as its audience. */
    private Set<String> tokenEndpoints(TenantRow tenant, String tenantSegment) {
        String base = endpoints.serviceBase().toLowerCase(Locale.ROOT);
        return new java.util.HashSet<>(List.of(base + "/" + tenantSegment.toLowerCase(Locale.ROOT) + "/oauth2/v2.0/token",
                base + "/" + tenant.tenantId().toLowerCase(Locale.ROOT) + "/oauth2/v2.0/token",
                base + "/" + tenant.tenantId().toLowerCase(Locale.ROOT) + "/oauth2/token",
                base + "/adfs/oauth2/token"));
    }

    /**
     * The audience is the one scope that is not an OpenID scope, minus exactly its {@code /.default} suffix;
     * clients send the scopes in varying order. A user sign-in with only OpenID scopes gets a Graph token.
     */
    String audienceOf(Map<String, String> form, boolean userFlow) {
        String scope = form.get("scope");
        if (scope == null) {
            String resource = form.get("resource");
            if (resource == null) {
                if (userFlow) {
                    return audiences.defaultAudience();
                }
                throw OAuthException.invalidRequest("The request body must contain the 'scope' parameter.");
            }
            scope = resource + "/.default";
        }
        String resource = null;
        for (String s : scope.trim().split("\\s+")) {
            if (s.isEmpty() || OIDC_SCOPES.contains(s.toLowerCase(Locale.ROOT))) {
                continue;
            }
            if (resource != null) {
                throw OAuthException.invalidScope("Request one resource at a time.");
            }
            resource = s.endsWith("/.default") ? s.substring(0, s.length() - "/.default".length()) : s;
        }
        if (resource == null && userFlow) {
            return audiences.defaultAudience();
        }
        if (resource == null || resource.isEmpty() || audiences.planeOf(resource).isEmpty()) {
            throw OAuthException.invalidScope("The resource in the scope is not known to this installation.");
        }
        return resource;
    }

    static String required(Map<String, String> form, String name) {
        String value = form.get(name);
        if (value == null || value.isEmpty()) {
            throw OAuthException.invalidRequest("The request body must contain the '" + name + "' parameter.");
        }
        return value;
    }
}
