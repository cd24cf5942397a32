package dev.coffer.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coffer.authz.Action;
import dev.coffer.authz.Scope;
import dev.coffer.core.Operation;
import dev.coffer.core.Target;
import dev.coffer.error.BadRequest;
import dev.coffer.error.NotFound;
import dev.coffer.http.Json;
import dev.coffer.http.ManagementCall;
import dev.coffer.http.ManagementRoute;
import dev.coffer.http.Router;
import dev.coffer.resources.Vaults;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Event Grid's {@code eventSubscriptions} as an extension resource of a vault, on the management plane. A PUT
 * first runs the CloudEvents webhook validation handshake (an {@code OPTIONS} request carrying
 * {@code WebHook-Request-Origin}, answered with a matching {@code WebHook-Allowed-Origin}); only a subscription
 * whose endpoint passed it is created, and only such subscriptions get events.
 */
public final class EventSubscriptionRoutes {

    static final Operation PUT = Operation.of("EventSubscriptionPut",
            Action.control("Microsoft.EventGrid/eventSubscriptions/write"));
    static final Operation GET = Operation.of("EventSubscriptionGet",
            Action.control("Microsoft.EventGrid/eventSubscriptions/read"));
    static final Operation DELETE = Operation.of("EventSubscriptionDelete",
            Action.control("Microsoft.EventGrid/eventSubscriptions/delete"));
    private static final String BASE = "/subscriptions/{sub}/resourcegroups/{rg}/providers/Microsoft.KeyVault/vaults/"
            + "{vault}/providers/Microsoft.EventGrid/eventSubscriptions";

    private final Vaults vaults;
    private final EventSubscriptions subscriptions;
    private final HttpClient http;
    private final String origin;

    EventSubscriptionRoutes(Vaults vaults, EventSubscriptions subscriptions, HttpClient http, String origin) {
        this.vaults = vaults;
        this.subscriptions = subscriptions;
        this.http = http;
        this.origin = origin;
    }

    public void register(Router<ManagementRoute> router) {
        router.add("PUT", BASE + "/{name}", this::put)
                .add("GET", BASE + "/{name}", this::get)
                .add("DELETE", BASE + "/{name}", this::delete)
                .add("GET", BASE, this::list);
    }

    private static String vaultScope(ManagementCall c) {
        return Scope.vault(c.param("sub"), c.param("rg"), c.param("vault"));
    }

    private static String id(ManagementCall c, String name) {
        return vaultScope(c) + "/providers/Microsoft.EventGrid/eventSubscriptions/" + name;
    }

    private void requireVault(ManagementCall c) {
        if (vaults.find(c.param("sub"), c.param("rg"), c.param("vault")).isEmpty()) {
            throw new NotFound("ResourceNotFound", "The vault '" + c.param("vault") + "' was not found.");
        }
    }

    private void put(ManagementCall c) {
        JsonNode body = Json.parseObject(c.exchange().body());
        JsonNode dest = body.path("properties").path("destination");
        String endpoint = dest.path("properties").path("endpointUrl").asText(null);
        if (!"WebHook".equalsIgnoreCase(dest.path("endpointType").asText("WebHook")) || endpoint == null
                || !(endpoint.startsWith("https://") || endpoint.startsWith("http://"))) {
            throw new BadRequest("InvalidRequest", "destination must be a WebHook with an http(s) endpointUrl.");
        }
        List<String> types = new ArrayList<>();
        body.path("properties").path("filter").path("includedEventTypes").forEach(t -> types.add(t.asText()));
        String name = c.param("name");
        EventSubscription created = c.run(PUT, Target.of(id(c, name)), () -> {
            requireVault(c);
            if (!handshake(endpoint)) {
                throw new BadRequest("InvalidRequest", "Webhook validation handshake failed for " + base(endpoint)
                        + ": it must answer OPTIONS with WebHook-Allowed-Origin: " + origin + " (or *).");
            }
            EventSubscription s = new EventSubscription(name, c.param("vault"), vaultScope(c), endpoint, types,
                    "Succeeded");
            subscriptions.put(s);
            return s;
        });
        c.exchange().sendJson(201, json(c, created));
    }

    /** CloudEvents 1.0 webhook abuse protection: the endpoint must agree to receive our events. */
    private boolean handshake(String endpoint) {
        try {
            HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(endpoint)).timeout(Duration.ofSeconds(10))
                    .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).header("WebHook-Request-Origin", origin)
                    .build(), HttpResponse.BodyHandlers.discarding());
            String allowed = r.headers().firstValue("WebHook-Allowed-Origin").orElse("");
            return r.statusCode() / 100 == 2 && (allowed.equals("*") || allowed.equalsIgnoreCase(origin));
        } catch (java.io.IOException | IllegalArgumentException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void get(ManagementCall c) {
        EventSubscription s = c.run(GET, Target.of(id(c, c.param("name"))), () -> {
            requireVault(c);
            return subscriptions.get(c.param("vault"), c.param("name")).orElseThrow(() -> new NotFound(
                    "ResourceNotFound", "The event subscription '" + c.param("name") + "' was not found."));
        });
        c.exchange().sendJson(200, json(c, s));
    }

    private void list(ManagementCall c) {
        List<EventSubscription> all = c.run(GET, Target.of(vaultScope(c)), () -> {
            requireVault(c);
            return subscriptions.ofVault(c.param("vault"));
        });
        ObjectNode body = Json.object();
        com.fasterxml.jackson.databind.node.ArrayNode value = body.putArray("value");
        all.forEach(s -> value.add(json(c, s)));
        c.exchange().sendJson(200, body);
    }

    private void delete(ManagementCall c) {
        boolean removed = c.run(DELETE, Target.of(id(c, c.param("name"))), () -> {
            requireVault(c);
            return subscriptions.delete(c.param("vault"), c.param("name"));
        });
        c.exchange().sendEmpty(removed ? 200 : 204);
    }

    private static ObjectNode json(ManagementCall c, EventSubscription s) {
        ObjectNode n = Json.object();
        n.put("id", id(c, s.name()));
        n.put("name", s.name());
        n.put("type", "Microsoft.EventGrid/eventSubscriptions");
        ObjectNode p = n.putObject("properties");
        p.put("topic", s.vaultScope());
        p.put("provisioningState", s.provisioningState());
        p.put("eventDeliverySchema", "CloudEventSchemaV1_0");
        ObjectNode d = p.putObject("destination");
        d.put("endpointType", "WebHook");
        // Like Azure, never echo the full URL: its query string may carry a key.
        d.putObject("properties").put("endpointBaseUrl", base(s.endpointUrl()));
        s.includedEventTypes().forEach(p.putObject("filter").putArray("includedEventTypes")::add);
        return n;
    }

    private static String base(String url) {
        int q = url.indexOf('?');
        return q < 0 ? url : url.substring(0, q);
    }
}
