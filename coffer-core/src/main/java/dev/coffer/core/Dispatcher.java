package dev.coffer.core;

import dev.coffer.audit.Audit;
import dev.coffer.audit.AuditEvent;
import dev.coffer.authz.Action;
import dev.coffer.authz.Authorizer;
import dev.coffer.authz.Decision;
import dev.coffer.directory.Principal;
import dev.coffer.error.CofferException;
import dev.coffer.error.Forbidden;
import dev.coffer.error.Unavailable;
import dev.coffer.resources.Upserted;
import dev.coffer.store.StoreException;
import java.time.Clock;
import java.util.function.Supplier;

/**
 * The one place every operation passes: decide (the Authorizer, with its reason), run the engine, and audit
 * the outcome, allowed or denied. Engines never call the Authorizer or the audit log themselves, so none can
 * forget either. Requests the edge turns away (bad token, firewall) are audited through {@link #reject}.
 */
public final class Dispatcher {

    private final Authorizer authorizer;
    private final Audit audit;
    private final Clock clock;

    public Dispatcher(Authorizer authorizer, Audit audit, Clock clock) {
        this.authorizer = authorizer;
        this.audit = audit;
        this.clock = clock;
    }

    public <T> T run(Operation operation, Principal caller, RequestInfo request, Target target, Supplier<T> work) {
        audit.requireAvailable();
        Decision decision = null;
        if (!operation.isPublic()) {
            decision = decideAll(operation, caller, target);
            if (!decision.allowed()) {
                Forbidden denial = Denials.of(operation, caller, target, decision);
                record(operation, caller, request, target, decision, denial.status(), "Denied", denial.getMessage());
                throw denial;
            }
        }
        T result;
        try {
            result = work.get();
        } catch (CofferException e) {
            record(operation, caller, request, target, decision, e.status(), "Failure", e.getMessage());
            throw e;
        } catch (StoreException e) {
            Unavailable unavailable = new Unavailable("ServiceUnavailable",
                    "The store could not complete the request; nothing was changed. Retry later.");
            record(operation, caller, request, target, decision, 503, "Failure", "store unavailable");
            throw unavailable;
        } catch (RuntimeException e) {
            record(operation, caller, request, target, decision, 500, "Failure", "internal error");
            throw e;
        }
        int status = result instanceof Upserted<?> u && u.created() ? 201 : operation.successStatus();
        record(operation, caller, request, target, decision, status, "Success", null);
        return result;
    }

    /**
     * The items the caller may see with {@code action}, each decided at its own scope; used by listings that
     * span scopes (subscriptions, vaults of a subscription).
     */
    public <T> java.util.List<T> visible(Principal caller, Action action, java.util.List<T> items,
                                         java.util.function.Function<T, String> scopeOf) {
        return items.stream().filter(i -> authorizer.decide(caller, action, scopeOf.apply(i), null).allowed())
                .toList();
    }

    /** Audits a sign-in at the token service, successful or not. */
    public void signIn(RequestInfo request, Principal principal, String tenantId, String clientId,
                       int status, String failure) {
        String resource = "/tenants/" + tenantId + "/applications/" + clientId;
        audit.record(new AuditEvent(clock.instant(), "SignIn", failure == null ? "Success" : "Failure", status,
                HttpReasons.of(status), failure, (System.nanoTime() - request.startNanos()) / 1_000_000,
                request.clientAddress(), request.requestId(), tenantId,
                principal == null ? null : principal.objectId(), clientId, resource, null, request.uri(), null, null));
    }

    /** Audits a request refused before an operation could run (authentication, firewall, bad input). */
    public void reject(String operationName, Principal caller, RequestInfo request, String resourceId,
                       CofferException reason) {
        audit.record(event(operationName, caller, request, resourceId, null, null, reason.status(),
                reason.status() == 401 || reason.status() == 403 ? "Denied" : "Failure", reason.getMessage()));
    }

    private Decision decideAll(Operation operation, Principal caller, Target target) {
        Decision decision = authorizer.decide(caller, operation.action(), target.scope(), target.vault(),
                operation.policyPermission());
        for (Action extra : target.extraActions()) {
            if (!decision.allowed()) {
                break;
            }
            Decision more = authorizer.decide(caller, extra, target.scope(), target.vault());
            if (!more.allowed()) {
                return Decision.deny(more.model(), "the change also needs '" + extra.name() + "': " + more.reason());
            }
        }
        return decision;
    }

    private void record(Operation operation, Principal caller, RequestInfo request, Target target, Decision decision,
                        int status, String resultType, String description) {
        audit.record(event(operation.name(), caller, request, target.scope(),
                target.vault() == null ? null : target.vault().name(), decision, status, resultType, description));
    }

    private AuditEvent event(String operationName, Principal caller, RequestInfo request, String resourceId,
                             String vaultName, Decision decision, int status, String resultType, String description) {
        long durationMs = (System.nanoTime() - request.startNanos()) / 1_000_000;
        return new AuditEvent(clock.instant(), operationName, resultType, status, HttpReasons.of(status),
                description, durationMs, request.clientAddress(), request.requestId(),
                caller == null ? null : caller.tenantId(), caller == null ? null : caller.objectId(),
                caller == null ? null : caller.appId(), resourceId, vaultName, request.uri(),
                decision == null ? null : decision.model(), decision == null ? null : decision.reason());
    }
}
