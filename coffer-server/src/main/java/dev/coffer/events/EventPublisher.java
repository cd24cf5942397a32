package dev.coffer.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coffer.auditlog.AuditReader;
import dev.coffer.auditlog.SecondarySink;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.function.Function;

/**
 * Turns audited operations into Event Grid events: a successful {@code SecretSet} is a
 * {@code SecretNewVersionCreated}, a successful change of a vault's access policies a
 * {@code VaultAccessPolicyChanged}. It reads the durable audit log through its own cursor (as the audit sinks
 * do), so an event exists exactly when its operation was committed and audited, and survives any restart; each
 * event is queued in the outbox once per matching subscription before the cursor moves on.
 */
final class EventPublisher implements SecondarySink {

    private final EventSubscriptions subscriptions;
    private final EventOutbox outbox;
    private final Function<String, String> vaultUrl;
    private final Clock clock;

    @Override
    public boolean hasAudience() {
        return subscriptions.any();
    }

    EventPublisher(EventSubscriptions subscriptions, EventOutbox outbox, Function<String, String> vaultUrl,
                   Clock clock) {
        this.subscriptions = subscriptions;
        this.outbox = outbox;
        this.vaultUrl = vaultUrl;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "events";
    }

    @Override
    public void deliver(List<AuditReader.LogicalEvent> events) throws IOException {
        for (AuditReader.LogicalEvent e : events) {
            ObjectNode cloudEvent = toEvent(e);
            if (cloudEvent == null) {
                continue;
            }
            String vault = cloudEvent.at("/data/VaultName").asText();
            for (EventSubscription s : subscriptions.ofVault(vault)) {
                if (s.wants(cloudEvent.get("type").asText())) {
                    outbox.add(s.name(), s.endpointUrl(), cloudEvent, clock.instant());
                }
            }
        }
    }

    private ObjectNode toEvent(AuditReader.LogicalEvent e) {
        JsonNode j = e.json();
        if (!"Success".equals(j.path("resultType").asText())) {
            return null;
        }
        String operation = j.path("operationName").asText();
        String resource = j.path("resourceId").asText();
        String vault = j.path("properties").path("vaultName").asText(null);
        String time = j.path("time").asText();
        int at = resource.toLowerCase(java.util.Locale.ROOT).indexOf("/providers/microsoft.keyvault/vaults/");
        if (at < 0) {
            return null;
        }
        String afterVaults = resource.substring(at + "/providers/microsoft.keyvault/vaults/".length());
        String vaultName = vault != null ? vault : afterVaults.split("/")[0];
        String vaultScope = resource.substring(0, at) + "/providers/Microsoft.KeyVault/vaults/" + vaultName;
        switch (operation) {
            case "SecretSet" -> {
                String id = j.path("properties").path("id").asText("");
                int v = id.indexOf("/versions/");
                String[] parts = afterVaults.split("/");
                if (parts.length < 3) {
                    return null;
                }
                return CloudEvents.objectEvent(CloudEvents.id("audit", Long.toString(e.seq()),
                                CloudEvents.SECRET_NEW_VERSION), CloudEvents.SECRET_NEW_VERSION, vaultScope,
                        vaultUrl.apply(vaultName), vaultName, "Secret", parts[2], v < 0 ? null
                                : id.substring(v + "/versions/".length()), null, null, time);
            }
            case "VaultAccessPolicyUpdate", "VaultPut", "VaultPatch" -> {
                return CloudEvents.vaultEvent(CloudEvents.id("audit", Long.toString(e.seq()),
                        CloudEvents.ACCESS_POLICY_CHANGED), CloudEvents.ACCESS_POLICY_CHANGED, vaultScope, vaultName, time);
            }
            default -> {
                return null;
            }
        }
    }
}
