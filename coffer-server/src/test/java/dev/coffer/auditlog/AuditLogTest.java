package dev.coffer.auditlog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.audit.AuditEvent;
import dev.coffer.audit.AuditOutcome;
import dev.coffer.audit.AuditRecord;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The chain, checkpoints, rotation, retention, recovery and tamper detection of the audit log file. */
class AuditLogTest {

    @TempDir
    Path tmp;

    static AuditEvent event(int i) {
        return new AuditEvent(Instant.parse("2026-01-01T00:00:00Z").plusSeconds(i), "SecretGet", "Success", 200, "OK",
                null, 1, "127.0.0.1", "corr-" + i, "tid", "oid", "appid", "/subscriptions/s/resourceGroups/r/providers"
                + "/Microsoft.KeyVault/vaults/v/secrets/s" + i, "v", "/secrets/s" + i + "?api-version=7.4", "rbac",
                "role assignment 'a'", null, "ua", "TLSv1.3", null, null, null);
    }

    private AuditFile open(Path dir, AuditLogPolicy policy) {
        return new AuditFile(dir, AuditSigner.loadOrCreate(tmp.resolve("keys")), policy, Clock.systemUTC());
    }

    private static AuditLogPolicy small(long fileBytes, long totalBytes) {
        return new AuditLogPolicy(fileBytes, Duration.ofDays(1), Duration.ofDays(365), totalBytes, 5,
                Duration.ofSeconds(10));
    }

    private AuditVerifier.Report verify(Path dir) throws Exception {
        return AuditVerifier.verify(dir, AuditSigner.loadOrCreate(tmp.resolve("keys")).publicKey());
    }

    private Path writeLog(String name, int events) throws Exception {
        Path dir = tmp.resolve(name);
        try (AuditFile log = open(dir, AuditLogPolicy.defaults())) {
            for (int i = 0; i < events; i++) {
                log.append(event(i));
            }
            long intent = log.append(new AuditRecord.Intent(event(100)));
            log.append(new AuditRecord.Outcome(intent, new AuditOutcome("Success", 201, "Created", null, 3)));
        }
        return dir;
    }

    private static List<String> lines(Path dir) throws Exception {
        return new ArrayList<>(Files.readAllLines(dir.resolve("audit.log")));
    }

    private static void write(Path dir, List<String> lines) throws Exception {
        Files.write(dir.resolve("audit.log"), lines, StandardCharsets.UTF_8);
    }

    /** The line holding the record with this sequence number (line 1 is seq 1: the log starts with file-start). */
    private static int lineOf(List<String> lines, long seq) {
        for (int i = 0; i < lines.size(); i++) {
            if (AuditLines.parse(lines.get(i)).seq() == seq) {
                return i;
            }
        }
        throw new IllegalArgumentException("no seq " + seq);
    }

    @Test
    void anIntactLogVerifiesAndReadsAsOneEventPerOperation() throws Exception {
        Path dir = writeLog("intact", 10);
        AuditVerifier.Report report = verify(dir);
        assertThat(report.intact()).as(report.describe()).isTrue();
        assertThat(report.events()).isEqualTo(11);
        assertThat(report.checkpoints()).as("start and close").isGreaterThanOrEqualTo(2);

        List<AuditReader.LogicalEvent> events = new ArrayList<>();
        AuditReader.scan(dir, 0, Long.MAX_VALUE, events::add);
        assertThat(events).hasSize(11);
        AuditReader.LogicalEvent merged = events.get(10);
        assertThat(merged.json().get("resultType").asText()).isEqualTo("Success");
        assertThat(merged.json().get("resultSignature").asText()).isEqualTo("Created");
        assertThat(merged.json().at("/properties/httpStatusCode").asInt()).isEqualTo(201);
        assertThat(merged.json().get("operationVersion").asText()).isEqualTo("7.4");
        assertThat(merged.json().at("/identity/claim/oid").asText()).isEqualTo("oid");
        assertThat(merged.json().has("hash")).isFalse();
    }

    @Test
    void anEditedLineIsNamedAsAltered() throws Exception {
        Path dir = writeLog("edit", 10);
        List<String> lines = lines(dir);
        int at = lineOf(lines, 6);
        lines.set(at, lines.get(at).replace("\"resultType\":\"Success\"", "\"resultType\":\"Failure\""));
        write(dir, lines);
        AuditVerifier.Report r = verify(dir);
        assertThat(r.first().kind()).isEqualTo("altered");
        assertThat(r.first().seq()).isEqualTo(6);
        assertThat(r.describe()).contains("seq 6").contains("SecretGet");
    }

    @Test
    void aDeletedLineIsNamedAsRemoved() throws Exception {
        Path dir = writeLog("delete", 10);
        List<String> lines = lines(dir);
        lines.remove(lineOf(lines, 7));
        write(dir, lines);
        AuditVerifier.Report r = verify(dir);
        assertThat(r.first().kind()).isEqualTo("removed");
        assertThat(r.first().seq()).isEqualTo(7);
    }

    @Test
    void swappedLinesAreNamedAsReordered() throws Exception {
        Path dir = writeLog("swap", 10);
        List<String> lines = lines(dir);
        int a = lineOf(lines, 4);
        String l = lines.get(a);
        lines.set(a, lines.get(a + 1));
        lines.set(a + 1, l);
        write(dir, lines);
        AuditVerifier.Report r = verify(dir);
        assertThat(r.first().kind()).isEqualTo("reordered");
        assertThat(r.first().seq()).isEqualTo(4);
    }

    @Test
    void aCopiedOrForgedLineIsNamedAsInserted() throws Exception {
        Path dir = writeLog("insert", 10);
        List<String> lines = lines(dir);
        lines.add(lineOf(lines, 8), lines.get(lineOf(lines, 3)));
        write(dir, lines);
        AuditVerifier.Report r = verify(dir);
        assertThat(r.first().kind()).isEqualTo("inserted");
        assertThat(r.first().seq()).isEqualTo(3);

        Path dir2 = writeLog("forge", 10);
        List<String> lines2 = lines(dir2);
        lines2.add(lineOf(lines2, 5), "{\"hash\":\"" + "ab".repeat(32) + "\",\"seq\":5,\"operationName\":\"SecretGet\"}");
        write(dir2, lines2);
        AuditVerifier.Report r2 = verify(dir2);
        assertThat(r2.first().kind()).isEqualTo("inserted");
        assertThat(r2.first().seq()).isEqualTo(5);
    }

    @Test
    void aRehashedChainIsCaughtByTheNextSignedCheckpoint() throws Exception {
        Path dir = writeLog("rehash", 12);
        List<String> lines = lines(dir);
        int at = lineOf(lines, 3);
        List<String> rewritten = new ArrayList<>(lines.subList(0, at));
        String prev = AuditLines.parse(lines.get(at - 1)).hash();
        for (int i = at; i < lines.size(); i++) {
            AuditLines.Parsed p = AuditLines.parse(lines.get(i));
            com.fasterxml.jackson.databind.node.ObjectNode body = p.json().deepCopy();
            if (i == at) {
                body.put("callerIpAddress", "10.9.9.9");
            }
            AuditLines.Encoded e = AuditLines.encode(p.seq(), prev, p.kind(), n -> body.fields().forEachRemaining(f -> {
                if (!List.of("seq", "prev", "record").contains(f.getKey())) {
                    n.set(f.getKey(), f.getValue());
                }
            }));
            rewritten.add(new String(e.line(), StandardCharsets.UTF_8).stripTrailing());
            prev = e.hash();
        }
        write(dir, rewritten);
        AuditVerifier.Report r = verify(dir);
        assertThat(r.intact()).isFalse();
        assertThat(r.first().detail()).contains("signature");
        assertThat(r.first().seq()).isLessThanOrEqualTo(3);
    }

    @Test
    void rotationAndRetentionKeepTheChainVerifiableAcrossFiles() throws Exception {
        Path dir = tmp.resolve("rotate");
        try (AuditFile log = open(dir, small(4_000, Long.MAX_VALUE))) {
            for (int i = 0; i < 60; i++) {
                log.append(event(i));
            }
        }
        assertThat(LogFiles.rotated(dir)).hasSizeGreaterThan(3);
        AuditVerifier.Report r = verify(dir);
        assertThat(r.intact()).as(r.describe()).isTrue();
        assertThat(r.events()).isEqualTo(60);

        Path copy = tmp.resolve("rotate-copy");
        Files.createDirectories(copy);
        for (Path f : LogFiles.all(dir)) {
            Files.copy(f, copy.resolve(f.getFileName()));
        }
        Files.delete(LogFiles.rotated(copy).get(1));
        AuditVerifier.Report gap = verify(copy);
        assertThat(gap.first().kind()).isEqualTo("removed");

        Path kept = tmp.resolve("retain");
        try (AuditFile log = open(kept, small(4_000, 12_000))) {
            for (int i = 0; i < 80; i++) {
                log.append(event(i));
            }
        }
        AuditVerifier.Report retained = verify(kept);
        assertThat(retained.intact()).as(retained.describe()).isTrue();
        assertThat(Files.readString(kept.resolve("audit.log")) + String.join("", LogFiles.rotated(kept).stream()
                .map(p -> {
                    try {
                        return Files.readString(p);
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }).toList())).contains("\"record\":\"retention\"");
        Files.delete(LogFiles.rotated(kept).get(0));
        assertThat(verify(kept).first().kind()).isEqualTo("removed");
    }

    @Test
    void aTornTailIsCutOffAndAnOpenIntentGetsAnUnknownOutcome() throws Exception {
        Path dir = tmp.resolve("torn");
        long intent;
        try (AuditFile log = open(dir, AuditLogPolicy.defaults())) {
            log.append(event(1));
            intent = log.append(new AuditRecord.Intent(event(2)));
        }
        Files.writeString(dir.resolve("audit.log"), "{\"hash\":\"12", StandardOpenOption.APPEND);
        try (AuditFile log = open(dir, AuditLogPolicy.defaults())) {
            log.append(event(3));
        }
        AuditVerifier.Report r = verify(dir);
        assertThat(r.intact()).as(r.describe()).isTrue();
        List<AuditReader.LogicalEvent> events = new ArrayList<>();
        AuditReader.scan(dir, 0, Long.MAX_VALUE, events::add);
        assertThat(events).extracting(e -> e.json().get("resultType").asText())
                .containsExactly("Success", "Unknown", "Success");
        assertThat(events.get(1).seq()).isEqualTo(intent);
        assertThat(Files.readString(dir.resolve("audit.log"))).contains("\"record\":\"recovery\"");
    }

    @Test
    void aDeferredOutcomeIsWrittenFirstWhenTheLogTakesWritesAgain() throws Exception {
        Path dir = tmp.resolve("defer");
        try (AuditFile log = open(dir, AuditLogPolicy.defaults())) {
            long intent = log.append(new AuditRecord.Intent(event(1)));
            log.defer(new AuditRecord.Outcome(intent, new AuditOutcome("Success", 200, "OK", null, 2,
                    "/x/versions/abc")));
            assertThat(log.available()).isTrue();
            log.append(event(2));
        }
        List<AuditReader.LogicalEvent> events = new ArrayList<>();
        AuditReader.scan(dir, 0, Long.MAX_VALUE, events::add);
        assertThat(events).extracting(e -> e.json().get("resultType").asText()).containsExactly("Success", "Success");
        assertThat(events.get(0).json().at("/properties/id").asText()).isEqualTo("/x/versions/abc");
        assertThat(verify(dir).intact()).isTrue();
    }

    @Test
    void theSigningKeyIsPrivateToItsOwner() throws Exception {
        AuditSigner.loadOrCreate(tmp.resolve("k"));
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(tmp.resolve("k").resolve(AuditSigner.PRIVATE_FILE)))).isEqualTo("rw-------");
    }
}
