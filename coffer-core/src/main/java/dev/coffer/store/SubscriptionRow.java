package dev.coffer.store;

public record SubscriptionRow(String subscriptionId, String tenantId, String displayName, String state,
                              long createdAt) {
}
