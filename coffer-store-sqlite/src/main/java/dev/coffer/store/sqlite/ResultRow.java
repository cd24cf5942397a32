package dev.coffer.store.sqlite;

import dev.coffer.store.AccessPolicyRow;
import dev.coffer.store.NetworkAclsRow;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/** Typed, null-aware column access to the current row of a result set. */
final class ResultRow {

    private final ResultSet resultSet;

    ResultRow(ResultSet resultSet) {
        this.resultSet = resultSet;
    }

    String string(String column) throws SQLException {
        return resultSet.getString(column);
    }

    String string(int column) throws SQLException {
        return resultSet.getString(column);
    }

    long longValue(String column) throws SQLException {
        return resultSet.getLong(column);
    }

    long longValue(int column) throws SQLException {
        return resultSet.getLong(column);
    }

    int intValue(String column) throws SQLException {
        return resultSet.getInt(column);
    }

    Long nullableLong(String column) throws SQLException {
        long value = resultSet.getLong(column);
        return resultSet.wasNull() ? null : value;
    }

    boolean bool(String column) throws SQLException {
        return resultSet.getLong(column) != 0;
    }

    Boolean nullableBool(String column) throws SQLException {
        long value = resultSet.getLong(column);
        return resultSet.wasNull() ? null : value != 0;
    }

    byte[] bytes(String column) throws SQLException {
        return resultSet.getBytes(column);
    }

    Map<String, String> stringMap(String column) throws SQLException {
        return JsonColumns.stringMap(resultSet.getString(column));
    }

    List<AccessPolicyRow> accessPolicies(String column) throws SQLException {
        return JsonColumns.accessPolicies(resultSet.getString(column));
    }

    NetworkAclsRow networkAcls(String column) throws SQLException {
        return JsonColumns.networkAcls(resultSet.getString(column));
    }
}
