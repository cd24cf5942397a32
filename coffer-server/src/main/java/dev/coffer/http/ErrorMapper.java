package dev.coffer.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coffer.error.CofferException;
import dev.coffer.identity.OAuthException;
import java.time.Instant;

/**
 * The one mapping from domain errors to the wire: Azure's {@code {"error":{"code","message","innererror"}}}
 * on both planes, and OAuth2's error object on the token service. Never a stack trace.
 */
public final class ErrorMapper {

    /** The data plane nests an inner code; ARM's CloudError has none. */
    public enum Shape { DATA, ARM }

    private ErrorMapper() {
    }

    public static ObjectNode body(CofferException e, Shape shape) {
        ObjectNode root = Json.object();
        ObjectNode error = root.putObject("error");
        error.put("code", e.code());
        error.put("message", e.getMessage());
        if (shape == Shape.DATA && e.innerCode() != null) {
            error.putObject("innererror").put("code", e.innerCode());
        }
        return root;
    }

    public static ObjectNode oauth(OAuthException e, String requestId) {
        ObjectNode root = Json.object();
        root.put("error", e.error());
        root.put("error_description", e.aadCode() + ": " + e.getMessage());
        root.putArray("error_codes").add(Integer.parseInt(e.aadCode().substring("AADSTS".length())));
        root.put("timestamp", Instant.now().toString());
        root.put("trace_id", requestId);
        root.put("correlation_id", requestId);
        return root;
    }
}
