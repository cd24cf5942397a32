package dev.coffer.events;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coffer.http.Json;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** Key Vault's Event Grid events in the CloudEvents 1.0 JSON schema. */
public final class CloudEvents {

    public static final String SECRET_NEW_VERSION = "Microsoft.KeyVault.SecretNewVersionCreated";
    public static final String SECRET_NEAR_EXPIRY = "Microsoft.KeyVault.SecretNearExpiry";
    public static final String SECRET_EXPIRED = "Microsoft.KeyVault.SecretExpired";
    public static final String KEY_NEW_VERSION = "Microsoft.KeyVault.KeyNewVersionCreated";
    public static final String KEY_NEAR_EXPIRY = "Microsoft.KeyVault.KeyNearExpiry";
    public static final String KEY_EXPIRED = "Microsoft.KeyVault.KeyExpired";
    public static final String ACCESS_POLICY_CHANGED = "Microsoft.KeyVault.VaultAccessPolicyChanged";

    private CloudEvents() {
    }

    /**
     * A stable id from what the event is about, so an event produced again (after a restart, from the same audit
     * record or the same expiry) carries the same id and subscribers can drop the duplicate.
     */
    public static String id(String... parts) {
        return UUID.nameUUIDFromBytes(String.join("|", parts).getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** An object event: {@code data} has Azure's Id, VaultName, ObjectType, ObjectName, Version, NBF, EXP. */
    public static ObjectNode objectEvent(String id, String type, String vaultScope, String vaultUrl, String vaultName,
                                         String objectType, String name, String version, Long nbf, Long exp,
                                         String time) {
        ObjectNode e = envelope(id, type, vaultScope, name, time);
        ObjectNode data = e.putObject("data");
        data.put("Id", vaultUrl + "/" + objectType.toLowerCase(java.util.Locale.ROOT) + "s/" + name
                + (version == null ? "" : "/" + version));
        data.put("VaultName", vaultName);
        data.put("ObjectType", objectType);
        data.put("ObjectName", name);
        data.put("Version", version);
        data.put("NBF", nbf);
        data.put("EXP", exp);
        return e;
    }

    /** Event Grid's {@code ObjectType} of a vault object. */
    public static String objectType(dev.coffer.store.ObjectKind kind) {
        return kind == dev.coffer.store.ObjectKind.KEY ? "Key" : "Secret";
    }

    /**
     * The id of an expiry event: the same whether the expiry scanner or a rotation policy's Notify action
     * announces a version, so a subscriber that hears of it twice can drop the second.
     */
    public static String expiryId(String type, String vaultName, String objectName, String version) {
        return id(type + "|" + vaultName + "|" + objectName + "|" + version);
    }

    public static ObjectNode vaultEvent(String id, String type, String vaultScope, String vaultName, String time) {
        ObjectNode e = envelope(id, type, vaultScope, vaultName, time);
        ObjectNode data = e.putObject("data");
        data.put("Id", vaultScope);
        data.put("VaultName", vaultName);
        data.put("ObjectType", "Vault");
        data.put("ObjectName", vaultName);
        return e;
    }

    private static ObjectNode envelope(String id, String type, String source, String subject, String time) {
        ObjectNode e = Json.object();
        e.put("specversion", "1.0");
        e.put("id", id);
        e.put("source", source);
        e.put("type", type);
        e.put("subject", subject);
        e.put("time", time);
        e.put("datacontenttype", "application/json");
        return e;
    }
}
