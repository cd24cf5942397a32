package dev.coffer.http;

import dev.coffer.authz.Scope;
import dev.coffer.core.Dispatcher;
import dev.coffer.core.RequestInfo;
import dev.coffer.directory.Principal;
import dev.coffer.error.CofferException;
import dev.coffer.store.VaultRow;
import java.util.List;

/**
 * A check a vault's data plane makes before authentication (network rules, TLS floor) or right after it
 * (throttling). A gate that refuses has already audited the refusal (through {@code Dispatcher.reject}) and
 * sent the error.
 */
@FunctionalInterface
public interface VaultGate {

    VaultGate NONE = (ex, vault) -> true;

    boolean admit(Exchange ex, VaultRow vault);

    /** A check made once the caller is authenticated (throttling); by default none. */
    default boolean admitCaller(Exchange ex, VaultRow vault, Principal caller) {
        return true;
    }

    /**
     * How a gate refuses: audit the refusal as {@code operation} on the vault (through the Dispatcher, so the
     * edge's refusals are in the log like everything else), then send Azure's data-plane error.
     */
    static void refuse(Dispatcher dispatcher, String operation, Principal callerOrNull, RequestInfo request,
                       Exchange ex, VaultRow vault, CofferException refusal) {
        dispatcher.reject(operation, callerOrNull, request,
                Scope.vault(vault.subscriptionId(), vault.resourceGroup(), vault.name()), refusal);
        ex.sendError(refusal, ErrorMapper.Shape.DATA);
    }

    /** The gates in the order they run; the first refusal ends the request. */
    static VaultGate inOrder(List<VaultGate> gates) {
        List<VaultGate> copy = List.copyOf(gates);
        return new VaultGate() {
            @Override
            public boolean admit(Exchange ex, VaultRow vault) {
                for (VaultGate gate : copy) {
                    if (!gate.admit(ex, vault)) {
                        return false;
                    }
                }
                return true;
            }

            @Override
            public boolean admitCaller(Exchange ex, VaultRow vault, Principal caller) {
                for (VaultGate gate : copy) {
                    if (!gate.admitCaller(ex, vault, caller)) {
                        return false;
                    }
                }
                return true;
            }
        };
    }
}
