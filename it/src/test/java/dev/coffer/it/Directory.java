package dev.coffer.it;

import com.fasterxml.jackson.databind.JsonNode;

/** Graph-shaped directory calls a user or an administrator makes with plain HTTPS. */
final class Directory {

    private final RunningCoffer coffer;
    private final String token;

    Directory(RunningCoffer coffer) throws Exception {
        this.coffer = coffer;
        Bootstrap b = coffer.bootstrap();
        this.token = coffer.token(b.clientId(), b.clientSecret(), "https://graph.microsoft.com/.default");
    }

    JsonNode post(String path, String body) throws Exception {
        RunningCoffer.Reply r = coffer.call("POST", coffer.serviceBase() + "/v1.0/" + path, token, body);
        if (r.status() / 100 != 2) {
            throw new IllegalStateException("POST " + path + ": " + r.status() + " " + r.text());
        }
        return r.json();
    }

    RunningCoffer.Reply call(String method, String path, String body) throws Exception {
        return coffer.call(method, coffer.serviceBase() + "/v1.0/" + path, token, body);
    }

    JsonNode createUser(String upn, String password) throws Exception {
        return post("users", "{\"accountEnabled\":true,\"displayName\":\"" + upn + "\",\"userPrincipalName\":\"" + upn
                + "\",\"passwordProfile\":{\"password\":\"" + password + "\"}}");
    }

    JsonNode createGroup(String name) throws Exception {
        return post("groups", "{\"displayName\":\"" + name + "\",\"securityEnabled\":true,\"mailEnabled\":false}");
    }

    void addMember(String groupId, String memberId) throws Exception {
        post("groups/" + groupId + "/members/$ref", "{\"@odata.id\":\"" + coffer.serviceBase()
                + "/v1.0/directoryObjects/" + memberId + "\"}");
    }

    /** An application with its service principal and one client secret: {appId, spId, appObjectId, secret, keyId}. */
    App createApp(String name) throws Exception {
        JsonNode app = post("applications", "{\"displayName\":\"" + name + "\"}");
        JsonNode sp = post("servicePrincipals", "{\"appId\":\"" + app.get("appId").asText() + "\"}");
        JsonNode pw = post("applications/" + app.get("id").asText() + "/addPassword",
                "{\"passwordCredential\":{\"displayName\":\"test\"}}");
        return new App(app.get("appId").asText(), sp.get("id").asText(), app.get("id").asText(),
                pw.get("secretText").asText(), pw.get("keyId").asText());
    }

    record App(String appId, String spId, String appObjectId, String secret, String keyId) {
    }

    /** Grants a built-in role at a scope through the management plane. */
    static void assign(RunningCoffer coffer, String scope, String roleGuid, String principalId, String type)
            throws Exception {
        String body = "{\"properties\":{\"roleDefinitionId\":\"/providers/Microsoft.Authorization/roleDefinitions/"
                + roleGuid + "\",\"principalId\":\"" + principalId + "\",\"principalType\":\"" + type + "\"}}";
        RunningCoffer.Reply r = coffer.call("PUT", coffer.arm(scope + "/providers/Microsoft.Authorization/roleAssignments/"
                + java.util.UUID.randomUUID() + "?api-version=2022-04-01"), coffer.adminManagementToken(), body);
        if (r.status() != 201) {
            throw new IllegalStateException("role assignment: " + r.status() + " " + r.text());
        }
    }
}
