package dev.coffer.auditlog;

import java.io.IOException;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks an audit log directory and names the first record that was altered, removed, reordered or inserted.
 *
 * <p>Each line's hash must match its bytes, its sequence number must follow the previous one, and its
 * {@code prev} must be the previous line's hash. Those checks find edits, deletions, swaps and insertions made
 * without re-hashing. Someone who re-hashes the rest of the chain after an edit is caught by the next signed
 * checkpoint, whose signature (made with a key they do not have) covers the hash it follows; the report then
 * names the span since the last good checkpoint. A log that starts after sequence 1 must be explained by a
 * {@code retention} record naming the hash where the removed files ended.
 */
public final class AuditVerifier {

    /** What was found first, where, and the event it concerns. */
    public record Finding(String kind, long seq, String location, String detail) {
        public String describe() {
            return kind.toUpperCase(java.util.Locale.ROOT) + ": event seq " + seq + " (" + location + "): " + detail;
        }
    }

    /** The verdict over a whole directory. */
    public record Report(Finding first, int files, long records, long events, long checkpoints,
                         long lastCheckpointSeq, long lastSeq) {
        public boolean intact() {
            return first == null;
        }

        public String describe() {
            if (first != null) {
                return "TAMPERED " + first.describe();
            }
            return "OK: " + events + " events in " + records + " records across " + files + " file(s); chain intact "
                    + "through seq " + lastSeq + "; " + checkpoints + " signed checkpoint(s) verified"
                    + (lastCheckpointSeq > 0 ? ", the last at seq " + lastCheckpointSeq : "")
                    + (lastSeq > lastCheckpointSeq ? "; " + (lastSeq - lastCheckpointSeq)
                    + " record(s) after it are protected by the chain alone" : "");
        }
    }

    private record Entry(String file, long line, AuditLines.Parsed parsed) {
        String location() {
            return file + " line " + line;
        }
    }

    private AuditVerifier() {
    }

    public static Report verify(Path dir, PublicKey key) throws IOException {
        List<Path> files = LogFiles.all(dir);
        List<Entry> entries = new ArrayList<>();
        for (Path f : files) {
            long[] n = {0};
            String name = f.getFileName().toString();
            LogFiles.forEachLine(f, l -> entries.add(new Entry(name, ++n[0], AuditLines.parse(l))));
        }
        Map<Long, Integer> firstIndexOfSeq = new HashMap<>();
        Map<Long, String> retainedThrough = new HashMap<>();
        for (int i = 0; i < entries.size(); i++) {
            AuditLines.Parsed p = entries.get(i).parsed();
            if (p != null && p.hashMatches()) {
                firstIndexOfSeq.putIfAbsent(p.seq(), i);
                if (AuditLines.RETENTION.equals(p.kind())) {
                    retainedThrough.put(p.json().path("throughSeq").asLong(), p.json().path("throughHash").asText());
                }
            }
        }
        long expected = -1;
        String prevHash = null;
        long events = 0;
        long checkpoints = 0;
        long lastCheckpoint = 0;
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            AuditLines.Parsed p = e.parsed();
            Entry next = i + 1 < entries.size() ? entries.get(i + 1) : null;
            Finding f = null;
            if (p == null || (!p.hashMatches() && p.seq() != expected && expected >= 0)) {
                f = chainsOn(next, expected, prevHash)
                        ? new Finding("inserted", expected, e.location(), "a line that is not part of the chain")
                        : new Finding("altered", Math.max(expected, 1), e.location(),
                        "the line is not a valid audit record any more");
            } else if (expected < 0) {
                if (!p.hashMatches()) {
                    f = new Finding("altered", p.seq(), e.location(), "its content no longer matches its hash"
                            + name(p));
                } else if (!(p.seq() == 1 && AuditLines.GENESIS.equals(p.prev()))
                        && !p.prev().equals(retainedThrough.get(p.seq() - 1))) {
                    f = new Finding("removed", 1, e.location(), "the log starts at seq " + p.seq()
                            + " and no retention record accounts for the records before it");
                }
            } else if (p.seq() == expected) {
                if (!p.hashMatches() && chainsOn(next, expected, prevHash)) {
                    f = new Finding("inserted", expected, e.location(), "a forged record in front of the real seq "
                            + expected);
                } else if (!p.hashMatches()) {
                    f = new Finding("altered", p.seq(), e.location(), "its content no longer matches its hash"
                            + name(p));
                } else if (!p.prev().equals(prevHash)) {
                    AuditLines.Parsed before = entries.get(i - 1).parsed();
                    f = next != null && next.parsed() != null && next.parsed().seq() == p.seq()
                            && prevHash.equals(next.parsed().prev())
                            ? new Finding("inserted", p.seq(), e.location(), "a forged record in front of the real"
                            + " seq " + p.seq())
                            : new Finding("altered", p.seq() - 1, entries.get(i - 1).location(), "it was changed and "
                            + "re-hashed: seq " + p.seq() + " chained to a different hash" + name(before));
                } else if (AuditLines.CHECKPOINT.equals(p.kind())) {
                    String time = p.json().path("time").asText();
                    if (!AuditSigner.keyId(key).equals(p.json().path("keyId").asText())
                            || !AuditSigner.verify(key, p.seq(), p.prev(), time, p.json().path("signature").asText())) {
                        f = new Finding("altered", lastCheckpoint + 1, e.location(), "the checkpoint at seq " + p.seq()
                                + " does not carry a valid signature of the audit key: the records after seq "
                                + lastCheckpoint + " up to it were rewritten (or the checkpoint forged)");
                    } else {
                        checkpoints++;
                        lastCheckpoint = p.seq();
                    }
                }
            } else if (p.seq() > expected) {
                Integer later = firstIndexOfSeq.get(expected);
                f = later != null && later > i
                        ? new Finding("reordered", expected, entries.get(later).location(), "it appears after seq "
                        + p.seq() + " (" + e.location() + ")" + name(entries.get(later).parsed()))
                        : new Finding("removed", expected, e.location(), "seq " + expected
                        + (p.seq() - 1 > expected ? " to " + (p.seq() - 1) : "") + " missing before seq " + p.seq());
            } else {
                f = new Finding("inserted", p.seq(), e.location(), "a record with seq " + p.seq()
                        + " appears again after seq " + (expected - 1) + name(p));
            }
            if (f != null) {
                return new Report(f, files.size(), i, events, checkpoints, lastCheckpoint, expected - 1);
            }
            if (AuditLines.EVENT.equals(p.kind()) || AuditLines.INTENT.equals(p.kind())) {
                events++;
            }
            expected = p.seq() + 1;
            prevHash = p.hash();
        }
        return new Report(null, files.size(), entries.size(), events, checkpoints, lastCheckpoint, expected - 1);
    }

    private static boolean chainsOn(Entry next, long expected, String prevHash) {
        return next != null && next.parsed() != null && next.parsed().hashMatches() && next.parsed().seq() == expected
                && next.parsed().prev().equals(prevHash);
    }

    private static String name(AuditLines.Parsed p) {
        if (p == null || p.json().path("operationName").isMissingNode()) {
            return "";
        }
        return " [" + p.json().path("operationName").asText() + " at " + p.json().path("time").asText()
                + ", correlationId " + p.json().path("correlationId").asText() + "]";
    }
}
