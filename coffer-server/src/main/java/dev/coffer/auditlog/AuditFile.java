package dev.coffer.auditlog;

import dev.coffer.audit.AuditOutcome;
import dev.coffer.audit.AuditRecord;
import dev.coffer.audit.AuditSink;
import dev.coffer.audit.AuditUnavailableException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit log: hash-chained JSON lines (see {@link AuditLines}) in {@code <dir>/audit.log}, made durable
 * before {@link #append} returns. Concurrent appends are group-committed: one writer thread encodes every record
 * waiting, writes them and syncs once, so durability does not serialise the server. The sync is that of the
 * preallocated {@link AuditSyncFile}, which the same bytes overwrite in turn; the live file is synced itself when
 * the sync file is full and at rotation and close, and recovery writes back what only the sync file kept. Every
 * so many records, and at rotation, start and close, the writer signs a checkpoint. A failed write is cut off
 * again (the file is truncated to its last good length) and fails every append of its batch; the sink then
 * reports itself unavailable until a probe succeeds.
 */
public final class AuditFile implements AuditSink {

    private static final Logger LOG = LoggerFactory.getLogger(AuditFile.class);
    private static final int MAX_BATCH = 1024;
    private static final int LINGER_BATCH = 4;
    private static final long LINGER_SYNCS = 2;
    private static final long MAX_LINGER_NANOS = TimeUnit.MILLISECONDS.toNanos(2);
    /**
     * Free space the audit file system must keep so that operations already running can still record their
     * outcome; below it, new operations are refused before they change anything.
     */
    static final long RESERVE_BYTES = 256 * 1024;

    // A null record is a probe: it writes deferred outcomes (if any) and syncs. The encoder is made on the
    // caller's thread (JSON serialisation), so the writer only chains, hashes and writes.
    private record Pending(Encodable record, CompletableFuture<Long> done) {
    }

    private final Path dir;
    private final Path live;
    private final AuditSyncFile syncFile;
    private final AuditSigner signer;
    private final AuditLogPolicy policy;
    private final Clock clock;
    private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final ConcurrentLinkedQueue<AuditRecord.Outcome> deferred = new ConcurrentLinkedQueue<>();
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private final Thread writer;
    private volatile boolean healthy = true;
    private volatile boolean closed;
    private volatile long durableSeq;
    private volatile boolean lingering;
    private volatile boolean stopped;

    // Owned by the writer thread (and by the constructor before the thread starts).
    /** Whether records arrived while the last batch was being written and synced (then the next one lingers). */
    private boolean busy;
    private long lastSyncNanos;
    private FileChannel channel;
    private long committedSize;
    private long seq;
    private String lastHash;
    private long fileFirstSeq;
    private Instant fileStarted;
    private long sinceCheckpoint;
    private Instant lastCheckpoint;

    /** A log in the directory of {@code file} with default policy, its signing key beside it. */
    public AuditFile(Path file) {
        this(file.toAbsolutePath().getParent(), AuditSigner.loadOrCreate(file.toAbsolutePath().getParent()),
                AuditLogPolicy.defaults(), Clock.systemUTC());
    }

    public AuditFile(Path dir, AuditSigner signer, AuditLogPolicy policy, Clock clock) {
        this.dir = dir;
        this.live = dir.resolve(LogFiles.LIVE);
        this.signer = signer;
        this.policy = policy;
        this.clock = clock;
        try {
            if (!Files.exists(dir)) {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rwx------")));
            }
            this.syncFile = AuditSyncFile.open(dir);
            new AuditRecovery(this).recover();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the audit log in " + dir, e);
        }
        this.writer = Thread.ofPlatform().name("coffer-audit-writer").daemon(true).start(this::writeLoop);
    }

    public Path directory() {
        return dir;
    }

    /** The sequence number of the newest durable record (secondary sinks measure their lag against it). */
    public long durableSeq() {
        return durableSeq;
    }

    /** Called (on the writer thread; keep it short) after each durable batch. */
    public void onDurable(Runnable listener) {
        listeners.add(listener);
    }

    @Override
    public long append(AuditRecord record) throws AuditUnavailableException {
        if (closed) {
            throw new AuditUnavailableException("audit log closed", null);
        }
        return await(enqueue(record));
    }

    @Override
    public void defer(AuditRecord.Outcome outcome) {
        deferred.add(outcome);
        LOG.warn("the outcome of audit record {} is kept in memory until the audit log can be written",
                outcome.intentSeq());
    }

    private Pending enqueue(AuditRecord record) {
        Pending p = new Pending(record == null ? null : encodable(record), new CompletableFuture<>());
        queue.add(p);
        if (stopped) {
            failWaiting();
        } else if (lingering && queue.size() + 1 >= LINGER_BATCH) {
            LockSupport.unpark(writer);
        }
        return p;
    }

    private static long await(Pending p) throws AuditUnavailableException {
        try {
            // Untimed on purpose: a timed park of a virtual thread arms and cancels a timer for every audited
            // request (measured: ~10 % of a secret GET's CPU here). Every batch ends in complete or
            // completeExceptionally, and a writer that stops for any reason fails whatever is left.
            return p.done().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AuditUnavailableException("interrupted while writing the audit log", e);
        } catch (ExecutionException e) {
            throw new AuditUnavailableException("the audit log could not be written", e);
        }
    }

    @Override
    public boolean available() {
        if (closed || stopped || !enoughSpace()) {
            return false;
        }
        if (healthy && deferred.isEmpty()) {
            return true;
        }
        // Probe through the writer: it writes the deferred outcomes first and syncs.
        try {
            await(enqueue(null));
            return true;
        } catch (AuditUnavailableException e) {
            return false;
        }
    }

    private boolean enoughSpace() {
        long now = System.nanoTime();
        if (now - plentyCheckedAt < PLENTY_RECHECK_NANOS) {
            return true;
        }
        try {
            // Looking the FileStore up parses the mount table; asking it for space is one statvfs call. Keep the
            // store. Near the reserve, ask every time: a disk that just filled must refuse the very next change.
            // With far more room than the reserve, one answer serves for a few milliseconds: no request can
            // write tens of megabytes of audit records in that time, and a failed write fails closed anyway.
            java.nio.file.FileStore fs = fileStore;
            if (fs == null) {
                fs = Files.getFileStore(dir);
                fileStore = fs;
            }
            long usable = fs.getUsableSpace();
            plentyCheckedAt = usable >= PLENTY_BYTES ? now : now - PLENTY_RECHECK_NANOS;
            return usable >= RESERVE_BYTES;
        } catch (IOException e) {
            fileStore = null;
            plentyCheckedAt = now - PLENTY_RECHECK_NANOS;
            return false;
        }
    }

    private static final long PLENTY_BYTES = 64L * 1024 * 1024;
    private static final long PLENTY_RECHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    private volatile long plentyCheckedAt = System.nanoTime() - PLENTY_RECHECK_NANOS;

    private volatile java.nio.file.FileStore fileStore;

    private void writeLoop() {
        try {
            writeUntilClosed();
        } finally {
            stopped = true;
            failWaiting();
        }
    }

    /** Fails appends that no writer will take any more (after close, or if the writer itself failed). */
    private void failWaiting() {
        Pending p;
        while ((p = queue.poll()) != null) {
            p.done().completeExceptionally(new IllegalStateException("the audit writer has stopped"));
        }
    }

    private void writeUntilClosed() {
        List<Pending> batch = new ArrayList<>();
        while (!closed || !queue.isEmpty()) {
            try {
                Pending first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first != null) {
                    if (busy) {
                        linger();
                    }
                    batch.add(first);
                    queue.drainTo(batch, MAX_BATCH - 1);
                    writeBatch(batch);
                } else if (!deferred.isEmpty()) {
                    writeBatch(batch);
                }
                housekeeping();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.error("the audit writer hit an unexpected error", e);
            } finally {
                batch.clear();
            }
        }
        try {
            if (healthy && sinceCheckpoint > 0) {
                writeCheckpoint("close");
            }
        } catch (IOException e) {
            LOG.warn("no closing checkpoint: the audit log could not be written");
        }
    }

    /**
     * Each sync costs far more than the records it carries (on a virtio disk, 200–300 µs of machine CPU whatever
     * the batch size), and under steady traffic only a record or two arrive during one sync. So while records
     * keep arriving during syncs, the writer waits for a few more before the next sync: until enough are
     * waiting, or for a few sync durations at most. It is not woken per record, only by the one that completes
     * the batch. An idle server (nothing arrived during the last sync) syncs at once.
     */
    private void linger() {
        long deadline = System.nanoTime() + Math.min(MAX_LINGER_NANOS, LINGER_SYNCS * lastSyncNanos);
        lingering = true;
        try {
            long left;
            while (queue.size() + 1 < LINGER_BATCH && (left = deadline - System.nanoTime()) > 0) {
                LockSupport.parkNanos(this, left);
            }
        } finally {
            lingering = false;
        }
    }

    private void writeBatch(List<Pending> batch) {
        List<AuditRecord.Outcome> late = new ArrayList<>(deferred);
        List<Encodable> records = new ArrayList<>();
        late.forEach(o -> records.add(outcome(o)));
        List<Integer> index = new ArrayList<>();
        for (Pending p : batch) {
            index.add(p.record() == null ? -1 : records.size());
            if (p.record() != null) {
                records.add(p.record());
            }
        }
        long[] seqs;
        try {
            seqs = writeRecords(records);
        } catch (IOException | RuntimeException e) {
            healthy = false;
            busy = false;
            batch.forEach(p -> p.done().completeExceptionally(e));
            return;
        }
        // Decided before the callers are released: a single caller's next record, arriving right after its
        // answer, must not make the writer wait for company that is not coming.
        busy = !queue.isEmpty();
        deferred.removeAll(late);
        healthy = true;
        for (int i = 0; i < batch.size(); i++) {
            int at = index.get(i);
            batch.get(i).done().complete(at < 0 ? durableSeq : seqs[at]);
        }
        listeners.forEach(Runnable::run);
    }

    /** One record's encoder, given the sequence number and previous hash the writer assigns. */
    @FunctionalInterface
    interface Encodable {
        AuditLines.Encoded encode(long seq, String prev);
    }

    private Encodable encodable(AuditRecord r) {
        return switch (r) {
            case AuditRecord.Whole w -> {
                byte[] members = AuditLines.members(n -> AuditLines.fillEvent(n, w.event()));
                yield (s, prev) -> AuditLines.encode(s, prev, AuditLines.EVENT, members);
            }
            case AuditRecord.Intent i -> {
                byte[] members = AuditLines.members(n -> AuditLines.fillEvent(n, i.event()));
                yield (s, prev) -> AuditLines.encode(s, prev, AuditLines.INTENT, members);
            }
            case AuditRecord.Outcome o -> outcome(o);
        };
    }

    private Encodable outcome(AuditRecord.Outcome o) {
        return outcome(o.intentSeq(), o.outcome());
    }

    Encodable outcome(long intentSeq, AuditOutcome o) {
        byte[] members = AuditLines.members(n -> AuditLines.fillOutcome(n, intentSeq, o, clock.instant().toString()));
        return (s, prev) -> AuditLines.encode(s, prev, AuditLines.OUTCOME, members);
    }

    /**
     * Appends records at the end of the last good length and syncs; on failure the chain state is as before
     * and the partial bytes are cut off (now, or before the next write).
     */
    long[] writeRecords(List<Encodable> records) throws IOException {
        long startSeq = seq;
        String startHash = lastHash;
        try {
            ensureOpen();
            if (channel.size() > committedSize) {
                channel.truncate(committedSize);
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            long[] seqs = new long[records.size()];
            for (int i = 0; i < records.size(); i++) {
                AuditLines.Encoded e = records.get(i).encode(seq + 1, lastHash);
                seq = e.seq();
                lastHash = e.hash();
                seqs[i] = seq;
                out.writeBytes(e.line());
            }
            byte[] bytes = out.toByteArray();
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            long position = committedSize;
            while (buffer.hasRemaining()) {
                position += channel.write(buffer, position);
            }
            long syncStart = System.nanoTime();
            if (syncFile.fits(bytes.length)) {
                syncFile.append(bytes);
            } else {
                channel.force(false);
                syncFile.restart();
            }
            lastSyncNanos = System.nanoTime() - syncStart;
            committedSize = position;
            sinceCheckpoint += records.size();
            durableSeq = seq;
            return seqs;
        } catch (IOException | RuntimeException e) {
            seq = startSeq;
            lastHash = startHash;
            try {
                if (channel != null && channel.isOpen()) {
                    channel.truncate(committedSize);
                }
            } catch (IOException ignored) {
                // cut off before the next write instead
            }
            throw e;
        }
    }

    private void ensureOpen() throws IOException {
        if (channel == null || !channel.isOpen()) {
            boolean fresh = !Files.exists(live) || Files.size(live) == 0;
            channel = FileChannel.open(live, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.READ);
            committedSize = fresh ? 0 : LogFiles.completeLength(live, channel.size());
            if (fresh) {
                List<Path> rotated = LogFiles.rotated(dir);
                startFile(rotated.isEmpty() ? null : rotated.get(rotated.size() - 1).getFileName().toString());
                syncDirectory(dir);
            }
        }
    }

    /** Writes the first record of a new live file, which carries the chain over from the previous file. */
    static void syncDirectory(Path dir) throws IOException {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        }
    }

    private void startFile(String previousFile) throws IOException {
        String time = clock.instant().toString();
        fileFirstSeq = seq + 1;
        fileStarted = clock.instant();
        writeRecords(List.of((s, prev) -> AuditLines.encode(s, prev, AuditLines.FILE_START, n -> {
            n.put("time", time);
            n.put("previousFile", previousFile);
        })));
    }

    void writeCheckpoint(String reason) throws IOException {
        String time = clock.instant().toString();
        writeRecords(List.of((s, prev) -> AuditLines.encode(s, prev, AuditLines.CHECKPOINT, n -> {
            n.put("time", time);
            n.put("reason", reason);
            n.put("keyId", signer.keyId());
            n.put("signature", signer.sign(s, prev, time));
        })));
        sinceCheckpoint = 0;
        lastCheckpoint = clock.instant();
    }

    private void housekeeping() {
        if (!healthy) {
            return;
        }
        try {
            Instant now = clock.instant();
            if (sinceCheckpoint >= policy.checkpointEvery() || (sinceCheckpoint > 0
                    && !now.isBefore(lastCheckpoint.plus(policy.checkpointInterval())))) {
                writeCheckpoint("periodic");
            }
            if (committedSize >= policy.maxFileBytes()
                    || (seq > fileFirstSeq && !now.isBefore(fileStarted.plus(policy.maxFileAge())))) {
                new AuditRotation(this).rotate();
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("audit log housekeeping (checkpoint, rotation, retention) failed; retrying later: {}",
                    e.toString());
        }
    }

    // For AuditRecovery and AuditRotation, which run on the writer thread or before it starts.
    Path live() {
        return live;
    }

    AuditLogPolicy policy() {
        return policy;
    }

    Clock clock() {
        return clock;
    }

    void resumeAt(long lastSeq, String hash, long firstSeqOfFile, Instant started) {
        this.seq = lastSeq;
        this.lastHash = hash;
        this.durableSeq = lastSeq;
        this.fileFirstSeq = firstSeqOfFile;
        this.fileStarted = started;
        this.lastCheckpoint = clock.instant();
    }

    long fileFirstSeq() {
        return fileFirstSeq;
    }

    AuditSyncFile syncFile() {
        return syncFile;
    }

    /**
     * Makes the live file durable by itself and closes it; from then on the sync file may start over (its
     * records are all in a synced log file).
     */
    void closeChannel() throws IOException {
        if (channel != null) {
            try {
                channel.force(false);
                syncFile.restart();
            } finally {
                channel.close();
                channel = null;
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            writer.join(10_000);
            closeChannel();
            syncFile.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // closing a log that was synced after every batch loses nothing
        }
    }
}
