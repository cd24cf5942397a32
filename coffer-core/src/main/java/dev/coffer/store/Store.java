package dev.coffer.store;

import java.util.function.Function;

/**
 * The narrow storage SPI. Reads see a consistent snapshot; a write unit either commits whole or not at all,
 * and {@link #write} returns only once the commit is durable (synced), so an acknowledged request survives
 * a crash or power loss. Implementations batch concurrent writers into one sync (group commit).
 */
public interface Store extends AutoCloseable {

    <T> T read(Function<ReadTx, T> work);

    /**
     * Runs {@code work} in a transaction and returns after it is durable. If {@code work} throws, nothing it
     * did is kept and the exception propagates unchanged.
     */
    <T> T write(Function<WriteTx, T> work);

    @Override
    void close();
}
