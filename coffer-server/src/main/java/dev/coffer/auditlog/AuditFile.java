package dev.coffer.auditlog;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coffer.audit.AuditEvent;
import dev.coffer.audit.AuditSink;
import dev.coffer.audit.AuditUnavailableException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The audit log as JSON lines in a file, made durable before {@link #append} returns. Concurrent appends are
 * group-committed: one writer thread writes every line waiting and syncs once for the batch, so durability
 * does not serialise the server. A failed write or sync fails every append of the batch; the sink then reports
 * itself unavailable until a write succeeds again.
 */
public final class AuditFile implements AuditSink {

    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final int MAX_BATCH = 1024;
    private static final long APPEND_TIMEOUT_SECONDS = 30;

    private record Pending(byte[] line, CompletableFuture<Void> done) {
    }

    private final Path file;
    private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Thread writer;
    private volatile FileChannel channel;
    private volatile boolean healthy = true;
    private volatile boolean closed;

    public AuditFile(Path file) {
        this.file = file;
        try {
            Path dir = file.toAbsolutePath().getParent();
            if (!Files.exists(dir)) {
                Files.createDirectories(dir, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                        java.nio.file.attribute.PosixFilePermissions.fromString("rwx------")));
            }
            this.channel = open(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the audit log " + file, e);
        }
        this.writer = Thread.ofPlatform().name("coffer-audit-writer").daemon(true).start(this::writeLoop);
    }

    private static FileChannel open(Path file) throws IOException {
        return FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    }

    @Override
    public void append(AuditEvent event) throws AuditUnavailableException {
        if (closed) {
            throw new AuditUnavailableException("audit log closed", null);
        }
        Pending p = new Pending(line(event), new CompletableFuture<>());
        queue.add(p);
        try {
            p.done().get(APPEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AuditUnavailableException("interrupted while writing the audit log", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new AuditUnavailableException("the audit log could not be written", e);
        }
    }

    /**
     * Free space the audit file system must keep so that operations already running can still record their
     * outcome; below it, new operations are refused before they change anything.
     */
    static final long RESERVE_BYTES = 256 * 1024;

    @Override
    public boolean available() {
        if (!enoughSpace()) {
            return false;
        }
        if (healthy) {
            return true;
        }
        // Probe: reopen and sync; the next batch retries the real write.
        try {
            FileChannel fresh = open(file);
            fresh.force(false);
            FileChannel old = channel;
            channel = fresh;
            old.close();
            healthy = true;
        } catch (IOException e) {
            return false;
        }
        return true;
    }

    private boolean enoughSpace() {
        try {
            return Files.getFileStore(file).getUsableSpace() >= RESERVE_BYTES;
        } catch (IOException e) {
            return false;
        }
    }

    private void writeLoop() {
        List<Pending> batch = new ArrayList<>();
        while (!closed || !queue.isEmpty()) {
            try {
                Pending first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                writeBatch(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                batch.clear();
            }
        }
    }

    private void writeBatch(List<Pending> batch) {
        int size = 0;
        for (Pending p : batch) {
            size += p.line().length;
        }
        ByteBuffer buffer = ByteBuffer.allocate(size);
        batch.forEach(p -> buffer.put(p.line()));
        buffer.flip();
        try {
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(false);
            batch.forEach(p -> p.done().complete(null));
        } catch (IOException | RuntimeException e) {
            healthy = false;
            batch.forEach(p -> p.done().completeExceptionally(e));
        }
    }

    static byte[] line(AuditEvent e) {
        ObjectNode n = JSON.createObjectNode();
        n.put("time", e.time().toString());
        n.put("resourceId", e.resourceId());
        n.put("operationName", e.operationName());
        n.put("operationVersion", "1.0");
        n.put("category", "AuditEvent");
        n.put("resultType", e.resultType());
        n.put("resultSignature", e.resultSignature());
        n.put("resultDescription", e.resultDescription());
        n.put("durationMs", e.durationMs());
        n.put("callerIpAddress", e.callerIpAddress());
        n.put("correlationId", e.correlationId());
        ObjectNode claim = n.putObject("identity").putObject("claim");
        claim.put("oid", e.objectId());
        claim.put("appid", e.appId());
        claim.put("tid", e.tenantId());
        ObjectNode p = n.putObject("properties");
        p.put("vaultName", e.vaultName());
        p.put("requestUri", e.requestUri());
        p.put("httpStatusCode", e.httpStatus());
        p.put("authorizationModel", e.decisionModel());
        p.put("authorizationReason", e.decisionReason());
        try {
            byte[] json = JSON.writeValueAsBytes(n);
            byte[] line = new byte[json.length + 1];
            System.arraycopy(json, 0, line, 0, json.length);
            line[json.length] = '\n';
            return line;
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            writer.join(5_000);
            channel.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // closing a log that was synced after every batch loses nothing
        }
    }
}
