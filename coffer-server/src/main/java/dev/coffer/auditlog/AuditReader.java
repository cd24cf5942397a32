package dev.coffer.auditlog;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Reads the log as users see it: one event per operation. An intent and its outcome (two physical records) are
 * presented as one event once the outcome is read, with the intent's sequence number; single records as they
 * are. Only records up to {@code maxSeq} (what the writer has made durable) are read, so a reader never sees a
 * record of a batch that is about to be cut off.
 */
public final class AuditReader {

    /** One event as a user reads it, named by the sequence number of its first record. */
    public record LogicalEvent(long seq, ObjectNode json) {
    }

    /**
     * Where a scan ended: the last record read, and the first intent still waiting for its outcome (or -1).
     * A reader that resumes must resume before that intent ({@link #resumeAfter}).
     */
    public record Position(long lastSeq, long firstOpenIntent) {
        public long resumeAfter() {
            return firstOpenIntent > 0 ? firstOpenIntent - 1 : lastSeq;
        }
    }

    private AuditReader() {
    }

    public static Position scan(Path dir, long afterSeq, long maxSeq, Consumer<LogicalEvent> out) throws IOException {
        Map<Long, ObjectNode> open = new LinkedHashMap<>();
        long[] last = {afterSeq};
        List<Path> files = LogFiles.all(dir);
        for (int i = 0; i < files.size(); i++) {
            if (i + 1 < files.size()) {
                long nextFirst = LogFiles.firstSeqOf(files.get(i + 1));
                if (nextFirst < 0) {
                    nextFirst = firstSeqOfLive(files.get(i + 1));
                }
                if (nextFirst > 0 && nextFirst <= afterSeq + 1) {
                    continue;
                }
            }
            LogFiles.forEachLine(files.get(i), line -> {
                AuditLines.Parsed p = AuditLines.parse(line);
                if (p == null || p.seq() <= afterSeq || p.seq() > maxSeq) {
                    return;
                }
                last[0] = Math.max(last[0], p.seq());
                switch (p.kind()) {
                    case AuditLines.EVENT -> out.accept(new LogicalEvent(p.seq(), AuditLines.presented(p.json(), null)));
                    case AuditLines.INTENT -> open.put(p.seq(), p.json());
                    case AuditLines.OUTCOME -> {
                        ObjectNode intent = open.remove(p.json().path("intentSeq").asLong());
                        if (intent != null) {
                            out.accept(new LogicalEvent(intent.path("seq").asLong(),
                                    AuditLines.presented(intent, p.json())));
                        }
                    }
                    default -> {
                    }
                }
            });
        }
        return new Position(last[0], open.isEmpty() ? -1 : open.keySet().iterator().next());
    }

    private static long firstSeqOfLive(Path live) throws IOException {
        long[] first = {-1};
        try {
            LogFiles.forEachLine(live, l -> {
                if (first[0] < 0) {
                    AuditLines.Parsed p = AuditLines.parse(l);
                    first[0] = p == null ? 0 : p.seq();
                    throw new StopScan();
                }
            });
        } catch (StopScan stop) {
            // first line read
        }
        return first[0];
    }

    private static final class StopScan extends RuntimeException {
        StopScan() {
            super(null, null, false, false);
        }
    }
}
