package dev.coffer.store.sqlite;

import dev.coffer.store.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One SQLite connection with its prepared statements cached by SQL text. Used by one thread at a time
 * (the writer thread, or whoever holds a reader from the pool). Transactions are begun and ended with plain
 * SQL statements on an auto-commit JDBC connection, which keeps savepoints under our control.
 *
 * <p>Failures become {@link StoreException}s naming the statement, never the bound values.
 */
final class SqlSession implements AutoCloseable {

    /** Maps the current row of a result set; columns are read by name. */
    @FunctionalInterface
    interface RowMapper<T> {
        T map(ResultRow row) throws SQLException;
    }

    private final Connection connection;
    private final Map<String, PreparedStatement> statements = new HashMap<>();

    SqlSession(Connection connection) {
        this.connection = connection;
    }

    /** Runs a statement without parameters or results: BEGIN, COMMIT, SAVEPOINT, PRAGMA ... = .... */
    void execute(String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    int update(String sql, Object... params) {
        try {
            PreparedStatement statement = prepare(sql, params);
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw failure(sql, e);
        }
    }

    <T> List<T> query(String sql, RowMapper<T> mapper, Object... params) {
        try {
            PreparedStatement statement = prepare(sql, params);
            List<T> rows = new ArrayList<>();
            try (ResultSet resultSet = statement.executeQuery()) {
                ResultRow row = new ResultRow(resultSet);
                while (resultSet.next()) {
                    rows.add(mapper.map(row));
                }
            }
            return rows;
        } catch (SQLException e) {
            throw failure(sql, e);
        }
    }

    <T> Optional<T> queryOne(String sql, RowMapper<T> mapper, Object... params) {
        List<T> rows = query(sql, mapper, params);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.getFirst());
    }

    long queryLong(String sql, Object... params) {
        return queryOne(sql, row -> row.longValue(1), params)
                .orElseThrow(() -> new StoreException("no result from: " + sql, null));
    }

    private PreparedStatement prepare(String sql, Object[] params) throws SQLException {
        PreparedStatement statement = statements.get(sql);
        if (statement == null) {
            statement = connection.prepareStatement(sql);
            statements.put(sql, statement);
        }
        statement.clearParameters();
        for (int i = 0; i < params.length; i++) {
            bind(statement, i + 1, params[i]);
        }
        return statement;
    }

    private static void bind(PreparedStatement statement, int index, Object value) throws SQLException {
        switch (value) {
            case null -> statement.setNull(index, Types.NULL);
            case String s -> statement.setString(index, s);
            case Long l -> statement.setLong(index, l);
            case Integer i -> statement.setLong(index, i);
            case Boolean b -> statement.setLong(index, b ? 1 : 0);
            case byte[] bytes -> statement.setBytes(index, bytes);
            case Enum<?> e -> statement.setString(index, e.name());
            default -> throw new IllegalArgumentException("unsupported parameter type " + value.getClass());
        }
    }

    private static StoreException failure(String sql, SQLException e) {
        return new StoreException("SQLite statement failed: " + sql, e);
    }

    @Override
    public void close() {
        for (PreparedStatement statement : statements.values()) {
            try {
                statement.close();
            } catch (SQLException ignored) {
                // closing the connection below releases it anyway
            }
        }
        statements.clear();
        try {
            connection.close();
        } catch (SQLException e) {
            throw new StoreException("closing a SQLite connection failed", e);
        }
    }
}
