package dev.coffer.store;

import java.util.Map;

public record ResourceGroupRow(String subscriptionId, String name, String location, Map<String, String> tags,
                               long createdAt) {
    public ResourceGroupRow {
        tags = Map.copyOf(tags);
    }
}
