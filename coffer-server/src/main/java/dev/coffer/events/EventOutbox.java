package dev.coffer.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coffer.http.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Deliveries not yet acknowledged, one file per (event, subscription) in {@code <data-dir>/events/outbox}: the
 * webhook, the CloudEvent, how many attempts were made and when the next is due. Written synced and renamed
 * into place, deleted on acknowledgement; what is here after a restart is simply delivered again (at least once,
 * the event id is the same every time). Deliveries that never succeed move to {@code dead-letter}.
 */
public final class EventOutbox {

    /** One pending delivery. */
    public record Entry(Path file, String endpointUrl, ObjectNode event, int attempts, Instant due) {
    }

    private final Path dir;
    private final Path deadLetter;

    public EventOutbox(Path eventsDir) {
        this.dir = eventsDir.resolve("outbox");
        this.deadLetter = eventsDir.resolve("dead-letter");
        try {
            Files.createDirectories(dir);
            Files.createDirectories(deadLetter);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Adds a delivery; adding the same event for the same subscription again replaces nothing. */
    public void add(String subscription, String endpointUrl, ObjectNode event, Instant due) throws IOException {
        Path target = dir.resolve(event.path("id").asText() + "-" + subscription.replaceAll("[^A-Za-z0-9-]", "_")
                + ".json");
        if (Files.exists(target)) {
            return;
        }
        write(target, endpointUrl, event, 0, due);
    }

    public List<Entry> due(Instant now) throws IOException {
        List<Entry> due = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                JsonNode n;
                try {
                    n = Json.MAPPER.readTree(f.toFile());
                } catch (IOException e) {
                    continue; // being replaced right now
                }
                Instant when = Instant.parse(n.path("due").asText());
                if (!when.isAfter(now)) {
                    due.add(new Entry(f, n.path("endpointUrl").asText(), (ObjectNode) n.get("event"),
                            n.path("attempts").asInt(), when));
                }
            }
        }
        return due;
    }

    public int pending() {
        try (Stream<Path> files = Files.list(dir)) {
            return (int) files.filter(p -> p.toString().endsWith(".json")).count();
        } catch (IOException e) {
            return -1;
        }
    }

    public void delivered(Entry e) throws IOException {
        Files.deleteIfExists(e.file());
    }

    public void retryLater(Entry e, Instant due) throws IOException {
        write(e.file(), e.endpointUrl(), e.event(), e.attempts() + 1, due);
    }

    public void giveUp(Entry e) throws IOException {
        Files.move(e.file(), deadLetter.resolve(e.file().getFileName()), StandardCopyOption.REPLACE_EXISTING);
    }

    private static void write(Path target, String endpointUrl, ObjectNode event, int attempts, Instant due)
            throws IOException {
        ObjectNode n = Json.object();
        n.put("endpointUrl", endpointUrl);
        n.put("attempts", attempts);
        n.put("due", due.toString());
        n.set("event", event);
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        Files.write(tmp, Json.bytes(n), StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.SYNC);
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
