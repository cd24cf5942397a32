package dev.coffer.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The audit log of a test server, read back as a user reads it: one JSON event per line. */
final class AuditTrail {

    private static final ObjectMapper JSON = new ObjectMapper();

    private AuditTrail() {
    }

    /** The events recorded for one request, found by its {@code x-ms-request-id} (the correlation id). */
    static List<JsonNode> eventsOf(Path dataDir, String requestId) throws Exception {
        List<JsonNode> found = new ArrayList<>();
        for (String line : Files.readAllLines(dataDir.resolve("audit").resolve("audit.log"))) {
            if (!line.contains(requestId)) {
                continue;
            }
            JsonNode n = JSON.readTree(line);
            JsonNode event = n.has("event") ? n.get("event") : n;
            if (requestId.equals(event.path("correlationId").asText())) {
                found.add(event);
            }
        }
        return found;
    }

    /** The whole log as text, for "never logged" checks. */
    static String text(Path dataDir) throws Exception {
        return Files.readString(dataDir.resolve("audit").resolve("audit.log"));
    }
}
