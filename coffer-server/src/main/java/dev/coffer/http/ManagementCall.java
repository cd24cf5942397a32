package dev.coffer.http;

import dev.coffer.core.Dispatcher;
import dev.coffer.core.Operation;
import dev.coffer.core.Target;
import dev.coffer.directory.Principal;
import java.util.function.Supplier;

/** One authenticated management-plane request, ready to run an operation through the Dispatcher. */
public final class ManagementCall {

    private final Exchange exchange;
    private final Principal principal;
    private final Router.Match<?> match;
    private final Dispatcher dispatcher;
    private final String apiVersion;
    private boolean dispatched;

    ManagementCall(Exchange exchange, Principal principal, Router.Match<?> match, Dispatcher dispatcher,
                   String apiVersion) {
        this.exchange = exchange;
        this.principal = principal;
        this.match = match;
        this.dispatcher = dispatcher;
        this.apiVersion = apiVersion;
    }

    public Exchange exchange() {
        return exchange;
    }

    public Principal principal() {
        return principal;
    }

    public String param(String name) {
        return match.param(name);
    }

    public String apiVersion() {
        return apiVersion;
    }

    public Dispatcher dispatcher() {
        return dispatcher;
    }

    public <T> T run(Operation operation, Target target, Supplier<T> work) {
        dispatched = true;
        return dispatcher.run(operation, principal, exchange.info(), target, work);
    }

    boolean dispatched() {
        return dispatched;
    }
}
