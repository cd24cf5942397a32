package dev.coffer.testkit;

import dev.coffer.store.Store;
import dev.coffer.store.WriteTx;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * Lifecycle shared by the store contract classes: a fresh store in a fresh directory for every test.
 * Implementations extend {@link StoreContract}, not this.
 */
public abstract class StoreContractSupport {

    @TempDir
    protected Path dir;

    protected Store store;

    /**
     * Opens the store under test, keeping its data under {@code dir}. Called again with the same directory by
     * {@link #reopen()}, which must then see everything committed before.
     */
    protected abstract Store openStore(Path dir);

    @BeforeEach
    void openFreshStore() {
        store = openStore(dir);
    }

    @AfterEach
    void closeStore() {
        if (store != null) {
            store.close();
            store = null;
        }
    }

    protected void reopen() {
        store.close();
        store = null;
        store = openStore(dir);
    }

    /** A write unit with nothing to return. */
    protected void write(Consumer<WriteTx> work) {
        store.write(tx -> {
            work.accept(tx);
            return null;
        });
    }
}
