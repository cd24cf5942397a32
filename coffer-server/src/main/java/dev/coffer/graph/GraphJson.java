package dev.coffer.graph;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coffer.directory.Directory;
import dev.coffer.directory.IssuedClientSecret;
import dev.coffer.http.Json;
import dev.coffer.store.CredentialRow;
import dev.coffer.store.PrincipalRow;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

/** Microsoft Graph's JSON shapes for directory objects (the subset Coffer serves). */
final class GraphJson {

    private GraphJson() {
    }

    static ObjectNode object(String base, PrincipalRow p, List<CredentialRow> credentials) {
        ObjectNode n = Json.object();
        String type = switch (p.kind()) {
            case "User" -> "user";
            case "Group" -> "group";
            case "Application" -> "application";
            default -> "servicePrincipal";
        };
        n.put("@odata.type", "#microsoft.graph." + type);
        n.put("id", p.objectId());
        n.put("displayName", p.displayName());
        n.put("createdDateTime", Instant.ofEpochSecond(p.createdAt()).toString());
        switch (type) {
            case "user" -> {
                n.put("userPrincipalName", p.userPrincipalName());
                n.put("accountEnabled", p.enabled());
                n.put("mail", p.userPrincipalName());
            }
            case "group" -> {
                n.put("securityEnabled", true);
                n.put("mailEnabled", false);
                n.putArray("groupTypes");
            }
            case "application" -> {
                n.put("appId", p.appId());
                n.put("signInAudience", "AzureADMyOrg");
                credentials(n, credentials);
            }
            default -> {
                n.put("appId", p.appId());
                n.put("accountEnabled", p.enabled());
                n.put("servicePrincipalType", "Application");
                n.putArray("servicePrincipalNames").add(p.appId());
                credentials(n, credentials);
            }
        }
        return n;
    }

    private static void credentials(ObjectNode n, List<CredentialRow> credentials) {
        ArrayNode passwords = n.putArray("passwordCredentials");
        ArrayNode keys = n.putArray("keyCredentials");
        for (CredentialRow c : credentials) {
            if ("x509-der".equals(c.hashAlgorithm())) {
                ObjectNode k = keys.addObject();
                k.put("keyId", c.keyId());
                k.put("type", "AsymmetricX509Cert");
                k.put("usage", "Verify");
                k.put("customKeyIdentifier", c.hint());
                k.put("startDateTime", Instant.ofEpochSecond(c.createdAt()).toString());
                k.put("endDateTime", Instant.ofEpochSecond(c.expiresAt()).toString());
            } else {
                ObjectNode pw = passwords.addObject();
                pw.put("keyId", c.keyId());
                pw.put("hint", c.hint());
                pw.putNull("secretText");
                pw.put("startDateTime", Instant.ofEpochSecond(c.createdAt()).toString());
                pw.put("endDateTime", Instant.ofEpochSecond(c.expiresAt()).toString());
            }
        }
    }

    /** The only time a password credential's text is shown: in the answer to addPassword. */
    static ObjectNode newPassword(IssuedClientSecret s, String displayName, long createdAt) {
        ObjectNode n = Json.object();
        n.put("@odata.type", "#microsoft.graph.passwordCredential");
        n.put("keyId", s.keyId());
        n.put("displayName", displayName);
        n.put("hint", s.hint());
        n.put("secretText", s.secretText().revealUtf8());
        n.put("startDateTime", Instant.ofEpochSecond(createdAt).toString());
        n.put("endDateTime", Instant.ofEpochSecond(s.expiresAt()).toString());
        return n;
    }

    static ObjectNode list(String context, ArrayNode items, String nextLink) {
        ObjectNode n = Json.object();
        n.put("@odata.context", context);
        if (nextLink != null) {
            n.put("@odata.nextLink", nextLink);
        }
        n.set("value", items);
        return n;
    }

    static String kindOf(String collection) {
        return switch (collection) {
            case "users" -> Directory.USER;
            case "groups" -> Directory.GROUP;
            case "applications" -> Directory.APPLICATION;
            default -> Directory.SERVICE_PRINCIPAL;
        };
    }

    static String thumbprint(byte[] der) {
        try {
            return Base64.getEncoder().encodeToString(java.security.MessageDigest.getInstance("SHA-1").digest(der));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
