package dev.coffer.http;

import dev.coffer.authz.Scope;
import dev.coffer.core.Dispatcher;
import dev.coffer.directory.Principal;
import dev.coffer.error.Throttled;
import dev.coffer.network.Throttle;
import dev.coffer.network.ThrottleClass;
import dev.coffer.network.ThrottleLimits;
import dev.coffer.store.VaultRow;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Edge step after authentication: Azure's service limits as token buckets. Data-plane requests count
 * against their vault's bucket for the operation class their method and path show (secret creation, other
 * vault transactions, key creation, other key transactions) and against their subscription's bucket of that
 * class (five times the vault's, as Azure's subscription-wide limits); management-plane writes against the caller's
 * bucket in the subscription, as Azure Resource Manager counts them. Over the limit: {@code 429} with
 * {@code Retry-After} (whole seconds, as the Azure SDKs' retry policies read it) and Azure's {@code Throttled}
 * error, audited. Only authenticated requests are counted.
 */
public final class ThrottlingGate implements VaultGate, ManagementGate {

    static final String OPERATION = "Throttling";

    private final Throttle throttle;
    private final Dispatcher dispatcher;

    public ThrottlingGate(Throttle throttle, Dispatcher dispatcher) {
        this.throttle = throttle;
        this.dispatcher = dispatcher;
    }

    @Override
    public boolean admit(Exchange ex, VaultRow vault) {
        return true;
    }

    @Override
    public boolean admitCaller(Exchange ex, VaultRow vault, Principal caller) {
        ThrottleClass c = dataPlaneClass(ex.method(), ex.path());
        Throttle.Refusal refusal = throttle.acquire(vault.subscriptionId(), vault.name(), c, 1);
        if (refusal == null) {
            return true;
        }
        refuse(ex, caller, Scope.vault(vault.subscriptionId(), vault.resourceGroup(), vault.name()),
                refusal(throttle, vault, c, refusal), ErrorMapper.Shape.DATA);
        return false;
    }

    @Override
    public boolean admitManagement(Exchange ex, Principal caller) {
        String method = ex.method();
        if (method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS")) {
            return true;
        }
        String subscription = subscriptionOf(ex.path());
        String scope = (subscription == null ? "tenant:" + caller.tenantId() : "subscription:" + subscription)
                .toLowerCase(Locale.ROOT) + "/" + caller.objectId();
        long wait = throttle.acquire(scope, ThrottleClass.MANAGEMENT_WRITE, 1);
        if (wait == 0) {
            return true;
        }
        ThrottleClass c = ThrottleClass.MANAGEMENT_WRITE;
        refuse(ex, caller, subscription == null ? "/" : Scope.subscription(subscription), refusal(c,
                throttle.limits().of(c), subscription == null ? "the tenant" : "subscription '" + subscription + "'",
                wait), ErrorMapper.Shape.ARM);
        return false;
    }

    /** The class a data-plane request counts against, from what the edge can see: method and path. */
    static ThrottleClass dataPlaneClass(String method, String path) {
        String[] s = path.toLowerCase(Locale.ROOT).split("/");
        // s[0] is empty (leading slash), s[1] the collection, s[2] the name, s[3] an action or version.
        String collection = s.length > 1 ? s[1] : "";
        if (collection.equals("secrets")) {
            return method.equals("PUT") && s.length == 3 ? ThrottleClass.SECRET_CREATE : ThrottleClass.VAULT;
        }
        if (collection.equals("keys")) {
            // Azure's low "CREATE key" limit is for generating key material (create, rotate); an import
            // generates nothing and counts as an ordinary key transaction.
            boolean generates = method.equals("POST") && s.length == 4
                    && (s[3].equals("create") || s[3].equals("rotate"));
            return generates ? ThrottleClass.KEY_CREATE : ThrottleClass.KEY;
        }
        return ThrottleClass.VAULT;
    }

    private void refuse(Exchange ex, Principal caller, String resourceId, Throttled refusal,
                        ErrorMapper.Shape shape) {
        dispatcher.reject(OPERATION, caller, ex.info(), resourceId, refusal);
        ex.sendError(refusal, shape);
    }

    /** The error for a data-plane request of {@code vault} that its vault's or its subscription's bucket refused. */
    static Throttled refusal(Throttle throttle, VaultRow vault, ThrottleClass c, Throttle.Refusal refusal) {
        boolean wide = refusal.subscriptionWide();
        return refusal(c, wide ? throttle.limits().ofSubscription(c) : throttle.limits().of(c),
                wide ? "all vaults of subscription '" + vault.subscriptionId() + "'" : "vault '" + vault.name() + "'",
                refusal.waitNanos());
    }

    /** Azure's {@code Throttled} error for a bucket that is empty for {@code waitNanos} more, with Retry-After. */
    static Throttled refusal(ThrottleClass c, ThrottleLimits.Limit limit, String where, long waitNanos) {
        long seconds = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(waitNanos + TimeUnit.SECONDS.toNanos(1) - 1));
        return new Throttled("Throttled", null, "Request was not processed because too many requests were "
                + "received. Reason: at most " + limit.count() + " '" + c.option() + "' transactions per "
                + window(limit) + " are allowed for " + where + ". Retry after " + seconds + " seconds.", seconds);
    }

    /** "10 seconds", or "500 ms" for a window of less than whole seconds (it would read "0 seconds"). */
    static String window(ThrottleLimits.Limit limit) {
        long ms = limit.window().toMillis();
        return ms % 1000 == 0 ? ms / 1000 + " seconds" : ms + " ms";
    }

    private static String subscriptionOf(String path) {
        String[] s = path.split("/");
        return s.length > 2 && s[1].equalsIgnoreCase("subscriptions") && !s[2].isEmpty() ? s[2] : null;
    }
}
