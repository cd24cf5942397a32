package dev.coffer.graph;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coffer.authz.Action;
import dev.coffer.core.Operation;
import dev.coffer.core.Target;
import dev.coffer.error.Forbidden;
import dev.coffer.error.NotFound;
import dev.coffer.http.Json;
import dev.coffer.http.ManagementCall;
import dev.coffer.http.ManagementRoute;
import dev.coffer.http.Router;
import dev.coffer.identity.SigningKeys;
import java.time.Instant;

/**
 * The installation's token-signing keys (Coffer's own resource, in Graph's style), for administrators of the
 * home tenant who hold a directory role that may write policies (Global Administrator):
 * {@code GET /v1.0/cofferSigningKeys} lists them (never a private part), {@code POST …/rotate} makes a new key
 * sign from now on (the old one keeps validating until its tokens expired), {@code DELETE …/{kid}} removes a
 * key at once: every token it signed fails on its next use.
 */
public final class SigningKeyRoutes {

    private static final String PATH = "/v1.0/cofferSigningKeys";
    private static final Action WRITE = Action.control("microsoft.directory/policies/write");

    private final SigningKeys keys;
    private final String homeTenantId;

    public SigningKeyRoutes(SigningKeys keys, String homeTenantId) {
        this.keys = keys;
        this.homeTenantId = homeTenantId;
    }

    public void register(Router<ManagementRoute> router) {
        router.add("GET", PATH, this::list)
                .add("POST", PATH + "/rotate", this::rotate)
                .add("DELETE", PATH + "/{kid}", this::remove);
    }

    private Target scope(ManagementCall c) {
        if (!c.principal().tenantId().equalsIgnoreCase(homeTenantId)) {
            throw new Forbidden("Authorization_RequestDenied", "Only the home tenant manages the signing keys.");
        }
        return Target.of("/tenants/" + c.principal().tenantId());
    }

    private void list(ManagementCall c) {
        var listed = c.run(Operation.of("SigningKeyList", WRITE), scope(c), keys::list);
        ArrayNode items = Json.MAPPER.createArrayNode();
        for (SigningKeys.KeyInfo k : listed) {
            ObjectNode n = items.addObject();
            n.put("kid", k.keyId());
            n.put("activatesDateTime", Instant.ofEpochSecond(k.activatesAt()).toString());
            n.put("retiresDateTime", Instant.ofEpochSecond(k.retireAt()).toString());
            n.put("removedDateTime", Instant.ofEpochSecond(k.removeAt()).toString());
            n.put("signing", k.signing());
        }
        ObjectNode body = Json.object();
        body.set("value", items);
        c.exchange().sendJson(200, body);
    }

    private void rotate(ManagementCall c) {
        c.run(Operation.of("SigningKeyRotate", WRITE).withSuccessStatus(204), scope(c), () -> {
            keys.rotate();
            return null;
        });
        c.exchange().sendEmpty(204);
    }

    private void remove(ManagementCall c) {
        c.run(Operation.of("SigningKeyRemove", WRITE).withSuccessStatus(204), scope(c), () -> {
            if (!keys.remove(c.param("kid"))) {
                throw new NotFound("Request_ResourceNotFound", "No published signing key with that kid.");
            }
            return null;
        });
        c.exchange().sendEmpty(204);
    }
}
