package dev.coffer.store.sqlite;

import dev.coffer.store.StoreException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/** Brings the schema up to date with the SQL files under {@value #LOCATION}; a no-op when it already is. */
final class Migrations {

    static final String LOCATION = "classpath:db/migration/sqlite";

    private Migrations() {
    }

    static void migrate(DataSource dataSource) {
        try {
            Flyway.configure()
                    // Features add their migrations in separate number ranges; allow a lower one to land later.
                    .outOfOrder(true)
                    .dataSource(dataSource)
                    .locations(LOCATION)
                    .failOnMissingLocations(true)
                    .load()
                    .migrate();
        } catch (FlywayException e) {
            throw new StoreException("migrating the SQLite schema failed", e);
        }
    }
}
