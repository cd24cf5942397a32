package dev.coffer.graph;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coffer.authz.Action;
import dev.coffer.authz.TenantPolicy;
import dev.coffer.core.Operation;
import dev.coffer.core.Target;
import dev.coffer.directory.Directory;
import dev.coffer.error.BadRequest;
import dev.coffer.http.Fields;
import dev.coffer.http.Json;
import dev.coffer.http.ManagementCall;
import dev.coffer.http.ManagementRoute;
import dev.coffer.http.Router;
import java.util.List;
import java.util.Map;

/**
 * {@code /v1.0/policies/cofferTenantPolicy}: the tenant's policy switches (Coffer's own resource, in Graph's
 * style): {@code forbidSelfGrant} and {@code requireMfaForManagement}. Reading is open to the tenant; changing
 * needs a directory role that may write policies (Global Administrator).
 */
public final class TenantPolicyRoutes {

    static final String PATH = "/v1.0/policies/cofferTenantPolicy";
    static final List<String> SWITCHES = List.of(TenantPolicy.FORBID_SELF_GRANT, "requireMfaForManagement");
    private static final Action WRITE = Action.control("microsoft.directory/policies/write");

    private final Directory directory;

    public TenantPolicyRoutes(Directory directory) {
        this.directory = directory;
    }

    public void register(Router<ManagementRoute> router) {
        router.add("GET", PATH, this::get).add("PATCH", PATH, this::patch);
    }

    private ObjectNode render(String tenantId) {
        Map<String, String> settings = directory.settings(tenantId);
        ObjectNode n = Json.object();
        n.put("id", "cofferTenantPolicy");
        for (String name : SWITCHES) {
            n.put(name, "true".equalsIgnoreCase(settings.get(name)));
        }
        return n;
    }

    private void get(ManagementCall c) {
        String tenant = c.principal().tenantId();
        ObjectNode body = c.run(Operation.publicOperation("TenantPolicyGet"), Target.of("/tenants/" + tenant),
                () -> render(tenant));
        c.exchange().sendJson(200, body);
    }

    private void patch(ManagementCall c) {
        String tenant = c.principal().tenantId();
        ObjectNode body = Json.parseObject(c.exchange().body());
        for (String field : (Iterable<String>) body::fieldNames) {
            if (!SWITCHES.contains(field)) {
                throw new BadRequest("Request_BadRequest", "Unknown policy property '" + field + "'.");
            }
        }
        c.run(Operation.of("TenantPolicyUpdate", WRITE).withSuccessStatus(204), Target.of("/tenants/" + tenant), () -> {
            for (String name : SWITCHES) {
                Boolean value = Fields.ARM.bool(body, name);
                if (value != null) {
                    directory.setSetting(tenant, name, value.toString());
                }
            }
            return null;
        });
        c.exchange().sendEmpty(204);
    }
}
