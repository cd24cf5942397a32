package dev.coffer.observability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coffer.auditlog.AuditFile;
import dev.coffer.auditlog.AuditReader;
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
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads a vault's audit events on the management plane:
 * {@code GET …/providers/Microsoft.KeyVault/vaults/{vault}/auditEvents?api-version=…} with optional
 * {@code from}, {@code to} (ISO-8601 instants), {@code operationName}, {@code caller} (object id, app id or UPN),
 * {@code resultType}, {@code $top} (at most 1000) and {@code $skiptoken}.
 *
 * <p>It is authorized by its own control-plane action, {@value #ACTION_NAME}. It ends in {@code /action}, not
 * {@code /read}, so the readers' {@code *}/{@code read} patterns (Reader, Key Vault Reader, Key Vault
 * Administrator's control actions) do not grant it, and being a control action, no data action (Key Vault
 * Administrator's {@code Microsoft.KeyVault/vaults/*}) does either: reading secrets never implies reading who
 * read them. Owner, Contributor and Key Vault Contributor hold it through their wildcards.
 */
public final class AuditEventRoutes {

    public static final String ACTION_NAME = "Microsoft.KeyVault/vaults/auditEvents/query/action";
    static final Operation QUERY = Operation.of("VaultAuditEventsQuery", Action.control(ACTION_NAME));
    private static final String PATH = "/subscriptions/{sub}/resourcegroups/{rg}/providers/Microsoft.KeyVault/vaults"
            + "/{vault}/auditEvents";

    private final Vaults vaults;
    private final AuditFile log;

    public AuditEventRoutes(Vaults vaults, AuditFile log) {
        this.vaults = vaults;
        this.log = log;
    }

    public void register(Router<ManagementRoute> router) {
        router.add("GET", PATH, this::query);
    }

    private void query(ManagementCall c) {
        String scope = Scope.vault(c.param("sub"), c.param("rg"), c.param("vault"));
        Instant from = instant(c, "from", Instant.MIN);
        Instant to = instant(c, "to", Instant.MAX);
        String operation = c.exchange().query("operationName");
        String caller = c.exchange().query("caller");
        String result = c.exchange().query("resultType");
        int top = integer(c, "$top", 100, 1, 1000);
        long after = integer(c, "$skiptoken", 0, 0, Integer.MAX_VALUE);
        List<JsonNode> page = c.run(QUERY, Target.of(scope), () -> {
            if (vaults.find(c.param("sub"), c.param("rg"), c.param("vault")).isEmpty()) {
                throw new NotFound("ResourceNotFound", "The Resource 'Microsoft.KeyVault/vaults/" + c.param("vault")
                        + "' under resource group '" + c.param("rg") + "' was not found.");
            }
            String prefix = scope.toLowerCase(Locale.ROOT);
            List<JsonNode> found = new ArrayList<>();
            try {
                AuditReader.scan(log.directory(), 0, log.durableSeq(), e -> {
                    JsonNode j = e.json();
                    String resource = j.path("resourceId").asText("").toLowerCase(Locale.ROOT);
                    if (!(resource.equals(prefix) || resource.startsWith(prefix + "/")) || e.seq() <= after) {
                        return;
                    }
                    Instant time = Instant.parse(j.path("time").asText());
                    JsonNode claim = j.path("identity").path("claim");
                    if (time.isBefore(from) || time.isAfter(to)
                            || (operation != null && !operation.equalsIgnoreCase(j.path("operationName").asText()))
                            || (result != null && !result.equalsIgnoreCase(j.path("resultType").asText()))
                            || (caller != null && !caller.equalsIgnoreCase(claim.path("oid").asText())
                            && !caller.equalsIgnoreCase(claim.path("appid").asText())
                            && !caller.equalsIgnoreCase(claim.path("upn").asText()))) {
                        return;
                    }
                    found.add(j);
                });
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            found.sort(java.util.Comparator.comparingLong(j -> j.path("properties").path("sequenceNumber").asLong()));
            return found.size() > top + 1 ? new ArrayList<>(found.subList(0, top + 1)) : found;
        });
        ObjectNode body = Json.object();
        ArrayNode value = body.putArray("value");
        page.stream().limit(top).forEach(value::add);
        if (page.size() > top) {
            long last = page.get(top - 1).path("properties").path("sequenceNumber").asLong();
            body.put("nextLink", c.exchange().baseUrl() + c.exchange().path() + "?api-version=" + c.apiVersion()
                    + "&$top=" + top + "&$skiptoken=" + last + carry(c, "from") + carry(c, "to")
                    + carry(c, "operationName") + carry(c, "caller") + carry(c, "resultType"));
        }
        c.exchange().sendJson(200, body);
    }

    private static String carry(ManagementCall c, String name) {
        String v = c.exchange().query(name);
        return v == null ? "" : "&" + name + "=" + java.net.URLEncoder.encode(v, java.nio.charset.StandardCharsets.UTF_8);
    }

    private static Instant instant(ManagementCall c, String name, Instant fallback) {
        String v = c.exchange().query(name);
        try {
            return v == null ? fallback : Instant.parse(v);
        } catch (DateTimeParseException e) {
            throw new BadRequest("InvalidParameter", "'" + name + "' must be an ISO-8601 instant such as "
                    + "2026-01-01T00:00:00Z.");
        }
    }

    private static int integer(ManagementCall c, String name, int fallback, int min, int max) {
        String v = c.exchange().query(name);
        try {
            int n = v == null ? fallback : Integer.parseInt(v);
            if (n < min || n > max) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new BadRequest("InvalidParameter", "'" + name + "' must be a number from " + min + " to " + max + ".");
        }
    }
}
