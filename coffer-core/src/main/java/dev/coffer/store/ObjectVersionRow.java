package dev.coffer.store;

import java.util.Map;

/**
 * One version of a vault object: plain metadata plus the value sealed by the barrier.
 * {@code extra} carries kind-specific plain metadata (for keys: type, operations, public parts).
 * {@code sequence} orders versions of one vault; the store assigns it on insert.
 */
public record ObjectVersionRow(String vaultName, ObjectKind kind, String name, String version, long sequence,
                               boolean enabled, Long notBefore, Long expires, long created, long updated,
                               String contentType, Map<String, String> tags, Map<String, String> extra,
                               byte[] sealedValue) {
    public ObjectVersionRow {
        tags = Map.copyOf(tags);
        extra = Map.copyOf(extra);
    }

    public ObjectVersionRow withSequence(long newSequence) {
        return new ObjectVersionRow(vaultName, kind, name, version, newSequence, enabled, notBefore, expires,
                created, updated, contentType, tags, extra, sealedValue);
    }
}
