package dev.coffer.store.sqlite;

import dev.coffer.store.ReadTx;
import dev.coffer.store.Store;
import dev.coffer.store.StoreException;
import dev.coffer.store.WriteTx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * The {@link Store} on one SQLite database file in WAL mode.
 *
 * <p>Writes go through a single writer thread that groups concurrent units into one transaction and one
 * sync (see {@link GroupCommitWriter}); {@link #write} returns once the commit is durable. Reads use a small
 * pool of query-only connections, each read in its own snapshot, and never wait for the writer.
 *
 * <p>Every identifier a lookup takes (names, ids) is matched case-insensitively; rows come back with the
 * casing they were stored with.
 */
public final class SqliteStore implements Store {

    private static final int READERS = 4;

    private final GroupCommitWriter writer;
    private final ReaderPool readers;

    private SqliteStore(GroupCommitWriter writer, ReaderPool readers) {
        this.writer = writer;
        this.readers = readers;
    }

    /** Opens (creating it if needed) the database at {@code databaseFile} and migrates its schema. */
    public static SqliteStore open(Path databaseFile) {
        Path parent = databaseFile.toAbsolutePath().getParent();
        try {
            Files.createDirectories(parent);
        } catch (IOException e) {
            throw new StoreException("cannot create the directory of the SQLite database", e);
        }
        SqliteConnections connections = new SqliteConnections(databaseFile);
        Migrations.migrate(connections.migrationDataSource());
        GroupCommitWriter writer = new GroupCommitWriter(connections.openWriter());
        try {
            return new SqliteStore(writer, new ReaderPool(connections::openReader, READERS));
        } catch (RuntimeException e) {
            writer.close();
            throw e;
        }
    }

    @Override
    public <T> T read(Function<ReadTx, T> work) {
        return readers.read(work);
    }

    @Override
    public <T> T write(Function<WriteTx, T> work) {
        return writer.submit(work);
    }

    /**
     * How many transactions the writer has committed since this store was opened. With concurrent writers
     * this stays below the number of {@link #write} calls: that is group commit at work.
     */
    public long commitCount() {
        return writer.commits();
    }

    /** Finishes the writes already queued, then closes every connection. Further use fails. */
    @Override
    public void close() {
        try {
            writer.close();
        } finally {
            // Readers wait for reads in flight; whichever connection closes last checkpoints the WAL.
            readers.close();
        }
    }
}
