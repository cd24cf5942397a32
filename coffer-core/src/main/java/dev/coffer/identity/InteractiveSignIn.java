package dev.coffer.identity;

import dev.coffer.crypto.SecretBytes;
import dev.coffer.directory.Directory;
import dev.coffer.directory.SignInFailed;
import dev.coffer.directory.SignInThrottle;
import dev.coffer.directory.TotpAuthenticators;
import dev.coffer.store.PrincipalRow;
import dev.coffer.store.TenantRow;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the sign-in pages do, without the HTML: check an authorization request, keep a browser's sign-in in
 * progress (a server-side session named by a cookie, with a CSRF token every form must return), verify the
 * password and then, for users with an authenticator, the one-time code, and finally issue the authorization
 * code or approve the device. Sessions live ten minutes in memory.
 */
public final class InteractiveSignIn {

    public static final Duration SESSION_LIFETIME = Duration.ofMinutes(10);
    private static final int MAX_SESSIONS = 10_000;

    public enum Purpose { AUTHORIZE, DEVICE }

    /** A checked authorization request (PKCE S256 required). */
    public record AuthorizeRequest(String tenantId, String clientId, String redirectUri, String state,
                                   String codeChallenge, String scope, String nonce, boolean formPost) {
    }

    /** A browser's sign-in in progress. The id is the cookie's value; {@code csrf} goes into every form. */
    public static final class Session {
        private final String id;
        private final String csrf;
        private final Purpose purpose;
        private final AuthorizeRequest request;
        private final long expiresAt;
        private volatile String tenantId;
        private volatile String userCode;
        private volatile String pendingObjectId;

        private Session(String id, String csrf, Purpose purpose, AuthorizeRequest request, long expiresAt) {
            this.id = id;
            this.csrf = csrf;
            this.purpose = purpose;
            this.request = request;
            this.expiresAt = expiresAt;
            this.tenantId = request == null ? null : request.tenantId();
        }

        public String id() {
            return id;
        }

        public String csrf() {
            return csrf;
        }

        public Purpose purpose() {
            return purpose;
        }

        public AuthorizeRequest request() {
            return request;
        }

        public boolean awaitingCode() {
            return pendingObjectId != null;
        }

        @Override
        public String toString() {
            return "Session[" + purpose + ", redacted]";
        }
    }

    /** Where a step left the sign-in. */
    public sealed interface Step permits Finished, NeedsCode, Refused {
    }

    /**
     * Signed in. For an authorization request: where the code goes and how ({@code redirect} is the client's URL
     * with code and state for {@code response_mode=query}; with {@code form_post} the page posts
     * {@code code} and {@code state} to {@code redirectUri}). For a device: those are null.
     */
    public record Finished(String tenantId, String objectId, String clientId, List<String> amr, String redirect,
                           String redirectUri, String code, String state, boolean formPost) implements Step {
        @Override
        public String toString() {
            return "Finished[objectId=" + objectId + ", clientId=" + clientId + ", redacted]";
        }
    }

    public record NeedsCode() implements Step {
    }

    /** Refused with a message safe to show (it never says whether the account exists). */
    public record Refused(String tenantId, String clientId, String aadCode, String message) implements Step {
    }

    private final TokenService tokens;
    private final Directory directory;
    private final TotpAuthenticators authenticators;
    private final RedirectUris redirectUris;
    private final Clock clock;
    private final SecureRandom random;
    private final SignInThrottle userCodeGuesses;
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();

    public InteractiveSignIn(TokenService tokens, Directory directory, TotpAuthenticators authenticators,
                             RedirectUris redirectUris, Clock clock, SecureRandom random) {
        this.tokens = tokens;
        this.directory = directory;
        this.authenticators = authenticators;
        this.redirectUris = redirectUris;
        this.clock = clock;
        this.random = random;
        this.userCodeGuesses = new SignInThrottle(clock);
    }

    /** Checks the query of {@code GET …/authorize}; an OAuthException's text is shown on an error page. */
    public AuthorizeRequest checkAuthorize(String tenantSegment, Map<String, String> query) {
        TenantRow tenant = tokens.tenant(tenantSegment);
        String clientId = query.get("client_id");
        if (!tokens.knownClient(tenant.tenantId(), clientId)) {
            throw new OAuthException(400, "unauthorized_client", "AADSTS700016",
                    "The application is not known in this directory.");
        }
        String redirectUri = query.get("redirect_uri");
        if (!redirectUris.allowed(tenant.tenantId(), clientId, redirectUri)) {
            throw new OAuthException(400, "invalid_request", "AADSTS50011",
                    "The redirect URI is not registered for this application (loopback addresses always are).");
        }
        if (!"code".equals(query.get("response_type"))) {
            throw new OAuthException(400, "unsupported_response_type", "AADSTS700054",
                    "Only response_type=code is supported.");
        }
        String mode = query.get("response_mode");
        if (mode != null && !"query".equals(mode) && !"form_post".equals(mode)) {
            throw OAuthException.invalidRequest("response_mode must be query or form_post.");
        }
        if (!"S256".equals(query.get("code_challenge_method"))
                || !AuthorizationCodes.validChallenge(query.get("code_challenge"))) {
            throw new OAuthException(400, "invalid_request", "AADSTS9002325",
                    "Proof Key for Code Exchange is required: code_challenge with code_challenge_method=S256.");
        }
        String state = query.get("state");
        String nonce = query.get("nonce");
        if ((state != null && state.length() > 2048) || (nonce != null && nonce.length() > 512)) {
            throw OAuthException.invalidRequest("state or nonce is too long.");
        }
        String scope = query.getOrDefault("scope", "openid");
        tokens.audienceOf(Map.of("scope", scope), true);
        return new AuthorizeRequest(tenant.tenantId(), clientId, redirectUri, state, query.get("code_challenge"),
                scope, nonce, "form_post".equals(mode));
    }

    public Session begin(Purpose purpose, AuthorizeRequest request) {
        long now = now();
        sessions.values().removeIf(s -> s.expiresAt <= now);
        if (sessions.size() >= MAX_SESSIONS) {
            throw new OAuthException(429, "temporarily_unavailable", "AADSTS90033", "Too many sign-ins in progress.");
        }
        Session s = new Session(randomToken(), randomToken(), purpose, request, now + SESSION_LIFETIME.toSeconds());
        sessions.put(s.id, s);
        return s;
    }

    /** The session a cookie names, if the form's CSRF token is its own (compared in constant time). */
    public Optional<Session> session(String cookie, String csrf, Purpose purpose) {
        Session s = cookie == null ? null : sessions.get(cookie);
        if (s == null || s.expiresAt <= now() || s.purpose != purpose || csrf == null
                || !MessageDigest.isEqual(s.csrf.getBytes(StandardCharsets.US_ASCII),
                csrf.getBytes(StandardCharsets.US_ASCII))) {
            return Optional.empty();
        }
        return Optional.of(s);
    }

    /** The application's display name for the page, when it is a registered one. */
    public String clientName(String tenantId, String clientId) {
        return directory.applicationByAppId(tenantId, clientId).map(PrincipalRow::displayName).orElse(clientId);
    }

    /** The pending device sign-in a typed user code names, for the page. */
    public Optional<DeviceCodes.Pending> device(String userCode) {
        return tokens.deviceCodes().pending(userCode);
    }

    public Step password(Session s, String userCode, String userName, SecretBytes password, String clientAddress) {
        String clientId = s.request == null ? null : s.request.clientId();
        if (s.purpose == Purpose.DEVICE) {
            Optional<DeviceCodes.Pending> pending = checkUserCode(userCode, clientAddress);
            if (pending.isEmpty()) {
                return new Refused(null, null, "AADSTS70000", "That code is not valid or has expired.");
            }
            s.userCode = pending.get().userCode();
            s.tenantId = pending.get().tenantId();
            clientId = pending.get().clientId();
        }
        PrincipalRow user;
        try {
            user = directory.authenticateUser(s.tenantId, userName, password, clientAddress);
        } catch (SignInFailed e) {
            return new Refused(s.tenantId, clientId, e.aadCode(), e.getMessage());
        }
        if (authenticators.enrolled(user.objectId())) {
            s.pendingObjectId = user.objectId();
            return new NeedsCode();
        }
        return finish(s, user.objectId(), List.of("pwd"));
    }

    public Step secondFactor(Session s, String code, String clientAddress) {
        String objectId = s.pendingObjectId;
        String clientId = s.purpose == Purpose.AUTHORIZE ? s.request.clientId() : null;
        if (objectId == null) {
            return new Refused(s.tenantId, clientId, "AADSTS50125", "Sign in with your password first.");
        }
        try {
            authenticators.verify(objectId, code, clientAddress);
        } catch (SignInFailed e) {
            return new Refused(s.tenantId, clientId, e.aadCode(), e.getMessage());
        }
        return finish(s, objectId, List.of("pwd", "mfa"));
    }

    /** The person said this device sign-in was not theirs. */
    public Step decline(Session s, String userCode, String clientAddress) {
        Optional<DeviceCodes.Pending> pending = checkUserCode(userCode, clientAddress);
        sessions.remove(s.id);
        if (pending.isEmpty() || !tokens.deviceCodes().decline(pending.get().userCode())) {
            return new Refused(null, null, "AADSTS70000", "That code is not valid or has expired.");
        }
        return new Refused(pending.get().tenantId(), pending.get().clientId(), "AADSTS70000",
                "The sign-in was declined.");
    }

    private Optional<DeviceCodes.Pending> checkUserCode(String userCode, String clientAddress) {
        String account = "user-code:" + clientAddress;
        if (userCodeGuesses.locked(account, clientAddress)) {
            return Optional.empty();
        }
        Optional<DeviceCodes.Pending> pending = tokens.deviceCodes().pending(userCode);
        if (pending.isEmpty()) {
            userCodeGuesses.failed(account, clientAddress);
        }
        return pending;
    }

    private Step finish(Session s, String objectId, List<String> amr) {
        sessions.remove(s.id);
        if (s.purpose == Purpose.DEVICE) {
            Optional<DeviceCodes.Pending> pending = tokens.deviceCodes().pending(s.userCode);
            if (pending.isEmpty() || !tokens.deviceCodes().approve(s.userCode, objectId, amr)) {
                return new Refused(s.tenantId, null, "AADSTS70019", "The code expired while you were signing in.");
            }
            return new Finished(s.tenantId, objectId, pending.get().clientId(), amr, null, null, null, null, false);
        }
        AuthorizeRequest r = s.request;
        String code = tokens.authorizationCodes().issue(r.tenantId(), r.clientId(), r.redirectUri(),
                r.codeChallenge(), objectId, amr, r.scope(), r.nonce());
        String redirect = r.redirectUri() + (r.redirectUri().contains("?") ? "&" : "?") + "code=" + enc(code)
                + (r.state() == null ? "" : "&state=" + enc(r.state()));
        return new Finished(r.tenantId(), objectId, r.clientId(), amr, redirect, r.redirectUri(), code, r.state(),
                r.formPost());
    }

    private String randomToken() {
        byte[] raw = new byte[32];
        random.nextBytes(raw);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private long now() {
        return clock.instant().getEpochSecond();
    }
}
