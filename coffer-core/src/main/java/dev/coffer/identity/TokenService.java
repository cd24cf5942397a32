package dev.coffer.identity;

import dev.coffer.crypto.SecretBytes;
import dev.coffer.directory.Directory;
import dev.coffer.directory.Principal;
import dev.coffer.store.PrincipalRow;
import dev.coffer.store.TenantRow;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The token endpoint's grants. Today: client credentials with a client secret. The tenant segment of the
 * URL may be a tenant id or {@code adfs} (the ADFS-style authority older tools need), which means the
 * installation's home tenant.
 */
public final class TokenService {

    public static final String ADFS = "adfs";
    private static final List<String> OIDC_SCOPES = List.of("openid", "profile", "offline_access", "email");

    private final Directory directory;
    private final TokenIssuer issuer;
    private final Audiences audiences;
    private final String homeTenantId;

    public TokenService(Directory directory, TokenIssuer issuer, Audiences audiences, String homeTenantId) {
        this.directory = directory;
        this.issuer = issuer;
        this.audiences = audiences;
        this.homeTenantId = homeTenantId;
    }

    /** Resolves the tenant segment of a token-service URL. */
    public TenantRow tenant(String tenantSegment) {
        String id = ADFS.equalsIgnoreCase(tenantSegment) ? homeTenantId : tenantSegment.toLowerCase(Locale.ROOT);
        return directory.tenant(id).orElseThrow(() -> OAuthException.invalidTenant(
                "Tenant '" + tenantSegment + "' not found. Check the tenant id in the authority."));
    }

    /** A token and who it was issued to. */
    public record Granted(TokenIssuer.IssuedToken token, Principal principal) {
    }

    public Granted grant(String tenantSegment, Map<String, String> form) {
        String grantType = form.get("grant_type");
        if (grantType == null) {
            throw OAuthException.invalidRequest("The request body must contain the 'grant_type' parameter.");
        }
        if (!"client_credentials".equals(grantType)) {
            throw OAuthException.unsupportedGrant("The grant type '" + grantType + "' is not supported.");
        }
        TenantRow tenant = tenant(tenantSegment);
        String clientId = required(form, "client_id");
        String audience = audienceOf(form);
        if (form.containsKey("client_assertion")) {
            throw OAuthException.invalidClient("Client assertions are not accepted for this application.");
        }
        String secret = required(form, "client_secret");
        PrincipalRow client = directory.authenticateClient(tenant.tenantId(), clientId, SecretBytes.ofUtf8(secret))
                .orElseThrow(() -> OAuthException.invalidClient(
                        "Invalid client secret provided, or the application is unknown or disabled."));
        Principal principal = directory.activePrincipal(tenant.tenantId(), client.objectId())
                .orElseThrow(() -> OAuthException.invalidClient("The application is disabled."));
        return new Granted(issuer.issue(principal, audience, List.of("pwd")), principal);
    }

    /**
     * The audience is the one scope that is not an OpenID scope, minus exactly its {@code /.default} suffix;
     * clients send the scopes in varying order.
     */
    String audienceOf(Map<String, String> form) {
        String scope = form.get("scope");
        if (scope == null) {
            String resource = form.get("resource");
            if (resource == null) {
                throw OAuthException.invalidRequest("The request body must contain the 'scope' parameter.");
            }
            scope = resource + "/.default";
        }
        String resource = null;
        for (String s : scope.trim().split("\\s+")) {
            if (OIDC_SCOPES.contains(s.toLowerCase(Locale.ROOT))) {
                continue;
            }
            if (resource != null) {
                throw OAuthException.invalidScope("Request one resource at a time.");
            }
            resource = s.endsWith("/.default") ? s.substring(0, s.length() - "/.default".length()) : s;
        }
        if (resource == null || resource.isEmpty() || audiences.planeOf(resource).isEmpty()) {
            throw OAuthException.invalidScope("The resource in the scope is not known to this installation.");
        }
        return resource;
    }

    private static String required(Map<String, String> form, String name) {
        String value = form.get(name);
        if (value == null || value.isEmpty()) {
            throw OAuthException.invalidRequest("The request body must contain the '" + name + "' parameter.");
        }
        return value;
    }
}
