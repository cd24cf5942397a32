package dev.coffer.auditlog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.audit.AuditOutcome;
import dev.coffer.audit.AuditRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A reader that comes back with its tail reads only what was appended since, and the same events as a full scan. */
class AuditReaderTailTest {

    @TempDir
    Path tmp;

    private AuditFile open(Path dir, long maxFileBytes) {
        return new AuditFile(dir, AuditSigner.loadOrCreate(tmp.resolve("keys")), new AuditLogPolicy(maxFileBytes,
                Duration.ofDays(1), Duration.ofDays(365), Long.MAX_VALUE, 1000, Duration.ofHours(1)),
                Clock.systemUTC());
    }

    private static List<String> ids(List<AuditReader.LogicalEvent> events) {
        return events.stream().map(e -> e.json().path("correlationId").asText()).toList();
    }

    @Test
    void aResumedScanReadsOnlyNewRecordsAndCompletesIntentsLeftOpen() throws Exception {
        Path dir = tmp.resolve("log");
        try (AuditFile log = open(dir, Long.MAX_VALUE)) {
            AuditReader.Tail tail = new AuditReader.Tail();
            log.append(AuditLogTest.event(1));
            long intent = log.append(new AuditRecord.Intent(AuditLogTest.event(2)));
            log.append(AuditLogTest.event(3));

            List<AuditReader.LogicalEvent> first = new ArrayList<>();
            AuditReader.Position p1 = AuditReader.scan(dir, 0, log.durableSeq(), tail, first::add);
            assertThat(ids(first)).containsExactly("corr-1", "corr-3");
            assertThat(p1.resumeAfter()).as("resume before the open intent").isEqualTo(intent - 1);

            log.append(new AuditRecord.Outcome(intent, new AuditOutcome("Success", 200, "OK", null, 1)));
            log.append(AuditLogTest.event(4));
            List<AuditReader.LogicalEvent> second = new ArrayList<>();
            AuditReader.Position p2 = AuditReader.scan(dir, p1.resumeAfter(), log.durableSeq(), tail, second::add);
            assertThat(ids(second)).as("only what is new, the intent completed by its outcome")
                    .containsExactly("corr-2", "corr-4");
            assertThat(p2.firstOpenIntent()).isEqualTo(-1);

            List<AuditReader.LogicalEvent> none = new ArrayList<>();
            AuditReader.scan(dir, p2.resumeAfter(), log.durableSeq(), tail, none::add);
            assertThat(none).isEmpty();
        }
    }

    @Test
    void recordsAboveTheDurableMarkAreLeftForTheNextScan() throws Exception {
        Path dir = tmp.resolve("bounded");
        try (AuditFile log = open(dir, Long.MAX_VALUE)) {
            AuditReader.Tail tail = new AuditReader.Tail();
            log.append(AuditLogTest.event(1));
            long bound = log.durableSeq();
            log.append(AuditLogTest.event(2));

            List<AuditReader.LogicalEvent> first = new ArrayList<>();
            AuditReader.Position p1 = AuditReader.scan(dir, 0, bound, tail, first::add);
            assertThat(ids(first)).containsExactly("corr-1");

            List<AuditReader.LogicalEvent> second = new ArrayList<>();
            AuditReader.scan(dir, p1.resumeAfter(), log.durableSeq(), tail, second::add);
            assertThat(ids(second)).containsExactly("corr-2");
        }
    }

    @Test
    void aRotationBetweenScansIsFollowedIntoTheNewFile() throws Exception {
        Path dir = tmp.resolve("rotating");
        try (AuditFile log = open(dir, 4096)) {
            AuditReader.Tail tail = new AuditReader.Tail();
            List<AuditReader.LogicalEvent> seen = new ArrayList<>();
            long after = 0;
            for (int round = 0; round < 6; round++) {
                for (int i = 0; i < 5; i++) {
                    log.append(AuditLogTest.event(round * 5 + i));
                }
                after = AuditReader.scan(dir, after, log.durableSeq(), tail, seen::add).resumeAfter();
            }
            assertThat(LogFiles.rotated(dir)).as("the log rotated while being read").isNotEmpty();
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                expected.add("corr-" + i);
            }
            assertThat(ids(seen)).containsExactlyElementsOf(expected);
            assertThat(Files.exists(dir.resolve(LogFiles.LIVE))).isTrue();
        }
    }

    @Test
    void aLogLargerThanOneReadChunkIsReadWholeAcrossChunkBoundaries() throws Exception {
        Path dir = tmp.resolve("large");
        try (AuditFile log = open(dir, Long.MAX_VALUE)) {
            for (int i = 0; i < 400; i++) {
                log.append(AuditLogTest.event(i));
            }
            assertThat(Files.size(dir.resolve(LogFiles.LIVE))).as("several 64 KiB chunks").isGreaterThan(3 * 65536);
            List<AuditReader.LogicalEvent> all = new ArrayList<>();
            AuditReader.Tail tail = new AuditReader.Tail();
            AuditReader.Position end = AuditReader.scan(dir, 0, log.durableSeq(), tail, all::add);
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                expected.add("corr-" + i);
            }
            assertThat(ids(all)).containsExactlyElementsOf(expected);

            log.append(AuditLogTest.event(400));
            List<AuditReader.LogicalEvent> next = new ArrayList<>();
            AuditReader.scan(dir, end.resumeAfter(), log.durableSeq(), tail, next::add);
            assertThat(ids(next)).as("the tail resumes exactly after the last whole line").containsExactly("corr-400");
        }
    }

    @Test
    void peekSeqReadsTheNumberWithoutParsing() {
        String line = new String(AuditLines.encode(42, AuditLines.GENESIS, AuditLines.EVENT, n -> n.put("a", 1))
                .line(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(AuditLines.peekSeq(line)).isEqualTo(42);
        assertThat(AuditLines.peekSeq("garbage")).isEqualTo(-1);
    }
}
