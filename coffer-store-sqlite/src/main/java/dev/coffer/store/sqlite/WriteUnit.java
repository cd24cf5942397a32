package dev.coffer.store.sqlite;

import dev.coffer.store.StoreException;
import dev.coffer.store.WriteTx;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;

/**
 * One caller's work queued for the writer. The writer runs it, then records its outcome and publishes that
 * only after the batch's commit decided whether it is durable.
 */
final class WriteUnit<T> {

    private final Function<WriteTx, T> work;
    private final CompletableFuture<T> outcome = new CompletableFuture<>();
    private T result;
    private Throwable failure;

    WriteUnit(Function<WriteTx, T> work) {
        this.work = work;
    }

    /** Runs the work on the writer thread; returns false if it threw (the caller will get that exception). */
    boolean run(WriteTx tx) {
        try {
            result = work.apply(tx);
            return true;
        } catch (Throwable t) {
            failure = t;
            return false;
        }
    }

    /** The batch committed: the caller gets its result, or its own exception if its work threw. */
    void committed() {
        if (failure != null) {
            outcome.completeExceptionally(failure);
        } else {
            outcome.complete(result);
        }
    }

    /**
     * The batch did not commit. A unit whose own work threw keeps its exception, which is still the truth
     * for its caller; the others learn that the store failed.
     */
    void abandoned(StoreException cause) {
        outcome.completeExceptionally(failure != null ? failure : cause);
    }

    /**
     * Waits for the outcome. Deliberately not interruptible: once queued the work may commit, and returning
     * early would leave the caller not knowing whether it did. The interrupt is restored afterwards.
     */
    T await() {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return outcome.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    throw WriteUnit.<RuntimeException>rethrow(e.getCause());
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    // Rethrows the work's own exception unchanged, even a checked one smuggled out of the Function.
    @SuppressWarnings("unchecked")
    private static <E extends Throwable> E rethrow(Throwable t) throws E {
        throw (E) t;
    }
}
