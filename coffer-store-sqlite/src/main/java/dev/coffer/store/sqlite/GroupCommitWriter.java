package dev.coffer.store.sqlite;

import dev.coffer.store.StoreException;
import dev.coffer.store.WriteTx;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * The only thread that writes. It takes whatever units are queued (at most {@value #MAX_BATCH}), runs them in
 * one transaction, each inside its own savepoint so that a unit that throws is undone alone, and commits once:
 * one WAL sync makes the whole batch durable. Callers are released only after that commit.
 */
final class GroupCommitWriter implements AutoCloseable {

    static final int MAX_BATCH = 256;

    // Marks the end of the queue; enqueued by close() after which nothing else is accepted.
    private static final WriteUnit<Void> STOP = new WriteUnit<>(tx -> null);

    private final SqlSession session;
    private final SqliteTx tx;
    private final BlockingQueue<WriteUnit<?>> queue = new LinkedBlockingQueue<>();
    private final ReentrantLock admission = new ReentrantLock();
    private final AtomicLong commits = new AtomicLong();
    private final Thread thread;
    private boolean closed;

    GroupCommitWriter(SqlSession session) {
        this.session = session;
        this.tx = new SqliteTx(session);
        // A platform thread: it spends its time in native SQLite calls, which would pin a virtual one anyway.
        this.thread = Thread.ofPlatform().name("coffer-sqlite-writer").daemon(true).unstarted(this::loop);
        thread.start();
    }

    <T> T submit(Function<WriteTx, T> work) {
        if (Thread.currentThread() == thread) {
            // The writer would wait for itself.
            throw new IllegalStateException("Store.write called from inside a write unit; use the WriteTx given");
        }
        WriteUnit<T> unit = new WriteUnit<>(work);
        admission.lock();
        try {
            if (closed) {
                throw new StoreException("the store is closed", null);
            }
            queue.add(unit);
        } finally {
            admission.unlock();
        }
        return unit.await();
    }

    /** Transactions committed so far; fewer than units written when concurrent writers were grouped. */
    long commits() {
        return commits.get();
    }

    private void loop() {
        List<WriteUnit<?>> batch = new ArrayList<>(MAX_BATCH);
        boolean stopping = false;
        while (!stopping) {
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                continue; // only close() may stop the writer, via STOP
            }
            queue.drainTo(batch, MAX_BATCH - 1);
            stopping = batch.remove(STOP); // nothing is queued after STOP
            if (!batch.isEmpty()) {
                runBatchSafely(batch);
            }
            batch.clear();
        }
    }

    // Whatever goes wrong, no caller may be left waiting and the writer must live on.
    private void runBatchSafely(List<WriteUnit<?>> batch) {
        try {
            runBatch(batch);
        } catch (RuntimeException | Error e) {
            rollbackQuietly();
            abandon(batch, new StoreException("the SQLite writer failed", e)); // no-op for units already told
        }
    }

    private void runBatch(List<WriteUnit<?>> batch) {
        try {
            session.execute("BEGIN IMMEDIATE");
        } catch (SQLException e) {
            abandon(batch, new StoreException("SQLite could not begin a write transaction", e));
            return;
        }
        try {
            for (WriteUnit<?> unit : batch) {
                runInSavepoint(unit);
            }
        } catch (SQLException | RuntimeException e) {
            // A savepoint statement failed: SQLite may already have rolled the whole transaction back.
            rollbackQuietly();
            abandon(batch, new StoreException("a SQLite write transaction failed", e));
            return;
        }
        try {
            session.execute("COMMIT");
        } catch (SQLException e) {
            rollbackQuietly();
            abandon(batch, new StoreException("SQLite could not commit a write transaction", e));
            return;
        }
        commits.incrementAndGet();
        batch.forEach(WriteUnit::committed);
    }

    private void runInSavepoint(WriteUnit<?> unit) throws SQLException {
        session.execute("SAVEPOINT unit");
        if (!unit.run(tx)) {
            session.execute("ROLLBACK TO unit");
        }
        session.execute("RELEASE unit");
    }

    private void rollbackQuietly() {
        try {
            session.execute("ROLLBACK");
        } catch (SQLException ignored) {
            // no transaction was open any more: SQLite rolled it back itself
        }
    }

    private static void abandon(List<WriteUnit<?>> batch, StoreException cause) {
        batch.forEach(unit -> unit.abandoned(cause));
    }

    /** Stops accepting work, lets the writer finish everything already queued, then closes its connection. */
    @Override
    public void close() {
        admission.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            queue.add(STOP);
        } finally {
            admission.unlock();
        }
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        session.close();
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
