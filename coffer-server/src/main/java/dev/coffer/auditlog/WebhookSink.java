package dev.coffer.auditlog;

import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/**
 * Audit events to a log pipeline over HTTP: each batch is POSTed as a JSON array ({@code {"records":[…]}}, the
 * shape of Azure diagnostic logs); any 2xx acknowledges it, anything else is retried by the pump.
 */
public final class WebhookSink implements SecondarySink {

    private final URI endpoint;
    private final String authorization;
    private final HttpClient http;

    /** @param authorization the Authorization header to send (for example {@code Bearer …}), or null */
    public WebhookSink(URI endpoint, String authorization, HttpClient http) {
        this.endpoint = endpoint;
        this.authorization = authorization;
        this.http = http;
    }

    @Override
    public String name() {
        return "webhook";
    }

    @Override
    public void deliver(List<AuditReader.LogicalEvent> events) throws IOException {
        var body = AuditLines.JSON.createObjectNode();
        ArrayNode records = body.putArray("records");
        events.forEach(e -> records.add(e.json()));
        HttpRequest.Builder b = HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(AuditLines.write(body)));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        try {
            HttpResponse<Void> r = http.send(b.build(), HttpResponse.BodyHandlers.discarding());
            if (r.statusCode() / 100 != 2) {
                throw new IOException("the audit webhook answered " + r.statusCode());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
