package dev.coffer.core;

import dev.coffer.authz.Authorizer;
import dev.coffer.authz.Decision;
import dev.coffer.directory.Principal;
import dev.coffer.error.Forbidden;
import java.util.Locale;

/**
 * Turns a denial into Azure's error: {@code AuthorizationFailed} on the management plane, {@code Forbidden}
 * with {@code ForbiddenByRbac} or {@code ForbiddenByPolicy} on the data plane. Messages name the caller,
 * the action and the resource, never a secret.
 */
final class Denials {

    private Denials() {
    }

    static Forbidden of(Operation operation, Principal caller, Target target, Decision decision) {
        String who = caller == null ? "(anonymous)" : caller.describe() + ";tid=" + caller.tenantId();
        if (!operation.action().dataAction()) {
            String oid = caller == null ? "" : caller.objectId();
            return new Forbidden("AuthorizationFailed", "The client '" + oid + "' with object id '" + oid
                    + "' does not have authorization to perform action '" + operation.action().name()
                    + "' over scope '" + target.scope() + "' or the scope is invalid. Reason: " + decision.reason());
        }
        String vault = target.vault() == null ? "" : target.vault().name() + ";location=" + target.vault().location();
        if (Authorizer.ACCESS_POLICY.equals(decision.model())) {
            return new Forbidden("Forbidden", "ForbiddenByPolicy", "The user, group or application '" + who
                    + "' does not have the permission needed for '" + operation.name() + "' on key vault '" + vault
                    + "'. Reason: " + decision.reason());
        }
        return new Forbidden("Forbidden", "ForbiddenByRbac", "Caller is not authorized to perform action on resource."
                + "\r\nCaller: " + who + "\r\nAction: '" + operation.action().name() + "'\r\nResource: '"
                + target.scope().toLowerCase(Locale.ROOT) + "'\r\nAssignment: (not found)\r\nDecisionReason: "
                + decision.reason() + "\r\nVault: " + vault);
    }
}
