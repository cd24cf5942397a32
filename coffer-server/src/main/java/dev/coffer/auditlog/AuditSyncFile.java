package dev.coffer.auditlog;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a batch of audit records becomes durable: a fixed-size file ({@code audit.sync}), filled with zeros once
 * when created, that each batch overwrites in turn from its start. The records themselves go to the live
 * {@code audit.log} as plain JSON lines without a sync of their own.
 *
 * <p>Why: syncing an append to {@code audit.log} changes the file's size, so every sync commits the file system's
 * journal as well (on ext4 several device writes and flushes; on a virtual disk each costs a VM exit). Overwriting
 * blocks that already exist needs only the data and one flush: measured here, half the latency and half the CPU
 * per sync. {@code audit.log} stays what users read and ship (exact JSON lines, growing); it is synced itself
 * whenever this file is full, before this file starts again from offset zero, and at rotation and close.
 *
 * <p>After a crash, {@link #chain} reads back the records written since that last sync of {@code audit.log}:
 * the lines from offset zero that parse, hash-match and follow each other by sequence number and hash. Older
 * lines beyond them (left from before the restart at offset zero) or a torn batch end the chain.
 */
final class AuditSyncFile implements AutoCloseable {

    static final String NAME = "audit.sync";
    static final int CAPACITY = 1024 * 1024;

    private final FileChannel channel;
    private long position;

    private AuditSyncFile(FileChannel channel) {
        this.channel = channel;
    }

    /** Opens the file in {@code dir}, creating it zero-filled (and synced with its directory) when missing. */
    static AuditSyncFile open(Path dir) throws IOException {
        Path path = dir.resolve(NAME);
        boolean fresh = !Files.exists(path) || Files.size(path) != CAPACITY;
        FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        try {
            if (fresh) {
                // Real zeros, not a sparse or fallocated range: overwriting unwritten extents would change the
                // file's metadata on every sync again.
                ByteBuffer zeros = ByteBuffer.allocate(64 * 1024);
                for (long at = 0; at < CAPACITY; at += zeros.capacity()) {
                    zeros.clear();
                    while (zeros.hasRemaining()) {
                        channel.write(zeros, at + zeros.position());
                    }
                }
                channel.truncate(CAPACITY);
                channel.force(true);
                AuditFile.syncDirectory(dir);
            }
            return new AuditSyncFile(channel);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** Whether {@code bytes} more fit before the end of the file. */
    boolean fits(int bytes) {
        return position + bytes <= CAPACITY;
    }

    /** Writes a batch after the previous one and syncs it. */
    void append(byte[] bytes) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        long at = position;
        while (buffer.hasRemaining()) {
            at += channel.write(buffer, at);
        }
        channel.force(false);
        position = at;
    }

    /** Starts again from offset zero: call only once every record written so far is durable in audit.log. */
    void restart() {
        position = 0;
    }

    /** A record read back: the line as written (without its newline) and what it says. */
    record Line(String text, AuditLines.Parsed parsed) {
    }

    /** The records of the current round, in order: each line is a whole, hash-matching record of the chain. */
    List<Line> chain() throws IOException {
        ByteBuffer all = ByteBuffer.allocate((int) Math.min(channel.size(), CAPACITY));
        while (all.hasRemaining() && channel.read(all, all.position()) > 0) {
            // read the whole file
        }
        byte[] bytes = all.array();
        List<Line> chain = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < all.position(); i++) {
            if (bytes[i] == 0) {
                break;
            }
            if (bytes[i] != '\n') {
                continue;
            }
            String text = new String(bytes, start, i - start, StandardCharsets.UTF_8);
            AuditLines.Parsed p = AuditLines.parse(text);
            AuditLines.Parsed before = chain.isEmpty() ? null : chain.get(chain.size() - 1).parsed();
            if (p == null || !p.hashMatches()
                    || (before != null && (p.seq() != before.seq() + 1 || !p.prev().equals(before.hash())))) {
                break;
            }
            chain.add(new Line(text, p));
            start = i + 1;
        }
        return chain;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
