package dev.coffer.http;

import dev.coffer.directory.Principal;
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
