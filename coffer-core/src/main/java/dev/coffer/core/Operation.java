package dev.coffer.core;

import dev.coffer.authz.Action;

/**
 * A named operation of either plane ({@code SecretGet}, {@code VaultPut}, …) and the action it needs. The same
 * name appears in the audit log and the metrics. A null action marks a public operation (token service,
 * discovery) that needs no authorization but is still audited.
 *
 * @param policyPermission for data operations whose access-policy permission differs from the usual mapping
 * @param changesState     false for operations that only compute or read although the API makes them POSTs
 *                         (sign, encrypt, backup, …): like a GET, they are audited with one record after the
 *                         fact instead of an intent before and an outcome after
 */
public record Operation(String name, Action action, String policyPermission, int successStatus,
                        boolean changesState) {

    public Operation(String name, Action action, String policyPermission, int successStatus) {
        this(name, action, policyPermission, successStatus, true);
    }

    public static Operation of(String name, Action action) {
        return new Operation(name, action, null, 200);
    }

    public static Operation publicOperation(String name) {
        return new Operation(name, null, null, 200);
    }

    public Operation withSuccessStatus(int status) {
        return new Operation(name, action, policyPermission, status, changesState);
    }

    public Operation withPolicyPermission(String permission) {
        return new Operation(name, action, permission, successStatus, changesState);
    }

    /** Marks an operation that never changes stored state, whatever its HTTP method. */
    public Operation changingNothing() {
        return new Operation(name, action, policyPermission, successStatus, false);
    }

    public boolean isPublic() {
        return action == null;
    }
}
