package dev.coffer.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coffer.auditlog.AuditReader;
import dev.coffer.auditlog.SecondarySink;
import dev.coffer.store.ObjectKind;
import dev.coffer.store.ObjectVersionRow;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * Turns audited operations into Event Grid events: a successful {@code SecretSet} is a
 * {@code SecretNewVersionCreated}; a successful {@code KeyCreate}, {@code KeyImport}, {@code KeyRotate} or
 * {@code KeyRotateByPolicy} a {@code KeyNewVersionCreated}; a rotation policy's Notify action
 * ({@code KeyNearExpiryNotify}) a {@code KeyNearExpiry}; a change of a vault's access policies (the access
 * policy endpoint, or a vault PUT/PATCH the vault engine found to alter them) a {@code VaultAccessPolicyChanged}.
 * It reads the durable audit log through its own cursor (as the audit sinks do), so an event exists exactly
 * when its operation was committed and audited, and survives any restart; each event is queued in the outbox
 * once per matching subscription before the cursor moves on.
 */
final class EventPublisher implements SecondarySink {

    /** A version's row, for the NBF and EXP the audit record does not carry; empty once it is gone. */
    interface Versions {
        Optional<ObjectVersionRow> find(String vaultName, ObjectKind kind, String name, String version);
    }

    private final EventSubscriptions subscriptions;
    private final EventOutbox outbox;
    private final Function<String, String> vaultUrl;
    private final Versions versions;
    private final Clock clock;

    @Override
    public boolean hasAudience() {
        return subscriptions.any();
    }

    EventPublisher(EventSubscriptions subscriptions, EventOutbox outbox, Function<String, String> vaultUrl,
                   Versions versions, Clock clock) {
        this.subscriptions = subscriptions;
        this.outbox = outbox;
        this.vaultUrl = vaultUrl;
        this.versions = versions;
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
        int at = resource.toLowerCase(Locale.ROOT).indexOf("/providers/microsoft.keyvault/vaults/");
        if (at < 0) {
            return null;
        }
        String afterVaults = resource.substring(at + "/providers/microsoft.keyvault/vaults/".length());
        String vaultName = vault != null ? vault : afterVaults.split("/")[0];
        String vaultScope = resource.substring(0, at) + "/providers/Microsoft.KeyVault/vaults/" + vaultName;
        String[] parts = afterVaults.split("/");
        String version = version(j);
        return switch (operation) {
            case "SecretSet" -> parts.length < 3 ? null : objectEvent(CloudEvents.id("audit", Long.toString(e.seq()),
                    CloudEvents.SECRET_NEW_VERSION), CloudEvents.SECRET_NEW_VERSION, vaultScope, vaultName,
                    ObjectKind.SECRET, parts[2], version, time);
            case "KeyCreate", "KeyImport", "KeyRotate", "KeyRotateByPolicy" -> parts.length < 3 || version == null
                    ? null : objectEvent(CloudEvents.id("audit", Long.toString(e.seq()), CloudEvents.KEY_NEW_VERSION),
                    CloudEvents.KEY_NEW_VERSION, vaultScope, vaultName, ObjectKind.KEY, parts[2], version, time);
            case "KeyNearExpiryNotify" -> parts.length < 3 || version == null ? null : objectEvent(
                    CloudEvents.expiryId(CloudEvents.KEY_NEAR_EXPIRY, vaultName, parts[2], version),
                    CloudEvents.KEY_NEAR_EXPIRY, vaultScope, vaultName, ObjectKind.KEY, parts[2], version, time);
            case "VaultAccessPolicyUpdate" -> accessPolicyChanged(e, vaultScope, vaultName, time);
            // A PUT or PATCH fires only when the vault engine found the access policies altered.
            case "VaultPut", "VaultPatch" -> j.path("properties").path("accessPoliciesChanged").asBoolean(false)
                    ? accessPolicyChanged(e, vaultScope, vaultName, time) : null;
            default -> null;
        };
    }

    private static ObjectNode accessPolicyChanged(AuditReader.LogicalEvent e, String vaultScope, String vaultName,
                                                  String time) {
        return CloudEvents.vaultEvent(CloudEvents.id("audit", Long.toString(e.seq()),
                CloudEvents.ACCESS_POLICY_CHANGED), CloudEvents.ACCESS_POLICY_CHANGED, vaultScope, vaultName, time);
    }

    private ObjectNode objectEvent(String id, String type, String vaultScope, String vaultName, ObjectKind kind,
                                   String name, String version, String time) {
        Optional<ObjectVersionRow> row = version == null ? Optional.empty()
                : versions.find(vaultName, kind, name, version);
        // The name as stored (the request path may differ in case).
        String stored = row.map(ObjectVersionRow::name).orElse(name);
        return CloudEvents.objectEvent(id, type, vaultScope, vaultUrl.apply(vaultName), vaultName,
                CloudEvents.objectType(kind), stored, version,
                row.map(ObjectVersionRow::notBefore).orElse(null), row.map(ObjectVersionRow::expires).orElse(null),
                time);
    }

    /** The version from the audit record's {@code properties.id} ({@code …/versions/{version}}), or null. */
    private static String version(JsonNode j) {
        String id = j.path("properties").path("id").asText("");
        int v = id.indexOf("/versions/");
        return v < 0 ? null : id.substring(v + "/versions/".length());
    }
}
