package dev.coffer.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coffer.authz.Actions;
import dev.coffer.authz.Scope;
import dev.coffer.core.Operation;
import dev.coffer.core.Target;
import dev.coffer.resources.ResourceGroups;
import dev.coffer.resources.Subscriptions;
import dev.coffer.resources.Upserted;
import dev.coffer.store.ResourceGroupRow;
import dev.coffer.store.SubscriptionRow;
import dev.coffer.wire.ArmJson;
import java.util.List;

/** Subscriptions, tenants and resource groups (Microsoft.Resources). */
public final class ResourceRoutes {

    // Listing is open to every signed-in caller; each subscription is then shown only to those who may read it.
    static final Operation SUBSCRIPTION_LIST = Operation.publicOperation("SubscriptionList");
    static final Operation SUBSCRIPTION_GET = Operation.of("SubscriptionGet", Actions.SUBSCRIPTIONS_READ);
    static final Operation RG_PUT = Operation.of("ResourceGroupPut", Actions.RESOURCE_GROUPS_WRITE);
    static final Operation RG_GET = Operation.of("ResourceGroupGet", Actions.RESOURCE_GROUPS_READ);
    static final Operation RG_LIST = Operation.of("ResourceGroupList", Actions.RESOURCE_GROUPS_READ);
    static final Operation RG_DELETE = Operation.of("ResourceGroupDelete", Actions.RESOURCE_GROUPS_DELETE);

    private final Subscriptions subscriptions;
    private final ResourceGroups groups;

    public ResourceRoutes(Subscriptions subscriptions, ResourceGroups groups) {
        this.subscriptions = subscriptions;
        this.groups = groups;
    }

    public void register(Router<ManagementRoute> router) {
        router.add("GET", "/subscriptions", this::listSubscriptions)
                .add("GET", "/subscriptions/{sub}", this::getSubscription)
                .add("GET", "/tenants", this::listTenants)
                .add("GET", "/subscriptions/{sub}/resourcegroups", this::listGroups)
                .add("PUT", "/subscriptions/{sub}/resourcegroups/{rg}", this::putGroup)
                .add("PATCH", "/subscriptions/{sub}/resourcegroups/{rg}", this::putGroup)
                .add("GET", "/subscriptions/{sub}/resourcegroups/{rg}", this::getGroup)
                .add("HEAD", "/subscriptions/{sub}/resourcegroups/{rg}", this::headGroup)
                .add("DELETE", "/subscriptions/{sub}/resourcegroups/{rg}", this::deleteGroup);
    }

    private static void resourcesVersion(ManagementCall c) {
        ApiVersions.require(ApiVersions.Family.RESOURCES, c.apiVersion());
    }

    private void listSubscriptions(ManagementCall c) {
        resourcesVersion(c);
        String tenant = c.principal().tenantId();
        List<SubscriptionRow> visible = c.run(SUBSCRIPTION_LIST, Target.of("/"), () -> c.dispatcher().visible(
                c.principal(), Actions.SUBSCRIPTIONS_READ, subscriptions.inTenant(tenant),
                s -> Scope.subscription(s.subscriptionId())));
        ArrayNode items = Json.MAPPER.createArrayNode();
        visible.forEach(s -> items.add(ArmJson.subscription(s)));
        c.exchange().sendJson(200, ArmJson.list(items));
    }

    private void getSubscription(ManagementCall c) {
        resourcesVersion(c);
        SubscriptionRow s = c.run(SUBSCRIPTION_GET, Target.of(Scope.subscription(c.param("sub"))),
                () -> inCallerTenant(c, subscriptions.require(c.param("sub"))));
        c.exchange().sendJson(200, ArmJson.subscription(s));
    }

    private void listTenants(ManagementCall c) {
        resourcesVersion(c);
        ArrayNode items = Json.MAPPER.createArrayNode();
        ObjectNode t = items.addObject();
        t.put("id", "/tenants/" + c.principal().tenantId());
        t.put("tenantId", c.principal().tenantId());
        t.put("tenantCategory", "Home");
        c.exchange().sendJson(200, ArmJson.list(items));
    }

    private void listGroups(ManagementCall c) {
        resourcesVersion(c);
        String sub = c.param("sub");
        List<ResourceGroupRow> list = c.run(RG_LIST, Target.of(Scope.subscription(sub)), () -> {
            inCallerTenant(c, subscriptions.require(sub));
            return groups.list(sub);
        });
        ArrayNode items = Json.MAPPER.createArrayNode();
        list.forEach(g -> items.add(ArmJson.resourceGroup(g)));
        c.exchange().sendJson(200, ArmJson.list(items));
    }

    private void putGroup(ManagementCall c) {
        resourcesVersion(c);
        String sub = c.param("sub");
        String rg = c.param("rg");
        Upserted<ResourceGroupRow> result = c.run(RG_PUT, Target.of(Scope.resourceGroup(sub, rg)), () -> {
            inCallerTenant(c, subscriptions.require(sub));
            ObjectNode body = Json.parseObject(c.exchange().body());
            String location = Fields.ARM.string(body, "location");
            if (location == null && "PATCH".equals(c.exchange().method())) {
                location = groups.require(sub, rg).location();
            }
            return groups.createOrUpdate(sub, rg, location, Fields.ARM.stringMap(body, "tags"));
        });
        c.exchange().sendJson(result.created() ? 201 : 200, ArmJson.resourceGroup(result.value()));
    }

    private void getGroup(ManagementCall c) {
        resourcesVersion(c);
        String sub = c.param("sub");
        ResourceGroupRow g = c.run(RG_GET, Target.of(Scope.resourceGroup(sub, c.param("rg"))), () -> {
            inCallerTenant(c, subscriptions.require(sub));
            return groups.require(sub, c.param("rg"));
        });
        c.exchange().sendJson(200, ArmJson.resourceGroup(g));
    }

    private void headGroup(ManagementCall c) {
        resourcesVersion(c);
        String sub = c.param("sub");
        boolean exists = c.run(RG_GET, Target.of(Scope.resourceGroup(sub, c.param("rg"))),
                () -> groups.list(sub).stream().anyMatch(g -> g.name().equalsIgnoreCase(c.param("rg"))));
        c.exchange().sendEmpty(exists ? 204 : 404);
    }

    private void deleteGroup(ManagementCall c) {
        resourcesVersion(c);
        String sub = c.param("sub");
        c.run(RG_DELETE, Target.of(Scope.resourceGroup(sub, c.param("rg"))), () -> {
            inCallerTenant(c, subscriptions.require(sub));
            groups.delete(sub, c.param("rg"));
            return null;
        });
        c.exchange().sendEmpty(200);
    }

    /** A subscription of another tenant is invisible to the caller, as if it did not exist. */
    static SubscriptionRow inCallerTenant(ManagementCall c, SubscriptionRow s) {
        if (!s.tenantId().equalsIgnoreCase(c.principal().tenantId())) {
            throw new dev.coffer.error.NotFound("SubscriptionNotFound",
                    "The subscription '" + s.subscriptionId() + "' could not be found.");
        }
        return s;
    }
}
