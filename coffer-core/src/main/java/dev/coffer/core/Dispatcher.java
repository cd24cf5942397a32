package dev.coffer.core;

import dev.coffer.audit.Audit;
import dev.coffer.audit.AuditEvent;
import dev.coffer.audit.AuditOutcome;
import dev.coffer.authz.Action;
import dev.coffer.authz.Authorizer;
import dev.coffer.authz.Decision;
import dev.coffer.directory.Principal;
import dev.coffer.error.CofferException;
import dev.coffer.error.Forbidden;
import dev.coffer.error.Unavailable;
import dev.coffer.metrics.OperationMetrics;
import dev.coffer.resources.Upserted;
import dev.coffer.store.StoreException;
import java.time.Clock;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The one place every operation passes: decide (the Authorizer, with its reason), run the engine, and audit
 * the outcome, allowed or denied. Engines never call the Authorizer or the audit log themselves, so none can
 * forget either. Requests the edge turns away (bad token, firewall) are audited through {@link #reject}.
 *
 * <p>Reads (GET, HEAD, and operations marked as changing nothing such as sign or backup) and denials are one
 * audit record written after the fact: nothing changed, so when it
 * cannot be written the caller gets 503 and learns nothing. Requests that may change state get a durable
 * intent first and an outcome after; see {@link Audit#complete} for why a committed change is never reported
 * as failed.
 */
public final class Dispatcher {

    private final Authorizer authorizer;
    private final Audit audit;
    private final Clock clock;

    private final OperationMetrics metrics;

    public Dispatcher(Authorizer authorizer, Audit audit, Clock clock) {
        this(authorizer, audit, clock, OperationMetrics.NONE);
    }

    public Dispatcher(Authorizer authorizer, Audit audit, Clock clock, OperationMetrics metrics) {
        this.authorizer = authorizer;
        this.audit = audit;
        this.clock = clock;
        this.metrics = metrics;
    }

    public <T> T run(Operation operation, Principal caller, RequestInfo request, Target target, Supplier<T> work) {
        audit.requireAvailable();
        Decision decision = null;
        if (!operation.isPublic()) {
            decision = decideAll(operation, caller, target);
            if (!decision.allowed()) {
                Forbidden denial = Denials.of(operation, caller, target, decision);
                finish(operation, caller, request, target, decision, -1, denial.status(), "Denied",
                        denial.getMessage(), false, Produced.NOTHING);
                throw denial;
            }
        }
        // A request that may change state gets its intent on record before the engine runs, so a change can
        // never be committed without a durable audit record (see Audit#complete for the other half).
        long intent = request.safe() || !operation.changesState() ? -1
                : audit.begin(event(operation.name(), caller, request, target, decision, 0, "Pending", null));
        T result;
        try {
            result = work.get();
        } catch (CofferException e) {
            finish(operation, caller, request, target, decision, intent, e.status(), "Failure", e.getMessage(), false,
                    Produced.NOTHING);
            throw e;
        } catch (StoreException e) {
            Unavailable unavailable = new Unavailable("ServiceUnavailable",
                    "The store could not complete the request; nothing was changed. Retry later.");
            finish(operation, caller, request, target, decision, intent, 503, "Failure", "store unavailable", false,
                    Produced.NOTHING);
            throw unavailable;
        } catch (RuntimeException e) {
            finish(operation, caller, request, target, decision, intent, 500, "Failure", "internal error", false,
                    Produced.NOTHING);
            throw e;
        }
        int status = result instanceof Upserted<?> u && u.created() ? 201 : operation.successStatus();
        finish(operation, caller, request, target, decision, intent, status, "Success", null, true,
                new Produced(targetId(target, result), accessPoliciesChanged(result)));
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
        long nanos = System.nanoTime() - request.startNanos();
        audit.record(new AuditEvent(clock.instant(), "SignIn", failure == null ? "Success" : "Failure", status,
                HttpReasons.of(status), failure, nanos / 1_000_000, request.clientAddress(), request.requestId(),
                tenantId, principal == null ? null : principal.objectId(), clientId, resource, null, request.uri(),
                null, null, upn(principal), request.userAgent(), request.tlsVersion(), request.networkDecision(),
                null, null));
        metrics.signIn(failure == null);
    }

    /** Audits a request refused before an operation could run (authentication, firewall, bad input). */
    public void reject(String operationName, Principal caller, RequestInfo request, String resourceId,
                       CofferException reason) {
        audit.record(event(operationName, caller, request, resourceId, null, null, reason.status(),
                reason.status() == 401 || reason.status() == 403 ? "Denied" : "Failure", reason.getMessage()));
        metrics.rejected(vaultOf(resourceId), operationName, reason.status());
        metrics.operation(vaultOf(resourceId), operationName,
                reason.status() == 401 || reason.status() == 403 ? "Denied" : "Failure", reason.status(),
                System.nanoTime() - request.startNanos());
    }

    private Decision decideAll(Operation operation, Principal caller, Target target) {
        Decision decision = authorizer.decide(caller, operation.action(), target.scope(), target.vault(),
                operation.policyPermission(), target.attributes());
        for (Action extra : target.extraActions()) {
            if (!decision.allowed()) {
                break;
            }
            Decision more = authorizer.decide(caller, extra, target.scope(), target.vault(), null, Map.of());
            if (!more.allowed()) {
                return Decision.deny(more.model(), "the change also needs '" + extra.name() + "': " + more.reason());
            }
        }
        return decision;
    }

    private void finish(Operation operation, Principal caller, RequestInfo request, Target target, Decision decision,
                        long intent, int status, String resultType, String description, boolean succeeded,
                        Produced produced) {
        long nanos = System.nanoTime() - request.startNanos();
        AuditOutcome outcome = new AuditOutcome(resultType, status, HttpReasons.of(status), description,
                nanos / 1_000_000, produced.targetId(), produced.accessPoliciesChanged());
        if (intent < 0) {
            audit.record(event(operation.name(), caller, request, target, decision, status, resultType, description)
                    .withOutcome(outcome));
        } else {
            audit.complete(intent, outcome, succeeded);
        }
        metrics.operation(vaultName(target), operation.name(), resultType, status, nanos);
    }

    /** What the engine's result tells the audit outcome (events read both from there). */
    private record Produced(String targetId, Boolean accessPoliciesChanged) {
        static final Produced NOTHING = new Produced(null, null);
    }

    private static Boolean accessPoliciesChanged(Object result) {
        Object value = result instanceof Upserted<?> u ? u.value() : result;
        return value instanceof PolicyChangingResult p ? p.accessPoliciesChanged() : null;
    }

    /** The version an operation produced or read, as {@code {scope}/versions/{version}} (events need it). */
    private static String targetId(Target target, Object result) {
        String version = result instanceof VersionedResult v ? v.resultVersion() : null;
        return version == null ? null : target.scope() + "/versions/" + version;
    }

    private static String vaultName(Target target) {
        return target.vault() == null ? null : target.vault().name();
    }

    /** The vault named in an ARM scope ({@code …/vaults/{name}[/…]}), or null. */
    private static String vaultOf(String resourceId) {
        if (resourceId == null) {
            return null;
        }
        String lower = resourceId.toLowerCase(java.util.Locale.ROOT);
        int at = lower.indexOf("/providers/microsoft.keyvault/vaults/");
        if (at < 0) {
            return null;
        }
        String rest = resourceId.substring(at + "/providers/microsoft.keyvault/vaults/".length());
        int slash = rest.indexOf('/');
        return slash < 0 ? rest : rest.substring(0, slash);
    }

    private static String upn(Principal caller) {
        return caller == null ? null : caller.userPrincipalName();
    }

    private AuditEvent event(String operationName, Principal caller, RequestInfo request, Target target,
                             Decision decision, int status, String resultType, String description) {
        AuditEvent e = event(operationName, caller, request, target.scope(), vaultName(target), decision, status,
                resultType, description);
        String selfGrant = target.attributes().get(Target.SELF_GRANT);
        if (selfGrant == null) {
            return e;
        }
        return new AuditEvent(e.time(), e.operationName(), e.resultType(), e.httpStatus(),
                e.resultSignature(), e.resultDescription(), e.durationMs(), e.callerIpAddress(), e.correlationId(),
                e.tenantId(), e.objectId(), e.appId(), e.resourceId(), e.vaultName(), e.requestUri(), e.decisionModel(),
                e.decisionReason(), e.upn(), e.clientInfo(), e.tlsVersion(), e.networkDecision(),
                Boolean.valueOf(selfGrant), e.targetId(), null);
    }

    private AuditEvent event(String operationName, Principal caller, RequestInfo request, String resourceId,
                             String vaultName, Decision decision, int status, String resultType, String description) {
        long durationMs = (System.nanoTime() - request.startNanos()) / 1_000_000;
        return new AuditEvent(clock.instant(), operationName, resultType, status, HttpReasons.of(status),
                description, durationMs, request.clientAddress(), request.requestId(),
                caller == null ? null : caller.tenantId(), caller == null ? null : caller.objectId(),
                caller == null ? null : caller.appId(), resourceId, vaultName, request.uri(),
                decision == null ? null : decision.model(), decision == null ? null : decision.reason(),
                upn(caller), request.userAgent(), request.tlsVersion(), request.networkDecision(), null, null);
    }
}
