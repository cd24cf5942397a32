package dev.coffer.http;

import dev.coffer.core.Dispatcher;
import dev.coffer.directory.Principal;
import dev.coffer.error.CofferException;
import dev.coffer.identity.Plane;
import dev.coffer.network.ClientOrigin;
import dev.coffer.network.FirewallVerdict;
import dev.coffer.network.NetworkDenials;
import dev.coffer.network.NetworkRules;
import dev.coffer.network.VaultFirewalls;
import dev.coffer.store.VaultRow;
import java.util.function.Predicate;
import org.eclipse.jetty.http.HttpHeader;

/**
 * Edge step for a vault's data plane: the vault's network rules ({@code publicNetworkAccess},
 * {@code networkAcls}) against the request's client address, before authentication, so an address the vault
 * does not admit gets 403 {@code ForbiddenByFirewall} rather than the 401 challenge. Only a refusal looks at
 * the token: to let a trusted service through when the vault's {@code bypass} allows it, and to name the
 * caller in the message and the audit record.
 */
public final class FirewallGate implements VaultGate {

    static final String OPERATION = "NetworkAccessCheck";
    /**
     * The verdict, kept on the request for the audit record of the operation that follows
     * ({@code RequestInfo.networkDecision}).
     */
    public static final String DECISION_ATTRIBUTE = FirewallVerdict.class.getName();

    private final VaultFirewalls firewalls;
    private final BearerAuthenticator authenticator;
    private final Predicate<Principal> trustedService;
    private final Dispatcher dispatcher;

    public FirewallGate(VaultFirewalls firewalls, BearerAuthenticator authenticator,
                        Predicate<Principal> trustedService, Dispatcher dispatcher) {
        this.firewalls = firewalls;
        this.authenticator = authenticator;
        this.trustedService = trustedService;
        this.dispatcher = dispatcher;
    }

    @Override
    public boolean admit(Exchange ex, VaultRow vault) {
        ClientOrigin origin = ClientAddressHandler.origin(ex);
        NetworkRules rules = firewalls.rulesFor(vault);
        FirewallVerdict verdict = rules.evaluate(origin);
        if (verdict.allowed()) {
            ex.setAttribute(DECISION_ATTRIBUTE, rules.describe(verdict, origin));
            return true;
        }
        Principal caller = callerIfValid(ex);
        if (caller != null && rules.admitsTrustedServices() && trustedService.test(caller)) {
            ex.setAttribute(DECISION_ATTRIBUTE, FirewallVerdict.ALLOWED_TRUSTED_SERVICE.name());
            return true;
        }
        ex.setAttribute(DECISION_ATTRIBUTE, rules.describe(verdict, origin));
        VaultGate.refuse(dispatcher, OPERATION, caller, ex.info(), ex, vault,
                NetworkDenials.of(verdict, origin, caller, vault.name(), vault.location()));
        return false;
    }

    private Principal callerIfValid(Exchange ex) {
        String authorization = ex.header(HttpHeader.AUTHORIZATION.asString());
        if (BearerAuthenticator.missing(authorization)) {
            return null;
        }
        try {
            return authenticator.authenticate(authorization, Plane.DATA);
        } catch (CofferException e) {
            return null;
        }
    }
}
