package dev.coffer.auditlog;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Reads the log as users see it: one event per operation. An intent and its outcome (two physical records) are
 * presented as one event once the outcome is read, with the intent's sequence number; single records as they
 * are. Only records up to {@code maxSeq} (what the writer has made durable) are read, so a reader never sees a
 * record of a batch that is about to be cut off.
 *
 * <p>A reader that comes back again and again (a secondary sink's pump) passes a {@link Tail}: it remembers the
 * byte offset reached in the live file and the intents still open there, so the next scan reads only what was
 * appended since instead of the whole log. Without a tail, or when the live file was rotated away since, the
 * scan starts over from the first file that can hold records after {@code afterSeq}.
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

    /** Where one reader stopped in the live file; owned by that reader's thread. */
    public static final class Tail {
        private Object fileKey;
        private long offset;
        private long lastSeq;
        private long resumeAfter = -1;
        private final Map<Long, ObjectNode> open = new LinkedHashMap<>();

        /** Forgets the position (after a failed delivery the caller re-reads from its durable cursor). */
        public void reset() {
            fileKey = null;
            resumeAfter = -1;
            open.clear();
        }

        boolean continues(long afterSeq, Object liveKey) {
            return resumeAfter >= 0 && resumeAfter == afterSeq && fileKey != null && fileKey.equals(liveKey);
        }
    }

    private static final int CHUNK_BYTES = 64 * 1024;

    private AuditReader() {
    }

    public static Position scan(Path dir, long afterSeq, long maxSeq, Consumer<LogicalEvent> out) throws IOException {
        return scan(dir, afterSeq, maxSeq, new Tail(), out);
    }

    public static Position scan(Path dir, long afterSeq, long maxSeq, Tail tail, Consumer<LogicalEvent> out)
            throws IOException {
        Path live = dir.resolve(LogFiles.LIVE);
        Object liveKey = fileKey(live);
        if (!tail.continues(afterSeq, liveKey)) {
            tail.reset();
            tail.lastSeq = afterSeq;
            List<Path> files = LogFiles.rotated(dir);
            for (int i = 0; i < files.size(); i++) {
                long nextFirst = i + 1 < files.size() ? LogFiles.firstSeqOf(files.get(i + 1)) : firstSeqOf(live);
                if (nextFirst > 0 && nextFirst <= afterSeq + 1) {
                    continue;
                }
                readFrom(files.get(i), 0, afterSeq, maxSeq, tail, out);
            }
            tail.fileKey = liveKey;
            tail.offset = 0;
        }
        if (liveKey != null) {
            tail.offset = readFrom(live, tail.offset, afterSeq, maxSeq, tail, out);
        }
        Position end = new Position(tail.lastSeq,
                tail.open.isEmpty() ? -1 : tail.open.keySet().iterator().next());
        tail.resumeAfter = end.resumeAfter();
        return end;
    }

    /**
     * Reads the complete lines of {@code file} from byte {@code offset} up to the first record above
     * {@code maxSeq}, and returns the offset after the last line consumed.
     */
    private static long readFrom(Path file, long offset, long afterSeq, long maxSeq, Tail tail,
                                 Consumer<LogicalEvent> out) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            // Read to the size seen at open, a chunk at a time (a live file may hold tens of megabytes); a line
            // being appended now is left for the next scan.
            long size = ch.size();
            ByteBuffer chunk = ByteBuffer.allocate(CHUNK_BYTES);
            byte[] carry = new byte[0];
            long dataStart = offset;
            long position = offset;
            while (position < size) {
                chunk.clear().limit((int) Math.min(CHUNK_BYTES, size - position));
                int n = ch.read(chunk, position);
                if (n <= 0) {
                    break;
                }
                position += n;
                byte[] data = new byte[carry.length + n];
                System.arraycopy(carry, 0, data, 0, carry.length);
                System.arraycopy(chunk.array(), 0, data, carry.length, n);
                int start = 0;
                for (int i = 0; i < data.length; i++) {
                    if (data[i] != '\n') {
                        continue;
                    }
                    String line = new String(data, start, i - start, StandardCharsets.UTF_8);
                    long seq = AuditLines.peekSeq(line);
                    if (seq > maxSeq) {
                        return dataStart + start;
                    }
                    start = i + 1;
                    if (seq > afterSeq) {
                        accept(AuditLines.parse(line), maxSeq, tail, out);
                    }
                }
                carry = java.util.Arrays.copyOfRange(data, start, data.length);
                dataStart += start;
            }
            return dataStart;
        }
    }

    private static void accept(AuditLines.Parsed p, long maxSeq, Tail tail, Consumer<LogicalEvent> out) {
        if (p == null || p.seq() > maxSeq) {
            return;
        }
        tail.lastSeq = Math.max(tail.lastSeq, p.seq());
        switch (p.kind()) {
            case AuditLines.EVENT -> out.accept(new LogicalEvent(p.seq(), AuditLines.presented(p.json(), null)));
            case AuditLines.INTENT -> tail.open.put(p.seq(), p.json());
            case AuditLines.OUTCOME -> {
                ObjectNode intent = tail.open.remove(p.json().path("intentSeq").asLong());
                if (intent != null) {
                    out.accept(new LogicalEvent(intent.path("seq").asLong(), AuditLines.presented(intent, p.json())));
                }
            }
            default -> {
            }
        }
    }

    private static Object fileKey(Path file) throws IOException {
        if (!Files.exists(file)) {
            return null;
        }
        BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
        return Objects.requireNonNullElse(a.fileKey(), a.creationTime());
    }

    private static long firstSeqOf(Path live) throws IOException {
        if (!Files.exists(live)) {
            return -1;
        }
        try (var r = Files.newBufferedReader(live, StandardCharsets.UTF_8)) {
            String first = r.readLine();
            return first == null ? -1 : AuditLines.peekSeq(first);
        }
    }
}
