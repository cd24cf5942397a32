package dev.coffer.audit;

/**
 * What the broker hands a sink. Most operations are one {@link Whole} record. An operation that may change
 * state is two: an {@link Intent} made durable before the engine runs, so no change can ever lack its record,
 * and the {@link Outcome} that completes it. Readers present the pair as one event (see the audit log's
 * reader), so users still see one event per operation.
 */
public sealed interface AuditRecord {

    /** A complete event: reads, denials, sign-ins, rejections. */
    record Whole(AuditEvent event) implements AuditRecord {
    }

    /** Everything known before a changing operation runs; its result fields are not yet meaningful. */
    record Intent(AuditEvent event) implements AuditRecord {
    }

    /** Completes the intent recorded with sequence number {@code intentSeq}. */
    record Outcome(long intentSeq, AuditOutcome outcome) implements AuditRecord {
    }
}
