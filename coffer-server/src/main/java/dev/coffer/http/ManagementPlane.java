package dev.coffer.http;

import dev.coffer.core.Dispatcher;
import dev.coffer.directory.Principal;
import dev.coffer.error.CofferException;
import dev.coffer.error.MethodNotAllowed;
import dev.coffer.error.NotFound;
import dev.coffer.identity.Endpoints;
import dev.coffer.identity.Plane;
import java.util.Optional;
import org.eclipse.jetty.http.HttpHeader;

/**
 * The ARM-shaped management plane on the service host. Every route is authenticated with a management
 * token; the route picks its api-version family and runs its operation through the Dispatcher.
 */
public final class ManagementPlane {

    private final Endpoints endpoints;
    private final BearerAuthenticator authenticator;
    private final Dispatcher dispatcher;
    private final String homeTenantId;
    private final Router<ManagementRoute> router;
    private final Plane plane;
    private final ManagementGate gate;

    public ManagementPlane(Endpoints endpoints, BearerAuthenticator authenticator, Dispatcher dispatcher,
                           String homeTenantId, Router<ManagementRoute> router) {
        this(endpoints, authenticator, dispatcher, homeTenantId, router, Plane.MANAGEMENT);
    }

    /** The same request handling for the Graph-shaped directory, which accepts only Graph tokens. */
    public ManagementPlane(Endpoints endpoints, BearerAuthenticator authenticator, Dispatcher dispatcher,
                           String homeTenantId, Router<ManagementRoute> router, Plane plane) {
        this(endpoints, authenticator, dispatcher, homeTenantId, router, plane, ManagementGate.NONE);
    }

    /** @param gate checked once the caller is authenticated (throttling of writes) */
    public ManagementPlane(Endpoints endpoints, BearerAuthenticator authenticator, Dispatcher dispatcher,
                           String homeTenantId, Router<ManagementRoute> router, Plane plane, ManagementGate gate) {
        this.gate = gate;
        this.plane = plane;
        this.endpoints = endpoints;
        this.authenticator = authenticator;
        this.dispatcher = dispatcher;
        this.homeTenantId = homeTenantId;
        this.router = router;
    }

    /** True when this plane has a route for the path, under any method. */
    public boolean serves(String path) {
        return router.hasPath(path) || router.hasPath(RoleRoutes.canonical(path));
    }

    public void handle(Exchange ex) {
        Principal principal = null;
        ManagementCall call = null;
        String path = RoleRoutes.canonical(ex.path());
        try {
            principal = authenticator.authenticate(ex.header(HttpHeader.AUTHORIZATION.asString()), plane);
            if (!gate.admitManagement(ex, principal)) {
                return;
            }
            Optional<Router.Match<ManagementRoute>> match = router.match(ex.method(), path);
            if (match.isEmpty()) {
                if (router.hasPath(path)) {
                    throw new MethodNotAllowed("MethodNotAllowed", "The requested method " + ex.method()
                            + " is not allowed for this resource.");
                }
                throw new NotFound("InvalidResourceType", "The resource type could not be found.");
            }
            call = new ManagementCall(ex, principal, match.get(), dispatcher, ex.query("api-version"));
            match.get().handler().handle(call);
        } catch (CofferException e) {
            if (call == null || !call.dispatched()) {
                dispatcher.reject(e.status() == 401 ? "Authentication" : "ManagementRequest", principal, ex.info(),
                        ex.path(), e);
            }
            if (e.status() == 401) {
                ex.setHeader(HttpHeader.WWW_AUTHENTICATE.asString(), Challenge.management(endpoints,
                        principal == null ? homeTenantId : principal.tenantId()));
                CofferException armShaped = new dev.coffer.error.Unauthorized("InvalidAuthenticationToken",
                        e.getMessage());
                ex.sendError(armShaped, ErrorMapper.Shape.ARM);
                return;
            }
            ex.sendError(e, ErrorMapper.Shape.ARM);
        }
    }
}
