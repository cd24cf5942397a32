package dev.coffer.auditlog;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Rotation and retention, run on the audit writer thread. Rotation ends the live file with a signed
 * checkpoint, renames it after its first sequence number and starts a new live file whose first record carries
 * the chain on. Retention deletes the oldest rotated files by age or total size, but first appends a durable
 * {@code retention} record naming them and the sequence number and hash they ended with, so the remaining
 * log still verifies and the gap is explained rather than hidden.
 */
final class AuditRotation {

    private final AuditFile file;

    AuditRotation(AuditFile file) {
        this.file = file;
    }

    void rotate() throws IOException {
        Path live = file.live();
        Path dir = live.getParent();
        file.writeCheckpoint("rotate");
        file.closeChannel();
        Files.move(live, dir.resolve(LogFiles.rotatedName(file.fileFirstSeq())), StandardCopyOption.ATOMIC_MOVE);
        AuditFile.syncDirectory(dir);
        file.writeRecords(List.of());
        applyRetention();
    }

    void applyRetention() throws IOException {
        Path dir = file.live().getParent();
        List<Path> rotated = LogFiles.rotated(dir);
        long total = Files.exists(file.live()) ? Files.size(file.live()) : 0;
        for (Path f : rotated) {
            total += Files.size(f);
        }
        Instant now = file.clock().instant();
        List<Path> remove = new ArrayList<>();
        AuditLines.Parsed through = null;
        for (Path f : rotated) {
            AuditLines.Parsed last = AuditLines.parse(String.valueOf(LogFiles.lastLine(f)));
            Instant lastTime = last == null ? null : Instant.parse(last.json().path("time").asText(now.toString()));
            boolean old = lastTime != null && lastTime.plus(file.policy().retention()).isBefore(now);
            if (last == null || !(old || total > file.policy().maxTotalBytes())) {
                break;
            }
            remove.add(f);
            total -= Files.size(f);
            through = last;
        }
        if (remove.isEmpty()) {
            return;
        }
        String time = now.toString();
        List<String> names = remove.stream().map(p -> p.getFileName().toString()).toList();
        AuditLines.Parsed end = through;
        file.writeRecords(List.of((s, prev) -> AuditLines.encode(s, prev, AuditLines.RETENTION, n -> {
            n.put("time", time);
            names.forEach(n.putArray("removedFiles")::add);
            n.put("throughSeq", end.seq());
            n.put("throughHash", end.hash());
        })));
        for (Path f : remove) {
            Files.delete(f);
        }
        AuditFile.syncDirectory(dir);
    }
}
