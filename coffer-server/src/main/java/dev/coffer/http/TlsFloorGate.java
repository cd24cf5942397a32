package dev.coffer.http;

import dev.coffer.core.Dispatcher;
import dev.coffer.error.Forbidden;
import dev.coffer.network.TlsFloor;
import dev.coffer.store.VaultRow;

/**
 * Edge step for a vault's data plane: the vault's own {@code minimumTlsVersion} against the TLS version this
 * request's connection negotiated. Checked per request (not per connection) because an HTTP/2 connection
 * can carry requests for several vaults under a wildcard certificate; the server-wide floor is enforced
 * earlier, at the handshake.
 */
public final class TlsFloorGate implements VaultGate {

    static final String OPERATION = "TlsVersionCheck";

    private final Dispatcher dispatcher;

    public TlsFloorGate(Dispatcher dispatcher) {
        this.dispatcher = dispatcher;
    }

    @Override
    public boolean admit(Exchange ex, VaultRow vault) {
        if (vault.minimumTlsVersion() == null) {
            return true;
        }
        String protocol = ex.tlsProtocol();
        if (TlsFloor.admits(vault.minimumTlsVersion(), protocol)) {
            return true;
        }
        Forbidden refusal = TlsFloor.refusal(vault.name(), vault.minimumTlsVersion(), protocol);
        VaultGate.refuse(dispatcher, OPERATION, null, ex.info(), ex, vault, refusal);
        return false;
    }
}
