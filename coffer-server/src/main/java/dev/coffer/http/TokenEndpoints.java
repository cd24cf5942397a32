package dev.coffer.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coffer.core.Dispatcher;
import dev.coffer.identity.Endpoints;
import dev.coffer.identity.OAuthException;
import dev.coffer.identity.SigningKeys;
import dev.coffer.identity.TokenResponse;
import dev.coffer.identity.TokenService;
import dev.coffer.store.TenantRow;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The token service in the Microsoft identity platform's shape: per-tenant OpenID configuration, JWKS and
 * token endpoint, plus the ADFS-style twins ({@code /adfs/...}) for clients that cannot turn off instance
 * discovery. Public by nature; every token request is audited as a sign-in.
 */
public final class TokenEndpoints {

    private final Endpoints endpoints;
    private final SigningKeys keys;
    private final TokenService tokens;
    private final Dispatcher dispatcher;
    private final SignInPages pages;

    public TokenEndpoints(Endpoints endpoints, SigningKeys keys, TokenService tokens, Dispatcher dispatcher) {
        this(endpoints, keys, tokens, dispatcher, null);
    }

    /** With the interactive sign-in pages (authorization code and device login). */
    public TokenEndpoints(Endpoints endpoints, SigningKeys keys, TokenService tokens, Dispatcher dispatcher,
                          SignInPages pages) {
        this.endpoints = endpoints;
        this.keys = keys;
        this.tokens = tokens;
        this.dispatcher = dispatcher;
        this.pages = pages;
    }

    public void register(Router<Handler> router) {
        router.add("GET", "/{tenant}/v2.0/.well-known/openid-configuration", (ex, m) -> openIdConfiguration(ex, m.param("tenant")))
                .add("GET", "/adfs/.well-known/openid-configuration", (ex, m) -> openIdConfiguration(ex, TokenService.ADFS))
                .add("GET", "/{tenant}/discovery/v2.0/keys", (ex, m) -> jwks(ex))
                .add("GET", "/adfs/discovery/keys", (ex, m) -> jwks(ex))
                .add("POST", "/{tenant}/oauth2/v2.0/token", (ex, m) -> token(ex, m.param("tenant")))
                .add("POST", "/adfs/oauth2/token", (ex, m) -> token(ex, TokenService.ADFS))
                .add("POST", "/{tenant}/oauth2/v2.0/devicecode", (ex, m) -> deviceCode(ex, m.param("tenant")))
                .add("POST", "/adfs/oauth2/devicecode", (ex, m) -> deviceCode(ex, TokenService.ADFS))
                .add("GET", "/common/userrealm/{user}", (ex, m) -> userRealm(ex, m.param("user")));
        if (pages != null) {
            pages.register(router);
        }
    }

    /**
     * The device authorization endpoint: the client shows {@code message} (or the code and URL) and polls the
     * token endpoint with the device code. The request is audited like a sign-in attempt; the codes are not.
     */
    private void deviceCode(Exchange ex, String tenantSegment) {
        Map<String, String> form = Map.of();
        String tenantId = tenantSegment;
        try {
            form = FormBody.parse(ex.body());
            tenantId = tokens.tenant(tenantSegment).tenantId();
            dev.coffer.identity.DeviceCodes.Started started = tokens.startDeviceFlow(tenantSegment, form);
            String page = endpoints.serviceBase() + "/devicelogin";
            ObjectNode body = Json.object();
            body.put("user_code", started.userCode());
            body.put("device_code", started.deviceCode());
            body.put("verification_uri", page);
            body.put("verification_url", page);
            body.put("expires_in", started.expiresIn());
            body.put("interval", started.interval());
            body.put("message", "To sign in, use a web browser to open the page " + page + " and enter the code "
                    + started.userCode() + " to authenticate.");
            dispatcher.signIn(ex.info(), null, tenantId, form.get("client_id"), 200, null);
            ex.setHeader("Cache-Control", "no-store");
            ex.sendJson(200, body);
        } catch (OAuthException e) {
            dispatcher.signIn(ex.info(), null, tenantId, form.get("client_id"), e.status(), e.error() + ": "
                    + e.getMessage());
            ex.sendJson(e.status(), ErrorMapper.oauth(e, ex.requestId()));
        }
    }

    /** A public route's handler. */
    @FunctionalInterface
    public interface Handler {
        void handle(Exchange exchange, Router.Match<Handler> match);
    }

    private void openIdConfiguration(Exchange ex, String tenantSegment) {
        boolean adfs = TokenService.ADFS.equalsIgnoreCase(tenantSegment);
        TenantRow tenant;
        try {
            tenant = tokens.tenant(tenantSegment);
        } catch (OAuthException e) {
            ex.sendJson(400, ErrorMapper.oauth(e, ex.requestId()));
            return;
        }
        String base = endpoints.serviceBase();
        String prefix = adfs ? base + "/adfs" : base + "/" + tenantSegment;
        ObjectNode doc = Json.object();
        doc.put("issuer", endpoints.issuer(tenant.tenantId()));
        doc.put("authorization_endpoint", prefix + (adfs ? "/oauth2/authorize" : "/oauth2/v2.0/authorize"));
        doc.put("token_endpoint", prefix + (adfs ? "/oauth2/token" : "/oauth2/v2.0/token"));
        doc.put("device_authorization_endpoint", prefix + (adfs ? "/oauth2/devicecode" : "/oauth2/v2.0/devicecode"));
        doc.put("end_session_endpoint", prefix + (adfs ? "/oauth2/logout" : "/oauth2/v2.0/logout"));
        doc.put("jwks_uri", prefix + (adfs ? "/discovery/keys" : "/discovery/v2.0/keys"));
        doc.put("tenant_region_scope", (String) null);
        strings(doc.putArray("response_types_supported"), "code");
        strings(doc.putArray("subject_types_supported"), "pairwise");
        strings(doc.putArray("id_token_signing_alg_values_supported"), "RS256");
        strings(doc.putArray("grant_types_supported"), "authorization_code", "client_credentials", "password",
                "refresh_token", "urn:ietf:params:oauth:grant-type:device_code");
        strings(doc.putArray("code_challenge_methods_supported"), "S256");
        strings(doc.putArray("token_endpoint_auth_methods_supported"), "client_secret_post", "private_key_jwt");
        strings(doc.putArray("scopes_supported"), "openid", "profile", "email", "offline_access");
        ex.setHeader("Cache-Control", "max-age=86400, private");
        ex.sendJson(200, doc);
    }

    private static void strings(ArrayNode array, String... values) {
        for (String v : values) {
            array.add(v);
        }
    }

    private void jwks(Exchange ex) {
        ex.send(200, Exchange.JSON_TYPE, keys.publicKeys().toString(true).getBytes(StandardCharsets.UTF_8));
    }

    private void token(Exchange ex, String tenantSegment) {
        Map<String, String> form = Map.of();
        String tenantId = tenantSegment;
        try {
            form = FormBody.parse(ex.body());
            TenantRow tenant = tokens.tenant(tenantSegment);
            tenantId = tenant.tenantId();
            TokenResponse granted = tokens.grant(tenantSegment, form, ex.clientAddress());
            dispatcher.signIn(ex.info(), granted.principal(), tenantId, form.get("client_id"), 200, null);
            ObjectNode body = Json.object();
            body.put("token_type", "Bearer");
            if (granted.scope() != null) {
                body.put("scope", granted.scope());
            }
            body.put("expires_in", granted.expiresIn());
            body.put("ext_expires_in", granted.expiresIn());
            body.put("access_token", granted.accessToken());
            if (granted.refreshToken() != null) {
                body.put("refresh_token", granted.refreshToken());
            }
            if (granted.idToken() != null) {
                body.put("id_token", granted.idToken());
            }
            if (granted.clientInfo() != null) {
                body.put("client_info", granted.clientInfo());
            }
            ex.setHeader("Cache-Control", "no-store");
            ex.setHeader("Pragma", "no-cache");
            ex.sendJson(200, body);
        } catch (OAuthException e) {
            dispatcher.signIn(ex.info(), null, tenantId, form.get("client_id"), e.status(), e.error() + ": "
                    + e.getMessage());
            ex.sendJson(e.status(), ErrorMapper.oauth(e, ex.requestId()));
        } catch (dev.coffer.error.BadRequest e) {
            OAuthException invalid = OAuthException.invalidRequest(e.getMessage());
            dispatcher.signIn(ex.info(), null, tenantId, null, 400, "invalid_request: " + e.getMessage());
            ex.sendJson(400, ErrorMapper.oauth(invalid, ex.requestId()));
        }
    }

    /** MSAL4J asks whether a user name is a managed or federated account before a password grant. */
    private void userRealm(Exchange ex, String userName) {
        ObjectNode body = Json.object();
        body.put("ver", "1.0");
        body.put("account_type", "Managed");
        int at = userName.indexOf('@');
        body.put("domain_name", at < 0 ? "" : userName.substring(at + 1));
        body.put("cloud_instance_name", endpoints.serviceBase().substring("https://".length()));
        body.put("cloud_audience_urn", "urn:federation:MicrosoftOnline");
        ex.sendJson(200, body);
    }
}
