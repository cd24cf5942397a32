package dev.coffer.http;

import dev.coffer.store.VaultRow;
import java.util.List;

/**
 * A check a vault's data plane makes before authentication (network rules, TLS floor). A gate that refuses
 * has already audited the refusal (through {@code Dispatcher.reject}) and sent the error.
 */
@FunctionalInterface
public interface VaultGate {

    VaultGate NONE = (ex, vault) -> true;

    boolean admit(Exchange ex, VaultRow vault);

    /** The gates in the order they run; the first refusal ends the request. */
    static VaultGate inOrder(List<VaultGate> gates) {
        List<VaultGate> copy = List.copyOf(gates);
        return (ex, vault) -> {
            for (VaultGate gate : copy) {
                if (!gate.admit(ex, vault)) {
                    return false;
                }
            }
            return true;
        };
    }
}
