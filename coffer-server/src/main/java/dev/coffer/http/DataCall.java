package dev.coffer.http;

import dev.coffer.authz.Scope;
import dev.coffer.core.Dispatcher;
import dev.coffer.core.Operation;
import dev.coffer.core.Target;
import dev.coffer.directory.Principal;
import dev.coffer.store.VaultRow;
import java.util.function.Supplier;

/** One authenticated data-plane request, routed to a vault, ready to run an operation through the Dispatcher. */
public final class DataCall {

    private final Exchange exchange;
    private final VaultRow vault;
    private final Principal principal;
    private final Router.Match<?> match;
    private final String apiVersion;
    private final Dispatcher dispatcher;
    private boolean dispatched;

    DataCall(Exchange exchange, VaultRow vault, Principal principal, Router.Match<?> match, String apiVersion,
             Dispatcher dispatcher) {
        this.exchange = exchange;
        this.vault = vault;
        this.principal = principal;
        this.match = match;
        this.apiVersion = apiVersion;
        this.dispatcher = dispatcher;
    }

    public Exchange exchange() {
        return exchange;
    }

    public VaultRow vault() {
        return vault;
    }

    public String param(String name) {
        return match.param(name);
    }

    public String apiVersion() {
        return apiVersion;
    }

    /** The vault's URL as the client addressed it; ids in responses are built on it. */
    public String vaultUrl() {
        return exchange.baseUrl();
    }

    public String vaultScope() {
        return Scope.vault(vault.subscriptionId(), vault.resourceGroup(), vault.name());
    }

    /** Runs the operation against an object's scope ({@code …/vaults/{v}/secrets/{name}}), or the vault's. */
    public <T> T run(Operation operation, String objectPath, Supplier<T> work) {
        String scope = objectPath == null ? vaultScope() : vaultScope() + "/" + objectPath;
        dispatched = true;
        return dispatcher.run(operation, principal, exchange.info(), Target.inVault(scope, vault), work);
    }

    boolean dispatched() {
        return dispatched;
    }

    Principal principal() {
        return principal;
    }
}
