package dev.coffer.http;

import dev.coffer.core.Dispatcher;
import dev.coffer.crypto.SecretBytes;
import dev.coffer.directory.Directory;
import dev.coffer.directory.Principal;
import dev.coffer.identity.InteractiveSignIn;
import dev.coffer.identity.InteractiveSignIn.Purpose;
import dev.coffer.identity.InteractiveSignIn.Session;
import dev.coffer.identity.OAuthException;
import dev.coffer.identity.TokenService;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The plain HTML pages a person signs in on: the authorization endpoint's login form (auth code + PKCE for
 * browsers and loopback clients) and {@code /devicelogin}, where the code a CLI printed is entered. No
 * script, no styles, nothing secret in the page but the CSRF token; every form post must come with the
 * session cookie ({@code __Host-}, HttpOnly, SameSite=Strict) and that session's CSRF token. Users with an
 * authenticator are asked for its code after the password. Every finished or refused sign-in is audited.
 */
public final class SignInPages {

    static final String COOKIE = "__Host-coffer-signin";
    private static final String AUTO_SUBMIT = "document.forms[0].submit();";
    private static final String AUTO_SUBMIT_HASH = "sha256-" + java.util.Base64.getEncoder().encodeToString(
            sha256(AUTO_SUBMIT));
    private static final List<String> AUTHORIZE_PARAMETERS = List.of("client_id", "redirect_uri", "response_type",
            "response_mode", "scope", "state", "nonce", "code_challenge", "code_challenge_method");

    private final InteractiveSignIn signIn;
    private final Directory directory;
    private final Dispatcher dispatcher;

    public SignInPages(InteractiveSignIn signIn, Directory directory, Dispatcher dispatcher) {
        this.signIn = signIn;
        this.directory = directory;
        this.dispatcher = dispatcher;
    }

    void register(Router<TokenEndpoints.Handler> router) {
        router.add("GET", "/{tenant}/oauth2/v2.0/authorize", (ex, m) -> authorizePage(ex, m.param("tenant")))
                .add("POST", "/{tenant}/oauth2/v2.0/authorize", (ex, m) -> authorizePost(ex))
                .add("GET", "/adfs/oauth2/authorize", (ex, m) -> authorizePage(ex, TokenService.ADFS))
                .add("POST", "/adfs/oauth2/authorize", (ex, m) -> authorizePost(ex))
                .add("GET", "/devicelogin", (ex, m) -> devicePage(ex))
                .add("POST", "/devicelogin", (ex, m) -> devicePost(ex));
    }

    // ---- authorization code

    private void authorizePage(Exchange ex, String tenantSegment) {
        Map<String, String> query = new HashMap<>();
        for (String name : AUTHORIZE_PARAMETERS) {
            String value = ex.query(name);
            if (value != null) {
                query.put(name, value);
            }
        }
        InteractiveSignIn.AuthorizeRequest request;
        try {
            request = signIn.checkAuthorize(tenantSegment, query);
        } catch (OAuthException e) {
            // Never redirect to an unchecked URI: the person sees the problem instead.
            page(ex, 400, "Sign-in request not valid", "<p>" + esc(e.aadCode() + ": " + e.getMessage()) + "</p>");
            return;
        }
        Session session = begin(ex, Purpose.AUTHORIZE, request);
        if (session == null) {
            return;
        }
        ex.setHeader("Set-Cookie", COOKIE + "=" + session.id() + "; Path=/; Secure; HttpOnly; SameSite=Strict");
        passwordForm(ex, 200, session, ex.path(), signIn.clientName(request.tenantId(), request.clientId()), null,
                false);
    }

    private void authorizePost(Exchange ex) {
        Map<String, String> form = form(ex);
        Optional<Session> session = signIn.session(cookie(ex), form.get("csrf"), Purpose.AUTHORIZE);
        if (session.isEmpty()) {
            sessionLost(ex);
            return;
        }
        Session s = session.get();
        InteractiveSignIn.Step step = "code".equals(form.get("step"))
                ? signIn.secondFactor(s, form.get("otc"), ex.clientAddress())
                : signIn.password(s, null, form.getOrDefault("username", ""), secret(form.get("password")),
                        ex.clientAddress());
        String app = signIn.clientName(s.request().tenantId(), s.request().clientId());
        switch (step) {
            case InteractiveSignIn.Finished f -> {
                audit(ex, f);
                ex.setHeader("Set-Cookie", COOKIE + "=; Path=/; Secure; HttpOnly; SameSite=Strict; Max-Age=0");
                if (f.formPost()) {
                    formPost(ex, f);
                } else {
                    ex.setHeader("Location", f.redirect());
                    ex.sendEmpty(302);
                }
            }
            case InteractiveSignIn.NeedsCode n -> codeForm(ex, s, ex.path(), null);
            case InteractiveSignIn.Refused r -> {
                audit(ex, r);
                if (s.awaitingCode()) {
                    codeForm(ex, s, ex.path(), r.message());
                } else {
                    passwordForm(ex, 400, s, ex.path(), app, r.message(), false);
                }
            }
        }
    }

    /**
     * {@code response_mode=form_post} (MSAL4J's interactive flow): a form that posts code and state to the
     * redirect URI. The one script, allowed by its hash, only submits it; without scripts a button does.
     */
    private static void formPost(Exchange ex, InteractiveSignIn.Finished f) {
        StringBuilder b = new StringBuilder("<form method=\"post\" action=\"").append(esc(f.redirectUri()))
                .append("\">\n");
        hidden(b, "code", f.code());
        if (f.state() != null) {
            hidden(b, "state", f.state());
        }
        b.append("<p><button type=\"submit\">Continue</button></p>\n</form>\n<script>").append(AUTO_SUBMIT)
                .append("</script>\n");
        page(ex, 200, "Signing you in", b.toString(), "'" + AUTO_SUBMIT_HASH + "'");
    }

    // ---- device code

    private void devicePage(Exchange ex) {
        Session session = begin(ex, Purpose.DEVICE, null);
        if (session == null) {
            return;
        }
        ex.setHeader("Set-Cookie", COOKIE + "=" + session.id() + "; Path=/; Secure; HttpOnly; SameSite=Strict");
        passwordForm(ex, 200, session, "/devicelogin", null, null, true);
    }

    private void devicePost(Exchange ex) {
        Map<String, String> form = form(ex);
        Optional<Session> session = signIn.session(cookie(ex), form.get("csrf"), Purpose.DEVICE);
        if (session.isEmpty()) {
            sessionLost(ex);
            return;
        }
        Session s = session.get();
        String action = form.containsKey("decline") ? "decline" : form.getOrDefault("step", "password");
        InteractiveSignIn.Step step = switch (action) {
            case "code" -> signIn.secondFactor(s, form.get("otc"), ex.clientAddress());
            case "decline" -> signIn.decline(s, form.get("user_code"), ex.clientAddress());
            default -> signIn.password(s, form.get("user_code"), form.getOrDefault("username", ""),
                    secret(form.get("password")), ex.clientAddress());
        };
        switch (step) {
            case InteractiveSignIn.Finished f -> {
                audit(ex, f);
                page(ex, 200, "You are signed in", "<p>You have signed in to "
                        + esc(signIn.clientName(f.tenantId(), f.clientId()))
                        + " on your device. You may now close this window.</p>");
            }
            case InteractiveSignIn.NeedsCode n -> codeForm(ex, s, "/devicelogin", null);
            case InteractiveSignIn.Refused r -> {
                audit(ex, r);
                if ("decline".equals(action)) {
                    page(ex, 200, "Sign-in declined", "<p>" + esc(r.message()) + " You may close this window.</p>");
                } else if (s.awaitingCode()) {
                    codeForm(ex, s, "/devicelogin", r.message());
                } else {
                    passwordForm(ex, 400, s, "/devicelogin", null, r.message(), true);
                }
            }
        }
    }

    /** A new sign-in session, or a "try later" page when too many are open (null then). */
    private Session begin(Exchange ex, Purpose purpose, InteractiveSignIn.AuthorizeRequest request) {
        try {
            return signIn.begin(purpose, request);
        } catch (OAuthException e) {
            ex.setHeader("Retry-After", "60");
            page(ex, 503, "Try again later", "<p>Too many sign-ins are in progress. Try again in a minute.</p>");
            return null;
        }
    }

    // ---- pages

    private static void passwordForm(Exchange ex, int status, Session s, String action, String app, String error,
                                     boolean device) {
        StringBuilder b = new StringBuilder();
        if (app != null) {
            b.append("<p>to continue to ").append(esc(app)).append("</p>\n");
        }
        if (device) {
            b.append("<p>Enter the code shown on your device, then sign in.</p>\n");
        }
        error(b, error);
        b.append("<form method=\"post\" action=\"").append(esc(action)).append("\">\n");
        hidden(b, "csrf", s.csrf());
        hidden(b, "step", "password");
        if (device) {
            b.append("<p><label>Code <input name=\"user_code\" autocomplete=\"off\" required></label></p>\n");
        }
        b.append("<p><label>User name <input name=\"username\" type=\"email\" autocomplete=\"username\" required>"
                + "</label></p>\n<p><label>Password <input name=\"password\" type=\"password\" "
                + "autocomplete=\"current-password\" required></label></p>\n<p><button type=\"submit\">Sign in</button>");
        if (device) {
            b.append(" <button type=\"submit\" name=\"decline\" value=\"yes\" formnovalidate>"
                    + "This was not me: decline</button>");
        }
        b.append("</p>\n</form>\n");
        page(ex, status, "Sign in to Coffer", b.toString());
    }

    private static void codeForm(Exchange ex, Session s, String action, String error) {
        StringBuilder b = new StringBuilder("<p>Enter the six-digit code from your authenticator app.</p>\n");
        error(b, error);
        b.append("<form method=\"post\" action=\"").append(esc(action)).append("\">\n");
        hidden(b, "csrf", s.csrf());
        hidden(b, "step", "code");
        b.append("<p><label>Code <input name=\"otc\" inputmode=\"numeric\" pattern=\"[0-9]{6}\" maxlength=\"6\" "
                + "autocomplete=\"one-time-code\" required></label></p>\n<p><button type=\"submit\">Verify</button>"
                + "</p>\n</form>\n");
        page(ex, s.awaitingCode() && error != null ? 400 : 200, "Verify your identity", b.toString());
    }

    private void sessionLost(Exchange ex) {
        dispatcher.signIn(ex.info(), null, "-", null, 400, "invalid_request: sign-in session missing or CSRF token "
                + "not valid");
        page(ex, 400, "Start again", "<p>Your sign-in session expired, or the form did not come from this page. "
                + "Start the sign-in again from your application.</p>");
    }

    private static void page(Exchange ex, int status, String title, String body) {
        page(ex, status, title, body, null);
    }

    private static void page(Exchange ex, int status, String title, String body, String scriptSource) {
        ex.setHeader("Cache-Control", "no-store");
        ex.setHeader("Content-Security-Policy", "default-src 'none'; base-uri 'none'; frame-ancestors 'none'"
                + (scriptSource == null ? "" : "; script-src " + scriptSource));
        ex.setHeader("X-Frame-Options", "DENY");
        ex.setHeader("Referrer-Policy", "no-referrer");
        String html = "<!doctype html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\"><title>" + esc(title)
                + "</title></head>\n<body>\n<h1>" + esc(title) + "</h1>\n" + body + "</body>\n</html>\n";
        ex.send(status, "text/html; charset=utf-8", html.getBytes(StandardCharsets.UTF_8));
    }

    private static void error(StringBuilder b, String error) {
        if (error != null) {
            b.append("<p role=\"alert\"><strong>").append(esc(error)).append("</strong></p>\n");
        }
    }

    private static void hidden(StringBuilder b, String name, String value) {
        b.append("<input type=\"hidden\" name=\"").append(name).append("\" value=\"").append(esc(value))
                .append("\">\n");
    }

    private static byte[] sha256(String text) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String esc(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    // ---- plumbing

    private void audit(Exchange ex, InteractiveSignIn.Step step) {
        switch (step) {
            case InteractiveSignIn.Finished f -> {
                Principal p = directory.activePrincipal(f.tenantId(), f.objectId()).orElse(null);
                dispatcher.signIn(ex.info(), p, f.tenantId(), f.clientId(), 200, null);
            }
            case InteractiveSignIn.Refused r -> dispatcher.signIn(ex.info(), null,
                    r.tenantId() == null ? "-" : r.tenantId(), r.clientId(), 400, r.aadCode() + ": " + r.message());
            default -> {
            }
        }
    }

    private static Map<String, String> form(Exchange ex) {
        try {
            return FormBody.parse(ex.body());
        } catch (OAuthException | dev.coffer.error.BadRequest e) {
            return Map.of();
        }
    }

    private static SecretBytes secret(String password) {
        return SecretBytes.ofUtf8(password == null ? "" : password);
    }

    static String cookie(Exchange ex) {
        String header = ex.header("Cookie");
        if (header == null) {
            return null;
        }
        for (String part : header.split(";")) {
            String p = part.trim();
            if (p.startsWith(COOKIE + "=")) {
                return p.substring(COOKIE.length() + 1);
            }
        }
        return null;
    }
}
