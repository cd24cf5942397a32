package dev.coffer.auditlog;

import java.io.IOException;
import java.util.List;

/**
 * A copy of the audit log somewhere else (standard output, syslog, a log pipeline's webhook). Fed by a
 * {@link SinkPump} from the durable log, never on a request's path, so a slow or failed sink delays only itself.
 */
public interface SecondarySink extends AutoCloseable {

    /** A short name; the pump keeps its cursor under it. */
    String name();

    /**
     * False while nobody would receive what this sink delivers (an event publisher without subscriptions); the
     * pump then moves its cursor past new events instead of reading the log for them.
     */
    default boolean hasAudience() {
        return true;
    }

    /** Delivers the events in order, or throws; the pump then retries the same events later. */
    void deliver(List<AuditReader.LogicalEvent> events) throws IOException;

    @Override
    default void close() {
    }
}
