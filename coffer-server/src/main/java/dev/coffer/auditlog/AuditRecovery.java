package dev.coffer.auditlog;

import dev.coffer.audit.AuditOutcome;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Brings the log back to a consistent end at start: cuts off a torn last line (a batch the crash interrupted;
 * never acknowledged, because appends return only after the sync), writes back the records that only the sync
 * file holds (see {@link AuditSyncFile}), picks the chain up from the last good line, closes intents whose
 * outcome the stop swallowed with an {@code Unknown} outcome, and signs a checkpoint.
 * A log whose last complete line is not a valid record is not guessed at: the server refuses to start.
 */
final class AuditRecovery {

    private final AuditFile file;

    AuditRecovery(AuditFile file) {
        this.file = file;
    }

    void recover() throws IOException {
        Path live = file.live();
        Path dir = live.getParent();
        long torn = 0;
        if (Files.exists(live)) {
            long size = Files.size(live);
            long complete = LogFiles.completeLength(live, size);
            if (complete < size) {
                try (FileChannel c = FileChannel.open(live, StandardOpenOption.WRITE)) {
                    c.truncate(complete);
                    c.force(false);
                }
                torn = size - complete;
            }
            if (complete == 0) {
                Files.delete(live);
            }
        }
        List<Path> rotated = LogFiles.rotated(dir);
        List<Path> scan = new ArrayList<>();
        if (!rotated.isEmpty()) {
            scan.add(rotated.get(rotated.size() - 1));
        }
        if (Files.exists(live)) {
            scan.add(live);
        }
        Newest newest = new Newest();
        for (Path f : scan) {
            boolean isLive = f.equals(live);
            LogFiles.forEachLine(f, line -> newest.see(AuditLines.parse(line), isLive));
        }
        List<AuditSyncFile.Line> restoredLines = restoreFromSyncFile(live, dir, newest.last);
        restoredLines.forEach(l -> newest.see(l.parsed(), true));
        long restored = restoredLines.size();
        AuditLines.Parsed last = newest.last;
        AuditLines.Parsed firstOfLive = newest.firstOfLive;
        if ((!scan.isEmpty() || restored > 0) && (last == null || !last.hashMatches())) {
            throw new IllegalStateException("the last record of the audit log in " + dir + " is damaged; refusing to "
                    + "start (run `coffer audit verify` to see where)");
        }
        if (last == null) {
            file.resumeAt(0, AuditLines.GENESIS, 1, file.clock().instant());
        } else if (firstOfLive != null) {
            file.resumeAt(last.seq(), last.hash(), firstOfLive.seq(),
                    Instant.parse(firstOfLive.json().path("time").asText(file.clock().instant().toString())));
        } else {
            // The live file is missing (a stop between rotation's rename and the new file): the next write
            // starts a new one that carries the chain on.
            file.resumeAt(last.seq(), last.hash(), last.seq() + 1, file.clock().instant());
        }
        List<AuditFile.Encodable> records = new ArrayList<>();
        if (torn > 0 || restored > 0) {
            String time = file.clock().instant().toString();
            long bytes = torn;
            records.add((s, prev) -> AuditLines.encode(s, prev, AuditLines.RECOVERY, n -> {
                n.put("time", time);
                n.put("truncatedBytes", bytes);
                n.put("restoredRecords", restored);
                String cutOff = "a record torn by a crash (never acknowledged) was cut off";
                String written = "records durable only in the sync file (the stop came before audit.log reached "
                        + "the disk) were written back";
                n.put("reason", restored == 0 ? cutOff : bytes == 0 ? written : written + "; " + cutOff);
            }));
        }
        for (long intent : newest.open) {
            records.add(file.outcome(intent, new AuditOutcome("Unknown", 0, "Unknown",
                    "the server stopped before the outcome was recorded", 0)));
        }
        file.writeRecords(records);
        file.writeCheckpoint("start");
    }

    /** What recovery learns from the newest log file(s), record by record in chain order. */
    private static final class Newest {
        private final Set<Long> open = new LinkedHashSet<>();
        private AuditLines.Parsed last;
        private AuditLines.Parsed firstOfLive;

        void see(AuditLines.Parsed p, boolean inLiveFile) {
            last = p;
            if (p == null) {
                return;
            }
            if (inLiveFile && firstOfLive == null) {
                firstOfLive = p;
            }
            if (AuditLines.INTENT.equals(p.kind())) {
                open.add(p.seq());
            } else if (AuditLines.OUTCOME.equals(p.kind())) {
                open.remove(p.json().path("intentSeq").asLong());
            }
        }
    }

    /**
     * Appends to the live file the records that were durable only in the sync file (a machine stopped before
     * the live file's pages reached the disk), then syncs the live file so that the sync file can start over.
     * Returns the records written back; {@code last} is the newest record the log files hold (null: none).
     */
    private List<AuditSyncFile.Line> restoreFromSyncFile(Path live, Path dir, AuditLines.Parsed last)
            throws IOException {
        long lastSeq = last == null ? 0 : last.seq();
        List<AuditSyncFile.Line> missing = file.syncFile().chain().stream()
                .filter(l -> l.parsed().seq() > lastSeq).toList();
        if (!missing.isEmpty()) {
            AuditLines.Parsed first = missing.get(0).parsed();
            String lastHash = last == null ? AuditLines.GENESIS : last.hash();
            if (first.seq() != lastSeq + 1 || !first.prev().equals(lastHash)) {
                throw new IllegalStateException("the audit log in " + dir + " ends at record " + lastSeq
                        + " but its sync file continues from another record (" + first.seq() + "); refusing to "
                        + "start (run `coffer audit verify` to see where)");
            }
        }
        if (Files.exists(live) || !missing.isEmpty()) {
            try (FileChannel c = FileChannel.open(live, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND)) {
                for (AuditSyncFile.Line l : missing) {
                    c.write(ByteBuffer.wrap((l.text() + "\n").getBytes(StandardCharsets.UTF_8)));
                }
                c.force(false);
            }
        }
        file.syncFile().restart();
        return missing;
    }
}
