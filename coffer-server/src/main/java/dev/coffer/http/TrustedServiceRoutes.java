package dev.coffer.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coffer.authz.Action;
import dev.coffer.core.Operation;
import dev.coffer.core.Target;
import dev.coffer.error.BadRequest;
import dev.coffer.network.TrustedServices;
import java.util.List;

/**
 * {@code /v1.0/policies/cofferTrustedServices} (Coffer's own resource, in the style of the tenant policy next to
 * it): the tenant's service principals, by application or object id, that pass vault network rules when a
 * vault's {@code bypass} is {@code AzureServices} — Coffer's stand-in for Azure's "trusted Microsoft services".
 * Reading is open to the tenant; changing needs a directory role that may write policies (Global
 * Administrator).
 */
public final class TrustedServiceRoutes {

    static final String PATH = "/v1.0/policies/cofferTrustedServices";
    private static final Action WRITE = Action.control("microsoft.directory/policies/write");

    private final TrustedServices trusted;

    public TrustedServiceRoutes(TrustedServices trusted) {
        this.trusted = trusted;
    }

    public void register(Router<ManagementRoute> router) {
        router.add("GET", PATH, this::get).add("PATCH", PATH, this::update).add("PUT", PATH, this::update);
    }

    private ObjectNode render(String tenantId) {
        ObjectNode n = Json.object();
        n.put("id", "cofferTrustedServices");
        ArrayNode ids = n.putArray("servicePrincipals");
        trusted.of(tenantId).stream().sorted().forEach(ids::add);
        return n;
    }

    private void get(ManagementCall c) {
        String tenant = c.principal().tenantId();
        ObjectNode body = c.run(Operation.publicOperation("TrustedServicesGet"), Target.of("/tenants/" + tenant),
                () -> render(tenant));
        c.exchange().sendJson(200, body);
    }

    private void update(ManagementCall c) {
        String tenant = c.principal().tenantId();
        ObjectNode body = Json.parseObject(c.exchange().body());
        for (String field : (Iterable<String>) body::fieldNames) {
            if (!field.equals("servicePrincipals") && !field.equals("id")) {
                throw new BadRequest("Request_BadRequest", "Unknown property '" + field + "'.");
            }
        }
        List<String> ids = Fields.ARM.strings(body, "servicePrincipals");
        if (ids == null) {
            throw new BadRequest("Request_BadRequest", "'servicePrincipals' (a list of application or object ids) "
                    + "is required.");
        }
        ObjectNode out = c.run(Operation.of("TrustedServicesUpdate", WRITE), Target.of("/tenants/" + tenant), () -> {
            trusted.set(tenant, ids);
            return render(tenant);
        });
        c.exchange().sendJson(200, out);
    }
}
