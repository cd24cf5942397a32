package dev.coffer.graph;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coffer.authz.Action;
import dev.coffer.core.Operation;
import dev.coffer.core.Target;
import dev.coffer.http.Fields;
import dev.coffer.http.Json;
import dev.coffer.http.ManagementCall;
import dev.coffer.http.ManagementRoute;
import dev.coffer.http.Router;
import dev.coffer.identity.FederatedIssuer;
import dev.coffer.identity.FederatedIssuers;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /v1.0/cofferFederatedIssuers}: the external OpenID Connect issuers the caller's tenant trusts
 * (Coffer's own resource, in Graph's style). {@code POST} with {@code issuer}, {@code audience} and optionally
 * {@code objectIdClaim} (default {@code sub}), {@code groupsClaim} (default {@code groups}) and
 * {@code groupMapping} ({@code {"external group": "Coffer group object id"}}); {@code GET} lists,
 * {@code DELETE /{id}} ends the trust. Changing needs a directory role (Global Administrator).
 */
public final class FederatedIssuerRoutes {

    private static final String PATH = "/v1.0/cofferFederatedIssuers";
    private static final Action WRITE = Action.control("microsoft.directory/identityProviders/write");

    private final FederatedIssuers issuers;

    public FederatedIssuerRoutes(FederatedIssuers issuers) {
        this.issuers = issuers;
    }

    public void register(Router<ManagementRoute> router) {
        router.add("GET", PATH, this::list).add("POST", PATH, this::create).add("DELETE", PATH + "/{id}", this::remove);
    }

    private static Target scope(ManagementCall c) {
        return Target.of("/tenants/" + c.principal().tenantId());
    }

    private static ObjectNode render(FederatedIssuer f) {
        ObjectNode n = Json.object();
        n.put("id", f.id());
        n.put("issuer", f.issuer());
        n.put("jwksUri", f.jwksUri());
        n.put("audience", f.audience());
        n.put("objectIdClaim", f.objectIdClaim());
        n.put("groupsClaim", f.groupsClaim());
        ObjectNode mapping = n.putObject("groupMapping");
        f.groupMapping().forEach(mapping::put);
        return n;
    }

    private void list(ManagementCall c) {
        List<FederatedIssuer> all = c.run(Operation.publicOperation("FederatedIssuerList"), scope(c),
                () -> issuers.list(c.principal().tenantId()));
        ArrayNode items = Json.MAPPER.createArrayNode();
        all.forEach(f -> items.add(render(f)));
        ObjectNode body = Json.object();
        body.set("value", items);
        c.exchange().sendJson(200, body);
    }

    private void create(ManagementCall c) {
        ObjectNode body = Json.parseObject(c.exchange().body());
        Map<String, String> mapping = new LinkedHashMap<>();
        JsonNode given = body.get("groupMapping");
        if (given != null && given.isObject()) {
            given.fields().forEachRemaining(e -> mapping.put(e.getKey(), e.getValue().asText()));
        }
        FederatedIssuer created = c.run(Operation.of("FederatedIssuerCreate", WRITE).withSuccessStatus(201), scope(c),
                () -> issuers.register(c.principal().tenantId(), Fields.ARM.string(body, "issuer"),
                        Fields.ARM.string(body, "audience"), Fields.ARM.string(body, "objectIdClaim"),
                        Fields.ARM.string(body, "groupsClaim"), mapping));
        c.exchange().sendJson(201, render(created));
    }

    private void remove(ManagementCall c) {
        c.run(Operation.of("FederatedIssuerDelete", WRITE).withSuccessStatus(204), scope(c), () -> {
            issuers.remove(c.principal().tenantId(), c.param("id"));
            return null;
        });
        c.exchange().sendEmpty(204);
    }
}
