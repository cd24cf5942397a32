package dev.coffer.http;

import dev.coffer.core.Dispatcher;
import dev.coffer.directory.Principal;
import dev.coffer.error.CofferException;
import dev.coffer.error.MethodNotAllowed;
import dev.coffer.error.NotFound;
import dev.coffer.error.Unauthorized;
import dev.coffer.identity.Endpoints;
import dev.coffer.identity.Plane;
import dev.coffer.resources.Vaults;
import dev.coffer.store.VaultRow;
import java.util.Optional;
import org.eclipse.jetty.http.HttpHeader;

/**
 * A vault's host. The order matters: authentication first (an unauthenticated request gets the challenge
 * before its route, vault or body is looked at, which is how the SDKs' first, body-less request works), then
 * the vault, the api-version and the route; the route runs its operation through the Dispatcher.
 */
public final class DataPlane {

    private final Endpoints endpoints;
    private final Vaults vaults;
    private final BearerAuthenticator authenticator;
    private final Dispatcher dispatcher;
    private final String homeTenantId;
    private final Router<DataRoute> router;
    private final VaultGate gate;

    public DataPlane(Endpoints endpoints, Vaults vaults, BearerAuthenticator authenticator, Dispatcher dispatcher,
                     String homeTenantId, Router<DataRoute> router) {
        this(endpoints, vaults, authenticator, dispatcher, homeTenantId, router, VaultGate.NONE);
    }

    /** @param gate checks made before authentication: network rules and TLS floor (see {@link VaultGate}) */
    public DataPlane(Endpoints endpoints, Vaults vaults, BearerAuthenticator authenticator, Dispatcher dispatcher,
                     String homeTenantId, Router<DataRoute> router, VaultGate gate) {
        this.gate = gate;
        this.endpoints = endpoints;
        this.vaults = vaults;
        this.authenticator = authenticator;
        this.dispatcher = dispatcher;
        this.homeTenantId = homeTenantId;
        this.router = router;
    }

    public void handle(Exchange ex, String vaultName) {
        Optional<VaultRow> vault = vaults.byName(vaultName);
        String tenantId = vault.map(VaultRow::tenantId).orElse(homeTenantId);
        Principal principal = null;
        DataCall call = null;
        try {
            // Network rules and TLS floor come before authentication, as in Azure; a refusing gate has answered.
            if (vault.isPresent() && !gate.admit(ex, vault.get())) {
                return;
            }
            principal = authenticator.authenticate(ex.header(HttpHeader.AUTHORIZATION.asString()), Plane.DATA);
            if (!principal.tenantId().equalsIgnoreCase(tenantId)) {
                throw new Unauthorized("Unauthorized", "AKV10032: Invalid issuer. Expected a token of tenant "
                        + tenantId + ", found one of tenant " + principal.tenantId() + ".");
            }
            if (vault.isEmpty()) {
                throw new NotFound("VaultNotFound", "The vault '" + vaultName + "' does not exist.");
            }
            // Throttling counts only authenticated requests, so anonymous floods cannot spend a vault's budget.
            if (!gate.admitCaller(ex, vault.get(), principal)) {
                return;
            }
            String apiVersion = ApiVersions.require(ApiVersions.Family.DATA, ex.query("api-version"));
            Optional<Router.Match<DataRoute>> match = router.match(ex.method(), ex.path());
            if (match.isEmpty()) {
                if (router.hasPath(ex.path())) {
                    throw new MethodNotAllowed("MethodNotAllowed", "HTTP " + ex.method() + " not allowed");
                }
                throw new NotFound("NotFound", "The requested path " + dev.coffer.objects.Names.sanitize(ex.path())
                        + " was not found.");
            }
            call = new DataCall(ex, vault.get(), principal, match.get(), apiVersion, dispatcher);
            match.get().handler().handle(call);
        } catch (CofferException e) {
            if (call == null || !call.dispatched()) {
                dispatcher.reject(operationName(e), principal, ex.info(),
                        vault.map(v -> dev.coffer.authz.Scope.vault(v.subscriptionId(), v.resourceGroup(), v.name()))
                                .orElse(vaultName), e);
            }
            if (e.status() == 401) {
                ex.setHeader(HttpHeader.WWW_AUTHENTICATE.asString(), Challenge.dataPlane(endpoints, tenantId));
            }
            ex.sendError(e, ErrorMapper.Shape.DATA);
        }
    }

    private static String operationName(CofferException e) {
        return e.status() == 401 ? "Authentication" : "DataPlaneRequest";
    }
}
