package dev.coffer.bootstrap;

import dev.coffer.authz.BuiltInRoles;
import dev.coffer.authz.DirectoryRoles;
import dev.coffer.authz.RoleAssignments;
import dev.coffer.authz.Scope;
import dev.coffer.directory.Directory;
import dev.coffer.directory.IssuedClientSecret;
import dev.coffer.directory.PrincipalKind;
import dev.coffer.resources.Subscriptions;
import dev.coffer.store.PrincipalRow;
import dev.coffer.store.SubscriptionRow;
import dev.coffer.store.TenantRow;
import java.util.Comparator;
import java.util.Optional;
import java.util.UUID;

/**
 * First start of an empty installation: a tenant, a default subscription and an administrator service
 * principal holding Owner and Key Vault Administrator at the subscription, and Global Administrator of the
 * directory. Later starts find the tenant and
 * change nothing, so the credential is never rotated or shown again.
 */
public final class Installation {

    private Installation() {
    }

    /** The credential made on first start; only then is its secret text available. */
    public record FirstStart(TenantRow tenant, SubscriptionRow subscription, PrincipalRow administrator,
                             IssuedClientSecret secret) {
    }

    /** The home tenant: the first one created. */
    public static Optional<TenantRow> homeTenant(Directory directory) {
        return directory.tenants().stream().min(Comparator.comparingLong(TenantRow::createdAt)
                .thenComparing(TenantRow::tenantId));
    }

    public static FirstStart bootstrap(Directory directory, Subscriptions subscriptions, RoleAssignments assignments,
                                       DirectoryRoles directoryRoles) {
        TenantRow tenant = directory.createTenant("Coffer");
        SubscriptionRow subscription = subscriptions.create(tenant.tenantId(), "Coffer default subscription");
        PrincipalRow admin = directory.createServicePrincipal(tenant.tenantId(), "coffer-bootstrap-administrator");
        IssuedClientSecret secret = directory.addPassword(admin.objectId());
        directoryRoles.addMember(tenant.tenantId(), DirectoryRoles.GLOBAL_ADMINISTRATOR, admin.objectId());
        String scope = Scope.subscription(subscription.subscriptionId());
        for (String role : new String[] {"Owner", "Key Vault Administrator"}) {
            assignments.create(UUID.randomUUID().toString(), scope,
                    BuiltInRoles.byName(role).resourceId(), admin.objectId(),
                    PrincipalKind.SERVICE_PRINCIPAL.azureName(), "Bootstrap administrator", "coffer-bootstrap");
        }
        return new FirstStart(tenant, subscription, admin, secret);
    }
}
