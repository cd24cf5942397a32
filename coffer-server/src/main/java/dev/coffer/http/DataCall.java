package dev.coffer.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.coffer.authz.Scope;
import dev.coffer.core.Dispatcher;
import dev.coffer.core.Operation;
import dev.coffer.core.Target;
import dev.coffer.directory.Principal;
import dev.coffer.objects.Page;
import dev.coffer.store.VaultRow;
import dev.coffer.wire.Paging;
import java.util.function.Function;
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

    /** One page of a listing as the engine reads it, from a continuation marker (null: the start). */
    @FunctionalInterface
    public interface PageReader<T> {
        Page<T> read(String marker, int max);
    }

    /**
     * Answers a listing: reads {@code maxresults} and {@code $skiptoken}, runs the read as the operation, and sends
     * one page of items with the {@code nextLink} to {@code listPath} (under the vault's URL) when more remain.
     */
    public <T> void sendPage(Operation operation, String objectPath, String listPath, PageReader<T> reader,
                             Function<T, JsonNode> item) {
        int max = Paging.maxResults(exchange.query("maxresults"));
        String marker = Paging.marker(exchange.query("$skiptoken"));
        Page<T> page = run(operation, objectPath, () -> reader.read(marker, max));
        ArrayNode items = Json.MAPPER.createArrayNode();
        page.items().forEach(i -> items.add(item.apply(i)));
        exchange.sendJson(200, Paging.page(items, vaultUrl() + listPath, apiVersion, page.continuation(), max));
    }

    boolean dispatched() {
        return dispatched;
    }

    Principal principal() {
        return principal;
    }
}
