package dev.coffer.auditlog;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds one secondary sink from the durable audit log, after a cursor kept in a file: the sink catches up with
 * whatever it missed (while it was slow, down, or Coffer was stopped) and never makes a request wait. Delivery
 * is at least once: after a restart the events since the cursor may be sent again, each carrying its
 * {@code properties.sequenceNumber} for de-duplication.
 */
public final class SinkPump implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SinkPump.class);
    private static final int BATCH = 500;

    private final SecondarySink sink;
    private final AuditFile log;
    private final Path cursorFile;
    private final Semaphore wake = new Semaphore(0);
    private final Thread thread;
    private final Set<Long> sentAboveCursor = new HashSet<>();
    private final AuditReader.Tail tail = new AuditReader.Tail();
    private volatile boolean closed;
    private volatile long cursor;
    private volatile long delivered;

    public SinkPump(SecondarySink sink, AuditFile log, Path cursorDir) {
        this.sink = sink;
        this.log = log;
        this.cursorFile = cursorDir.resolve(sink.name() + ".cursor");
        this.cursor = readCursor();
        log.onDurable(wake::release);
        this.thread = Thread.ofVirtual().name("coffer-audit-sink-" + sink.name()).start(this::loop);
    }

    public String name() {
        return sink.name();
    }

    /** How many durable records this sink has not yet been handed (the audit lag metric). */
    public long lag() {
        return Math.max(0, log.durableSeq() - cursor);
    }

    public long delivered() {
        return delivered;
    }

    private void loop() {
        Duration backoff = Duration.ofMillis(500);
        while (!closed) {
            try {
                wake.tryAcquire(1, TimeUnit.SECONDS);
                wake.drainPermits();
                if (closed) {
                    return;
                }
                pumpOnce();
                backoff = Duration.ofMillis(500);
                Thread.sleep(200); // coalesce: one scan of the log per burst, not per record
            } catch (InterruptedException e) {
                return;
            } catch (IOException | RuntimeException e) {
                LOG.warn("audit sink '{}' is behind ({} records); retrying in {} ms: {}", sink.name(), lag(),
                        backoff.toMillis(), e.toString());
                sleepQuietly(backoff);
                backoff = backoff.multipliedBy(2).compareTo(Duration.ofSeconds(30)) > 0 ? Duration.ofSeconds(30)
                        : backoff.multipliedBy(2);
            }
        }
    }

    private void pumpOnce() throws IOException {
        long max = log.durableSeq();
        if (max <= cursor) {
            return;
        }
        if (!sink.hasAudience()) {
            tail.reset();
            writeCursor(max);
            return;
        }
        List<AuditReader.LogicalEvent> batch = new ArrayList<>();
        IOException[] failed = new IOException[1];
        AuditReader.Position end = AuditReader.scan(log.directory(), cursor, max, tail, e -> {
            if (failed[0] != null || sentAboveCursor.contains(e.seq())) {
                return;
            }
            batch.add(e);
            if (batch.size() >= BATCH) {
                failed[0] = flush(batch);
            }
        });
        IOException failure = failed[0] != null ? failed[0] : flush(batch);
        if (failure != null) {
            tail.reset(); // the next attempt re-reads from the durable cursor
            throw failure;
        }
        long next = end.resumeAfter();
        sentAboveCursor.removeIf(seq -> seq <= next);
        writeCursor(next);
    }

    private IOException flush(List<AuditReader.LogicalEvent> batch) {
        if (batch.isEmpty()) {
            return null;
        }
        try {
            sink.deliver(List.copyOf(batch));
        } catch (IOException e) {
            return e;
        }
        batch.forEach(e -> sentAboveCursor.add(e.seq()));
        delivered += batch.size();
        batch.clear();
        return null;
    }

    private long readCursor() {
        try {
            return Files.exists(cursorFile) ? Long.parseLong(Files.readString(cursorFile).strip()) : 0;
        } catch (IOException | NumberFormatException e) {
            LOG.warn("audit sink '{}': unreadable cursor, starting from the beginning of the log", sink.name());
            return 0;
        }
    }

    private void writeCursor(long value) throws IOException {
        if (value == cursor) {
            return;
        }
        Files.createDirectories(cursorFile.getParent());
        Path tmp = cursorFile.resolveSibling(cursorFile.getFileName() + ".tmp");
        Files.writeString(tmp, Long.toString(value), StandardCharsets.US_ASCII);
        Files.move(tmp, cursorFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        cursor = value;
    }

    private static void sleepQuietly(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        closed = true;
        wake.release();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sink.close();
    }
}
