package dev.coffer.store;

/** A directory tenant. */
public record TenantRow(String tenantId, String displayName, long createdAt) {
}
