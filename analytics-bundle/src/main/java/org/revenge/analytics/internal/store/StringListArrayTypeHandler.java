package org.revenge.analytics.internal.store;

import java.sql.CallableStatement;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

import org.apache.ibatis.type.BaseTypeHandler;
import org.apache.ibatis.type.JdbcType;

/** Binds a list of strings as one {@code varchar[]} parameter. Write-only. */
public final class StringListArrayTypeHandler extends BaseTypeHandler<List<String>> {

    @Override
    public void setNonNullParameter(PreparedStatement statement, int index, List<String> values, JdbcType jdbcType)
            throws SQLException {
        statement.setArray(index, statement.getConnection().createArrayOf("varchar", values.toArray(String[]::new)));
    }

    @Override
    public List<String> getNullableResult(ResultSet rows, String column) {
        throw new UnsupportedOperationException("array columns are only written");
    }

    @Override
    public List<String> getNullableResult(ResultSet rows, int column) {
        throw new UnsupportedOperationException("array columns are only written");
    }

    @Override
    public List<String> getNullableResult(CallableStatement call, int column) {
        throw new UnsupportedOperationException("array columns are only written");
    }
}
