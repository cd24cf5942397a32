package dev.coffer.wire;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coffer.crypto.SecretBytes;
import dev.coffer.error.BadRequest;
import dev.coffer.http.Fields;
import dev.coffer.http.Json;
import dev.coffer.objects.AttributesUpdate;
import dev.coffer.objects.ObjectAttributes;
import dev.coffer.objects.RecoveryPolicy;
import dev.coffer.secrets.DeletedSecret;
import dev.coffer.secrets.NewSecret;
import dev.coffer.secrets.Secret;
import dev.coffer.secrets.SecretProperties;
import dev.coffer.secrets.SecretUpdate;
import java.util.Map;

/** Secrets on the wire: SecretSetParameters, SecretUpdateParameters, SecretBundle, SecretItem, DeletedSecret*. */
public final class SecretJson {

    private static final Fields F = Fields.DATA;

    private SecretJson() {
    }

    public static NewSecret parseSet(String name, ObjectNode body) {
        if (!body.has("value") || body.get("value").isNull()) {
            throw new BadRequest("BadParameter", "The parameter 'value' is required.");
        }
        String value = F.string(body, "value");
        return new NewSecret(name, SecretBytes.ofUtf8(value), F.string(body, "contentType"),
                attributes(body), F.stringMap(body, "tags"));
    }

    public static SecretUpdate parseUpdate(ObjectNode body) {
        return new SecretUpdate(F.string(body, "contentType"), attributes(body), F.stringMap(body, "tags"));
    }

    static AttributesUpdate attributes(ObjectNode body) {
        ObjectNode a = F.object(body, "attributes");
        if (a == null) {
            return AttributesUpdate.NONE;
        }
        return new AttributesUpdate(F.bool(a, "enabled"), F.integer(a, "nbf"), F.integer(a, "exp"));
    }

    public static ObjectNode bundle(String vaultUrl, Secret secret, RecoveryPolicy policy) {
        ObjectNode node = Json.object();
        node.put("value", secret.value().revealUtf8());
        fill(node, vaultUrl, secret.properties(), policy, true);
        return node;
    }

    public static ObjectNode bundleWithoutValue(String vaultUrl, SecretProperties p, RecoveryPolicy policy) {
        ObjectNode node = Json.object();
        fill(node, vaultUrl, p, policy, true);
        return node;
    }

    public static ObjectNode item(String vaultUrl, SecretProperties p, RecoveryPolicy policy, boolean withVersion) {
        ObjectNode node = Json.object();
        fill(node, vaultUrl, p, policy, withVersion);
        return node;
    }

    public static ObjectNode deleted(String vaultUrl, DeletedSecret d, RecoveryPolicy policy, boolean withVersion) {
        ObjectNode node = Json.object();
        node.put("recoveryId", vaultUrl + "/deletedsecrets/" + d.properties().name());
        node.put("deletedDate", d.deletedDate());
        node.put("scheduledPurgeDate", d.scheduledPurgeDate());
        fill(node, vaultUrl, d.properties(), policy, withVersion);
        return node;
    }

    private static void fill(ObjectNode node, String vaultUrl, SecretProperties p, RecoveryPolicy policy,
                             boolean withVersion) {
        node.put("id", vaultUrl + "/secrets/" + p.name() + (withVersion ? "/" + p.version() : ""));
        if (p.contentType() != null) {
            node.put("contentType", p.contentType());
        }
        node.set("attributes", attributes(p.attributes(), policy));
        ObjectNode tags = node.putObject("tags");
        for (Map.Entry<String, String> t : p.tags().entrySet()) {
            tags.put(t.getKey(), t.getValue());
        }
        if (p.managed()) {
            node.put("managed", true);
            node.put("kid", p.keyId());
        }
    }

    public static ObjectNode attributes(ObjectAttributes a, RecoveryPolicy policy) {
        ObjectNode node = Json.object();
        node.put("enabled", a.enabled());
        if (a.notBefore() != null) {
            node.put("nbf", a.notBefore());
        }
        if (a.expires() != null) {
            node.put("exp", a.expires());
        }
        node.put("created", a.created());
        node.put("updated", a.updated());
        node.put("recoveryLevel", policy.recoveryLevel());
        node.put("recoverableDays", policy.recoverableDays());
        return node;
    }
}
