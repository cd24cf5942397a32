package dev.coffer.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coffer.error.BadRequest;
import dev.coffer.http.Fields;
import dev.coffer.http.Json;
import dev.coffer.keys.KeyRotationPolicy;
import dev.coffer.keys.LifetimeAction;
import java.util.ArrayList;
import java.util.List;

/** KeyRotationPolicy on the wire: {@code id, lifetimeActions[{trigger, action}], attributes{expiryTime, …}}. */
public final class KeyRotationJson {

    private static final Fields F = Fields.DATA;

    /** A parsed PUT body: null actions mean none were given. */
    public record Update(List<LifetimeAction> lifetimeActions, String expiryTime) {
    }

    private KeyRotationJson() {
    }

    public static Update parse(ObjectNode body) {
        List<JsonNode> actions = F.array(body, "lifetimeActions");
        List<LifetimeAction> parsed = null;
        if (actions != null) {
            parsed = new ArrayList<>();
            for (JsonNode a : actions) {
                if (!a.isObject()) {
                    throw new BadRequest("BadParameter", "Each lifetime action must be an object.");
                }
                ObjectNode trigger = F.object(a, "trigger");
                ObjectNode action = F.object(a, "action");
                if (trigger == null || action == null || F.string(action, "type") == null) {
                    throw new BadRequest("BadParameter", "Each lifetime action needs a 'trigger' and an 'action' "
                            + "with a 'type'.");
                }
                parsed.add(new LifetimeAction(LifetimeAction.Type.of(F.string(action, "type")),
                        F.string(trigger, "timeAfterCreate"), F.string(trigger, "timeBeforeExpiry")));
            }
        }
        return new Update(parsed, F.string(F.object(body, "attributes"), "expiryTime"));
    }

    public static ObjectNode policy(String vaultUrl, KeyRotationPolicy p) {
        ObjectNode node = Json.object();
        node.put("id", vaultUrl + "/keys/" + p.keyName() + "/rotationpolicy");
        ArrayNode actions = node.putArray("lifetimeActions");
        for (LifetimeAction a : p.lifetimeActions()) {
            ObjectNode item = actions.addObject();
            ObjectNode trigger = item.putObject("trigger");
            if (a.timeAfterCreate() != null) {
                trigger.put("timeAfterCreate", a.timeAfterCreate());
            }
            if (a.timeBeforeExpiry() != null) {
                trigger.put("timeBeforeExpiry", a.timeBeforeExpiry());
            }
            item.putObject("action").put("type", a.type().wireName());
        }
        ObjectNode attributes = node.putObject("attributes");
        if (p.expiryTime() != null) {
            attributes.put("expiryTime", p.expiryTime());
        }
        if (p.created() != null) {
            attributes.put("created", p.created());
            attributes.put("updated", p.updated());
        }
        return node;
    }
}
