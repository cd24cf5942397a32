package dev.coffer.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coffer.identity.Endpoints;

/**
 * {@code GET /metadata/endpoints}: what {@code az cloud register} reads to learn the login endpoint, the
 * management audience and the Key Vault suffix. The login endpoint is the ADFS-style authority so that
 * clients that cannot turn off instance discovery (Azure CLI 2.45) still sign in.
 */
final class MetadataEndpoints {

    private final Endpoints endpoints;

    MetadataEndpoints(Endpoints endpoints) {
        this.endpoints = endpoints;
    }

    void handle(Exchange ex) {
        String version = ex.query("api-version");
        String base = endpoints.serviceBase() + "/";
        String suffix = "." + endpoints.vaultResource().substring("https://".length());
        if (version != null && version.compareTo("2022-09-01") >= 0) {
            ArrayNode clouds = Json.MAPPER.createArrayNode();
            ObjectNode cloud = clouds.addObject();
            cloud.put("name", "Coffer");
            cloud.put("resourceManager", base);
            cloud.put("gallery", base);
            // Token resource and request root of Graph at once, as the Azure CLI uses it (Endpoints.graphBase).
            cloud.put("microsoftGraphResourceId", endpoints.graphBase());
            cloud.put("activeDirectoryDataLake", base);
            cloud.put("portal", base);
            cloud.put("graph", base);
            ObjectNode auth = cloud.putObject("authentication");
            auth.put("loginEndpoint", endpoints.serviceBase() + "/adfs");
            auth.putArray("audiences").add(endpoints.managementAudience());
            auth.put("tenant", "adfs");
            auth.put("identityProvider", "ADFS");
            ObjectNode suffixes = cloud.putObject("suffixes");
            suffixes.put("keyVaultDns", suffix);
            ex.sendJson(200, clouds);
            return;
        }
        ObjectNode doc = Json.object();
        doc.put("galleryEndpoint", base);
        doc.put("graphEndpoint", base);
        doc.put("portalEndpoint", base);
        ObjectNode auth = doc.putObject("authentication");
        auth.put("loginEndpoint", endpoints.serviceBase() + "/adfs");
        auth.putArray("audiences").add(endpoints.managementAudience());
        auth.put("tenant", "adfs");
        auth.put("identityProvider", "ADFS");
        ex.sendJson(200, doc);
    }
}
