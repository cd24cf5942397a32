package dev.coffer.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coffer.http.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The event subscriptions, kept in {@code <data-dir>/events/subscriptions.json} and replaced atomically (written,
 * synced, renamed) on every change, so a restart finds exactly what was acknowledged.
 */
public final class EventSubscriptions {

    private final Path file;
    private final Map<String, EventSubscription> byKey = new LinkedHashMap<>();

    public EventSubscriptions(Path dir) {
        this.file = dir.resolve("subscriptions.json");
        try {
            Files.createDirectories(dir);
            if (Files.exists(file)) {
                for (JsonNode n : Json.MAPPER.readTree(file.toFile())) {
                    List<String> types = new ArrayList<>();
                    n.path("includedEventTypes").forEach(t -> types.add(t.asText()));
                    EventSubscription s = new EventSubscription(n.path("name").asText(), n.path("vaultName").asText(),
                            n.path("vaultScope").asText(), n.path("endpointUrl").asText(), types,
                            n.path("provisioningState").asText());
                    byKey.put(key(s.vaultName(), s.name()), s);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the event subscriptions in " + dir, e);
        }
    }

    private static String key(String vault, String name) {
        return vault.toLowerCase(Locale.ROOT) + "/" + name.toLowerCase(Locale.ROOT);
    }

    public synchronized Optional<EventSubscription> get(String vault, String name) {
        return Optional.ofNullable(byKey.get(key(vault, name)));
    }

    public synchronized boolean any() {
        return !byKey.isEmpty();
    }

    public synchronized List<EventSubscription> ofVault(String vault) {
        return byKey.values().stream().filter(s -> s.vaultName().equalsIgnoreCase(vault)).toList();
    }

    public synchronized void put(EventSubscription s) {
        byKey.put(key(s.vaultName(), s.name()), s);
        save();
    }

    public synchronized boolean delete(String vault, String name) {
        boolean removed = byKey.remove(key(vault, name)) != null;
        if (removed) {
            save();
        }
        return removed;
    }

    private void save() {
        ArrayNode all = Json.MAPPER.createArrayNode();
        for (EventSubscription s : byKey.values()) {
            ObjectNode n = all.addObject();
            n.put("name", s.name());
            n.put("vaultName", s.vaultName());
            n.put("vaultScope", s.vaultScope());
            n.put("endpointUrl", s.endpointUrl());
            s.includedEventTypes().forEach(n.putArray("includedEventTypes")::add);
            n.put("provisioningState", s.provisioningState());
        }
        try {
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.write(tmp, Json.bytes(all), StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.SYNC);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save the event subscriptions", e);
        }
    }
}
