package dev.coffer.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coffer.authz.Action;
import dev.coffer.authz.Scope;
import dev.coffer.core.Operation;
import dev.coffer.core.Target;
import dev.coffer.network.VirtualNetworks;
import dev.coffer.resources.Subscriptions;
import dev.coffer.resources.Upserted;
import dev.coffer.store.SubnetRow;
import dev.coffer.store.VirtualNetworkRow;
import dev.coffer.wire.VirtualNetworkJson;

/**
 * {@code Microsoft.Network/virtualNetworks} and their subnets on the management plane, in ARM's shape, so that
 * vault {@code virtualNetworkRules} have subnets to name (and {@code az network vnet subnet update
 * --service-endpoints Microsoft.KeyVault} works). Coffer routes no traffic: a subnet is a set of address
 * prefixes a vault rule may admit.
 */
public final class VirtualNetworkRoutes {

    private static final String GROUP_NETWORKS =
            "/subscriptions/{sub}/resourcegroups/{rg}/providers/Microsoft.Network/virtualNetworks";
    private static final String NETWORK = GROUP_NETWORKS + "/{vnet}";
    private static final String SUBNET = NETWORK + "/subnets/{subnet}";

    static final Action READ = Action.control("Microsoft.Network/virtualNetworks/read");
    static final Action WRITE = Action.control("Microsoft.Network/virtualNetworks/write");
    static final Action DELETE = Action.control("Microsoft.Network/virtualNetworks/delete");
    static final Action SUBNET_READ = Action.control("Microsoft.Network/virtualNetworks/subnets/read");
    static final Action SUBNET_WRITE = Action.control("Microsoft.Network/virtualNetworks/subnets/write");
    static final Action SUBNET_DELETE = Action.control("Microsoft.Network/virtualNetworks/subnets/delete");

    static final Operation PUT = Operation.of("VirtualNetworkPut", WRITE);
    static final Operation GET = Operation.of("VirtualNetworkGet", READ);
    static final Operation LIST = Operation.of("VirtualNetworkList", READ);
    static final Operation REMOVE = Operation.of("VirtualNetworkDelete", DELETE);
    static final Operation SUBNET_PUT = Operation.of("SubnetPut", SUBNET_WRITE);
    static final Operation SUBNET_GET = Operation.of("SubnetGet", SUBNET_READ);
    static final Operation SUBNET_LIST = Operation.of("SubnetList", SUBNET_READ);
    static final Operation SUBNET_REMOVE = Operation.of("SubnetDelete", SUBNET_DELETE);

    private final VirtualNetworks networks;
    private final Subscriptions subscriptions;

    public VirtualNetworkRoutes(VirtualNetworks networks, Subscriptions subscriptions) {
        this.networks = networks;
        this.subscriptions = subscriptions;
    }

    public void register(Router<ManagementRoute> router) {
        router.add("GET", GROUP_NETWORKS, this::listInGroup)
                .add("GET", "/subscriptions/{sub}/providers/Microsoft.Network/virtualNetworks", this::listInSubscription)
                .add("PUT", NETWORK, this::put)
                .add("GET", NETWORK, this::get)
                .add("DELETE", NETWORK, this::delete)
                .add("GET", NETWORK + "/subnets", this::listSubnets)
                .add("PUT", SUBNET, this::putSubnet)
                .add("GET", SUBNET, this::getSubnet)
                .add("DELETE", SUBNET, this::deleteSubnet);
    }

    private static void version(ManagementCall c) {
        ApiVersions.require(ApiVersions.Family.NETWORK, c.apiVersion());
    }

    private static String scope(ManagementCall c) {
        return Scope.resourceGroup(c.param("sub"), c.param("rg")) + "/providers/Microsoft.Network/virtualNetworks/"
                + c.param("vnet");
    }

    private void put(ManagementCall c) {
        version(c);
        var spec = VirtualNetworkJson.parseNetwork(Json.parseObject(c.exchange().body()));
        Upserted<VirtualNetworkRow> result = c.run(PUT, Target.of(scope(c)), () -> {
            ResourceRoutes.inCallerTenant(c, subscriptions.require(c.param("sub")));
            return networks.put(c.param("sub"), c.param("rg"), c.param("vnet"), spec, c.principal().objectId());
        });
        c.exchange().sendJson(result.created() ? 201 : 200, VirtualNetworkJson.network(result.value()));
    }

    private void get(ManagementCall c) {
        version(c);
        VirtualNetworkRow n = c.run(GET, Target.of(scope(c)),
                () -> networks.require(c.param("sub"), c.param("rg"), c.param("vnet")));
        c.exchange().sendJson(200, VirtualNetworkJson.network(n));
    }

    private void delete(ManagementCall c) {
        version(c);
        boolean existed = c.run(REMOVE, Target.of(scope(c)),
                () -> networks.delete(c.param("sub"), c.param("rg"), c.param("vnet")));
        c.exchange().sendEmpty(existed ? 200 : 204);
    }

    private void listInGroup(ManagementCall c) {
        version(c);
        var list = c.run(LIST, Target.of(Scope.resourceGroup(c.param("sub"), c.param("rg"))),
                () -> networks.list(c.param("sub"), c.param("rg")));
        c.exchange().sendJson(200, VirtualNetworkJson.list(list.stream().map(VirtualNetworkJson::network).toList()));
    }

    private void listInSubscription(ManagementCall c) {
        version(c);
        var list = c.run(LIST, Target.of(Scope.subscription(c.param("sub"))), () -> networks.list(c.param("sub"), null));
        var visible = c.dispatcher().visible(c.principal(), READ, list,
                n -> Scope.resourceGroup(n.subscriptionId(), n.resourceGroup()) + "/providers/Microsoft.Network/"
                        + "virtualNetworks/" + n.name());
        c.exchange().sendJson(200, VirtualNetworkJson.list(visible.stream().map(VirtualNetworkJson::network).toList()));
    }

    private void listSubnets(ManagementCall c) {
        version(c);
        VirtualNetworkRow n = c.run(SUBNET_LIST, Target.of(scope(c)),
                () -> networks.require(c.param("sub"), c.param("rg"), c.param("vnet")));
        c.exchange().sendJson(200, VirtualNetworkJson.list(n.subnets().stream()
                .map(s -> VirtualNetworkJson.subnet(n, s)).toList()));
    }

    private void putSubnet(ManagementCall c) {
        version(c);
        ObjectNode body = Json.parseObject(c.exchange().body());
        SubnetRow subnet = VirtualNetworkJson.parseSubnet(c.param("subnet"), body);
        Upserted<SubnetRow> result = c.run(SUBNET_PUT, Target.of(scope(c) + "/subnets/" + c.param("subnet")),
                () -> networks.putSubnet(c.param("sub"), c.param("rg"), c.param("vnet"), subnet,
                        c.principal().objectId()));
        VirtualNetworkRow n = networks.require(c.param("sub"), c.param("rg"), c.param("vnet"));
        c.exchange().sendJson(result.created() ? 201 : 200, VirtualNetworkJson.subnet(n, result.value()));
    }

    private void getSubnet(ManagementCall c) {
        version(c);
        VirtualNetworkRow n = c.run(SUBNET_GET, Target.of(scope(c) + "/subnets/" + c.param("subnet")),
                () -> networks.require(c.param("sub"), c.param("rg"), c.param("vnet")));
        SubnetRow s = n.subnets().stream().filter(x -> x.name().equalsIgnoreCase(c.param("subnet"))).findFirst()
                .orElseThrow(() -> new dev.coffer.error.NotFound("NotFound", "Resource " + scope(c) + "/subnets/"
                        + c.param("subnet") + " not found."));
        c.exchange().sendJson(200, VirtualNetworkJson.subnet(n, s));
    }

    private void deleteSubnet(ManagementCall c) {
        version(c);
        boolean existed = c.run(SUBNET_REMOVE, Target.of(scope(c) + "/subnets/" + c.param("subnet")),
                () -> networks.deleteSubnet(c.param("sub"), c.param("rg"), c.param("vnet"), c.param("subnet"),
                        c.principal().objectId()));
        c.exchange().sendEmpty(existed ? 200 : 204);
    }
}
