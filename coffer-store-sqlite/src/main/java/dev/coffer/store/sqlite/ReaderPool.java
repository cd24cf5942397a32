package dev.coffer.store.sqlite;

import dev.coffer.store.ReadTx;
import dev.coffer.store.StoreException;
import java.sql.SQLException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A fixed set of query-only connections. Each read runs in its own deferred transaction, so everything it
 * reads comes from one snapshot, and WAL lets it run while the writer commits.
 */
final class ReaderPool implements AutoCloseable {

    private static final long CLOSE_WAIT_SECONDS = 10;
    private static final long TAKE_POLL_MILLIS = 100;

    private final Supplier<SqlSession> opener;
    private final int size;
    private final BlockingQueue<SqliteTx> idle;
    private final AtomicBoolean closed = new AtomicBoolean();

    ReaderPool(Supplier<SqlSession> opener, int size) {
        this.opener = opener;
        this.size = size;
        this.idle = new ArrayBlockingQueue<>(size);
        try {
            for (int i = 0; i < size; i++) {
                idle.add(new SqliteTx(opener.get()));
            }
        } catch (RuntimeException e) {
            idle.forEach(tx -> tx.session().close());
            throw e;
        }
    }

    <T> T read(Function<ReadTx, T> work) {
        SqliteTx tx = take();
        boolean reusable = false;
        try {
            tx.session().execute("BEGIN DEFERRED");
            try {
                T result = work.apply(tx);
                // A read changes nothing; ending it releases its snapshot so the WAL can be checkpointed.
                tx.session().execute("ROLLBACK");
                reusable = true;
                return result;
            } catch (RuntimeException | Error e) {
                reusable = rollbackQuietly(tx);
                throw e;
            }
        } catch (SQLException e) {
            throw new StoreException("a SQLite read transaction failed", e);
        } finally {
            giveBack(tx, reusable);
        }
    }

    // Polls rather than blocks so that a read waiting while the store closes gives up instead of hanging.
    private SqliteTx take() {
        try {
            while (!closed.get()) {
                SqliteTx tx = idle.poll(TAKE_POLL_MILLIS, TimeUnit.MILLISECONDS);
                if (tx != null) {
                    return tx;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while waiting for a read connection", e);
        }
        throw new StoreException("the store is closed", null);
    }

    private static boolean rollbackQuietly(SqliteTx tx) {
        try {
            tx.session().execute("ROLLBACK");
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    /**
     * A connection whose transaction could not be begun or ended is in an unknown state: replace it. If a
     * replacement cannot be opened either, keep the old one rather than let the pool shrink towards deadlock.
     */
    private void giveBack(SqliteTx tx, boolean reusable) {
        SqliteTx back = tx;
        if (!reusable) {
            try {
                back = new SqliteTx(opener.get());
                tx.session().close();
            } catch (StoreException e) {
                // keep whichever connection we have
            }
        }
        idle.add(back);
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        // Wait for reads in flight to hand their connections back, then close them all.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(CLOSE_WAIT_SECONDS);
        for (int closedCount = 0; closedCount < size; closedCount++) {
            SqliteTx tx;
            try {
                tx = idle.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (tx == null) {
                return; // a read is stuck; its connection is reclaimed when the JVM exits
            }
            tx.session().close();
        }
    }
}
