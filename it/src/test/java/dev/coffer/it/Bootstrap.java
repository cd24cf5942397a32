package dev.coffer.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;

/** The fields of {@code bootstrap.json}, as a user reads them. */
public record Bootstrap(String tenantId, String subscriptionId, String clientId, String clientSecret,
                        String authorityHost, String resourceManagerEndpoint, String managementAudience,
                        String vaultDnsSuffix, Path caCertificatePath) {

    public static Bootstrap read(Path file) throws IOException {
        JsonNode n = new ObjectMapper().readTree(file.toFile());
        return new Bootstrap(n.get("tenantId").asText(), n.get("subscriptionId").asText(), n.get("clientId").asText(),
                n.get("clientSecret").asText(), n.get("authorityHost").asText(),
                n.get("resourceManagerEndpoint").asText(), n.get("managementAudience").asText(),
                n.get("vaultDnsSuffix").asText(), Path.of(n.get("caCertificatePath").asText()));
    }
}
