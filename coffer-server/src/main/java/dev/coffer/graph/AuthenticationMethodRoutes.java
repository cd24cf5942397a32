package dev.coffer.graph;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coffer.authz.Actions;
import dev.coffer.core.Operation;
import dev.coffer.core.Target;
import dev.coffer.directory.Directory;
import dev.coffer.directory.PrincipalKind;
import dev.coffer.directory.TotpAuthenticators;
import dev.coffer.error.BadRequest;
import dev.coffer.error.Forbidden;
import dev.coffer.http.Fields;
import dev.coffer.http.Json;
import dev.coffer.http.ManagementCall;
import dev.coffer.http.ManagementRoute;
import dev.coffer.http.Router;
import dev.coffer.store.PrincipalRow;
import java.time.Instant;
import java.util.List;

/**
 * TOTP authenticators in Graph's shape ({@code softwareOathAuthenticationMethod}), self-service under
 * {@code /v1.0/me/authentication/softwareOathMethods} and for administrators under
 * {@code /v1.0/users/{id}/authentication/softwareOathMethods}:
 * <ul>
 * <li>{@code POST …/me/authentication/softwareOathMethods} makes a pending method and returns its
 *     {@code secretKey} (base32) and {@code otpauthUri} once;</li>
 * <li>{@code POST …/{id}/activate} with {@code {"verificationCode":"123456"}} (Coffer's own action) proves the app
 *     holds the seed and makes the method count at sign-in;</li>
 * <li>{@code GET} lists, {@code DELETE} removes.</li>
 * </ul>
 * Once a user has an active authenticator, adding or removing one needs a token from a second-factor
 * sign-in, so a stolen password alone cannot replace it. Administrators (User Administrator) may remove a
 * user's methods, e.g. for a lost phone.
 */
public final class AuthenticationMethodRoutes {

    private static final String ME = "/v1.0/me/authentication/softwareOathMethods";
    private static final String USERS = "/v1.0/users/{user}/authentication/softwareOathMethods";

    private final Directory directory;
    private final TotpAuthenticators authenticators;

    public AuthenticationMethodRoutes(Directory directory, TotpAuthenticators authenticators) {
        this.directory = directory;
        this.authenticators = authenticators;
    }

    public void register(Router<ManagementRoute> router) {
        router.add("POST", ME, this::enrol)
                .add("GET", ME, c -> list(c, self(c)))
                .add("POST", ME + "/{id}/activate", this::activate)
                .add("DELETE", ME + "/{id}", this::removeOwn)
                .add("GET", USERS, c -> list(c, user(c)))
                .add("DELETE", USERS + "/{id}", this::removeAsAdministrator);
    }

    private static Target tenantScope(ManagementCall c) {
        return Target.of("/tenants/" + c.principal().tenantId());
    }

    private static String self(ManagementCall c) {
        if (c.principal().kind() != PrincipalKind.USER) {
            throw new BadRequest("Request_BadRequest", "Only users have authentication methods.");
        }
        return c.principal().objectId();
    }

    private String user(ManagementCall c) {
        PrincipalRow user = directory.principal(c.param("user")).or(() -> directory.userByName(
                        c.principal().tenantId(), c.param("user")))
                .filter(p -> Directory.USER.equals(p.kind()) && p.tenantId().equalsIgnoreCase(c.principal().tenantId()))
                .orElseThrow(() -> new dev.coffer.error.NotFound("Request_ResourceNotFound",
                        "Resource '" + c.param("user") + "' does not exist."));
        return user.objectId();
    }

    /** A second authenticator, or removing one, must not be possible with the password alone. */
    private void requireSecondFactorIfEnrolled(ManagementCall c, String userId) {
        if (authenticators.enrolled(userId) && !c.principal().signedInWithMfa()) {
            throw new Forbidden("Authorization_RequestDenied", "AADSTS50076: This change needs a sign-in with "
                    + "multi-factor authentication, because the account already has an authenticator.");
        }
    }

    private void enrol(ManagementCall c) {
        String userId = self(c);
        TotpAuthenticators.Enrolment e = c.run(Operation.publicOperation("AuthenticationMethodEnrol")
                .withSuccessStatus(201), tenantScope(c), () -> {
                    requireSecondFactorIfEnrolled(c, userId);
                    return authenticators.enrol(userId);
                });
        ObjectNode body = Json.object();
        body.put("@odata.type", "#microsoft.graph.softwareOathAuthenticationMethod");
        body.put("id", e.id());
        body.put("secretKey", e.secretKey().revealUtf8());
        body.put("otpauthUri", e.otpauthUri().revealUtf8());
        body.put("state", "pending");
        e.secretKey().destroy();
        e.otpauthUri().destroy();
        c.exchange().setHeader("Cache-Control", "no-store");
        c.exchange().sendJson(201, body);
    }

    private void activate(ManagementCall c) {
        String userId = self(c);
        ObjectNode body = Json.parseObject(c.exchange().body());
        String code = Fields.ARM.string(body, "verificationCode");
        c.run(Operation.publicOperation("AuthenticationMethodActivate").withSuccessStatus(204), tenantScope(c), () -> {
            authenticators.activate(userId, c.param("id"), code);
            return null;
        });
        c.exchange().sendEmpty(204);
    }

    private void list(ManagementCall c, String userId) {
        List<TotpAuthenticators.Method> methods = c.run(Operation.publicOperation("AuthenticationMethodList"),
                tenantScope(c), () -> authenticators.methods(userId));
        ArrayNode items = Json.MAPPER.createArrayNode();
        for (TotpAuthenticators.Method m : methods) {
            ObjectNode n = items.addObject();
            n.put("@odata.type", "#microsoft.graph.softwareOathAuthenticationMethod");
            n.put("id", m.id());
            n.put("state", m.active() ? "active" : "pending");
            n.put("createdDateTime", Instant.ofEpochSecond(m.createdAt()).toString());
        }
        c.exchange().sendJson(200, GraphJson.list(c.exchange().baseUrl()
                + "/v1.0/$metadata#users('" + userId + "')/authentication/softwareOathMethods", items, null));
    }

    private void removeOwn(ManagementCall c) {
        String userId = self(c);
        c.run(Operation.publicOperation("AuthenticationMethodDelete").withSuccessStatus(204), tenantScope(c), () -> {
            requireSecondFactorIfEnrolled(c, userId);
            authenticators.remove(userId, c.param("id"));
            return null;
        });
        c.exchange().sendEmpty(204);
    }

    private void removeAsAdministrator(ManagementCall c) {
        c.run(Operation.of("AuthenticationMethodDelete", Actions.DIRECTORY_USERS_WRITE).withSuccessStatus(204),
                tenantScope(c), () -> {
                    authenticators.remove(user(c), c.param("id"));
                    return null;
                });
        c.exchange().sendEmpty(204);
    }
}
