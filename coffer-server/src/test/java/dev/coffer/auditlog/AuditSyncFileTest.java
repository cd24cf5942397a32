package dev.coffer.auditlog;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sync file: a batch is durable once it is there, and after a machine stop the records the live file had not
 * yet written to disk come back from it; lines of an earlier round are never taken for records.
 */
class AuditSyncFileTest {

    @TempDir
    Path tmp;

    private AuditFile open(Path dir) {
        return new AuditFile(dir, AuditSigner.loadOrCreate(tmp.resolve("keys")), AuditLogPolicy.defaults(),
                Clock.systemUTC());
    }

    /** The audit directory as a machine stop would leave it: the live file cut back to {@code keptLines}. */
    private static Path stoppedCopy(Path dir, Path copy, int cutLines) throws Exception {
        Files.createDirectories(copy);
        for (String name : List.of(LogFiles.LIVE, AuditSyncFile.NAME)) {
            Files.copy(dir.resolve(name), copy.resolve(name));
        }
        List<String> lines = Files.readAllLines(copy.resolve(LogFiles.LIVE));
        long keep = 0;
        for (String line : lines.subList(0, lines.size() - cutLines)) {
            keep += line.getBytes(StandardCharsets.UTF_8).length + 1;
        }
        try (FileChannel c = FileChannel.open(copy.resolve(LogFiles.LIVE), StandardOpenOption.WRITE)) {
            c.truncate(keep);
        }
        return copy;
    }

    private static List<AuditReader.LogicalEvent> events(Path dir) throws Exception {
        List<AuditReader.LogicalEvent> events = new ArrayList<>();
        AuditReader.scan(dir, 0, Long.MAX_VALUE, events::add);
        return events;
    }

    private void assertIntact(Path dir) throws Exception {
        AuditVerifier.Report r = AuditVerifier.verify(dir, AuditSigner.loadOrCreate(tmp.resolve("keys")).publicKey());
        assertThat(r.intact()).as(r.describe()).isTrue();
    }

    @Test
    void acknowledgedRecordsTheLiveFileLostComeBackFromTheSyncFile() throws Exception {
        Path dir = tmp.resolve("log");
        Path copy = tmp.resolve("stopped");
        try (AuditFile log = open(dir)) {
            for (int i = 0; i < 6; i++) {
                log.append(AuditLogTest.event(i));
            }
            stoppedCopy(dir, copy, 4);
        }
        try (AuditFile log = open(copy)) {
            log.append(AuditLogTest.event(6));
        }
        assertIntact(copy);
        assertThat(events(copy)).extracting(e -> e.json().get("correlationId").asText())
                .containsExactly("corr-0", "corr-1", "corr-2", "corr-3", "corr-4", "corr-5", "corr-6");
        assertThat(Files.readString(copy.resolve(LogFiles.LIVE))).contains("\"restoredRecords\":4");
    }

    @Test
    void whenTheSyncFileIsFullTheLiveFileIsSyncedAndTheSyncFileStartsOver() throws Exception {
        Path dir = tmp.resolve("log");
        Path copy = tmp.resolve("stopped");
        int appended = 0;
        try (AuditFile log = open(dir)) {
            while (Files.size(dir.resolve(LogFiles.LIVE)) < AuditSyncFile.CAPACITY + 20_000) {
                log.append(AuditLogTest.event(appended++));
            }
            stoppedCopy(dir, copy, 3);
        }
        assertThat(Files.size(dir.resolve(AuditSyncFile.NAME))).isEqualTo(AuditSyncFile.CAPACITY);
        try (AuditFile log = open(copy)) {
            log.append(AuditLogTest.event(appended++));
        }
        assertIntact(copy);
        assertThat(events(copy)).hasSize(appended);
        assertThat(Files.readString(copy.resolve(LogFiles.LIVE))).contains("\"restoredRecords\":3");
    }

    @Test
    void aCleanStopLeavesNothingToWriteBack() throws Exception {
        Path dir = tmp.resolve("log");
        try (AuditFile log = open(dir)) {
            log.append(AuditLogTest.event(1));
        }
        try (AuditFile log = open(dir)) {
            log.append(AuditLogTest.event(2));
        }
        assertIntact(dir);
        assertThat(events(dir)).hasSize(2);
        assertThat(Files.readString(dir.resolve(LogFiles.LIVE))).doesNotContain("\"record\":\"recovery\"");
    }

    @Test
    void linesOfAnEarlierRoundOrATornBatchEndTheChain() throws Exception {
        Path dir = tmp.resolve("raw");
        Files.createDirectories(dir);
        List<AuditLines.Encoded> first = chained("first", 1, 4, AuditLines.GENESIS);
        try (AuditSyncFile sync = AuditSyncFile.open(dir)) {
            sync.append(concat(first));
            assertThat(sync.chain()).extracting(l -> l.parsed().seq()).containsExactly(1L, 2L, 3L, 4L);

            sync.restart();
            sync.append(concat(chained("second", 5, 2, first.get(3).hash())));
            assertThat(sync.chain()).as("seq 3 and 4 of the earlier round follow, out of order")
                    .extracting(l -> l.parsed().seq()).containsExactly(5L, 6L);

            sync.restart();
            byte[] torn = concat(chained("third", 5, 2, first.get(3).hash()));
            sync.append(java.util.Arrays.copyOf(torn, torn.length - 10));
            assertThat(sync.chain()).as("the torn line 6 ends with the earlier round's bytes: its hash fails")
                    .extracting(l -> l.parsed().seq()).containsExactly(5L);
        }
    }

    private static List<AuditLines.Encoded> chained(String round, long fromSeq, int count, String prev) {
        List<AuditLines.Encoded> lines = new ArrayList<>();
        for (long seq = fromSeq; seq < fromSeq + count; seq++) {
            AuditLines.Encoded e = AuditLines.encode(seq, prev, AuditLines.CHECKPOINT,
                    n -> n.put("pad", "x".repeat(40) + round));
            lines.add(e);
            prev = e.hash();
        }
        return lines;
    }

    private static byte[] concat(List<AuditLines.Encoded> lines) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        lines.forEach(l -> out.writeBytes(l.line()));
        return out.toByteArray();
    }
}
