package dev.coffer.network;

import dev.coffer.directory.Principal;
import dev.coffer.error.Forbidden;

/**
 * The refusals of a vault's network rules, worded as Azure words them: lines joined by CRLF naming the
 * client address, the caller (when a valid token told us) and the vault.
 */
public final class NetworkDenials {

    private NetworkDenials() {
    }

    public static Forbidden of(FirewallVerdict verdict, ClientOrigin origin, Principal caller, String vaultName,
                               String location) {
        String callerLine = "Caller: " + (caller == null ? "unknown (no valid token)" : caller.describe()
                + ";tid=" + caller.tenantId());
        String vaultLine = "Vault: " + vaultName + ";location=" + location;
        if (verdict == FirewallVerdict.DENIED_PUBLIC_ACCESS_DISABLED) {
            return new Forbidden("Forbidden", "ForbiddenByConnection", "Public network access is disabled and "
                    + "request is not from a trusted service nor via a private listener.\r\nClient address: "
                    + origin.address() + "\r\n" + callerLine + "\r\n" + vaultLine);
        }
        return new Forbidden("Forbidden", "ForbiddenByFirewall", "Client address is not authorized and caller is "
                + "not a trusted service.\r\nClient address: " + origin.address() + "\r\n" + callerLine + "\r\n"
                + vaultLine);
    }
}
