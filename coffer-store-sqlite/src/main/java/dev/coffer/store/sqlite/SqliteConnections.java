package dev.coffer.store.sqlite;

import dev.coffer.store.StoreException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/** Opens connections to one database file, all with the same durability settings. */
final class SqliteConnections {

    // Only the writer thread and migrations write, so waiting on a lock means another process holds the
    // database (a backup, the sqlite3 shell): wait a while before failing.
    private static final int BUSY_TIMEOUT_MILLIS = 10_000;

    private final String url;

    SqliteConnections(Path databaseFile) {
        this.url = "jdbc:sqlite:" + databaseFile.toAbsolutePath();
    }

    /**
     * WAL lets readers run beside the writer; synchronous=FULL syncs the WAL on every commit, so a commit
     * that returned survives power loss, not only a crash of this process.
     */
    private static SQLiteConfig config() {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        config.enforceForeignKeys(true);
        config.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
        return config;
    }

    DataSource migrationDataSource() {
        SQLiteDataSource dataSource = new SQLiteDataSource(config());
        dataSource.setUrl(url);
        return dataSource;
    }

    SqlSession openWriter() {
        return new SqlSession(open());
    }

    /** A connection that refuses to write, so a read can never change anything by mistake. */
    SqlSession openReader() {
        Connection connection = open();
        SqlSession session = new SqlSession(connection);
        try {
            session.execute("PRAGMA query_only = ON");
        } catch (SQLException e) {
            session.close();
            throw new StoreException("cannot make a SQLite connection query-only", e);
        }
        return session;
    }

    private Connection open() {
        try {
            return config().createConnection(url);
        } catch (SQLException e) {
            throw new StoreException("cannot open the SQLite database", e);
        }
    }
}
