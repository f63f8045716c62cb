package org.revenge.analytics.internal.store;

import java.sql.Array;
import java.sql.CallableStatement;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import org.apache.ibatis.type.BaseTypeHandler;
import org.apache.ibatis.type.JdbcType;

/**
 * Binds a Java array as one PostgreSQL array parameter, so that a whole batch of rows goes into
 * one {@code INSERT ... SELECT FROM unnest(...)} with a handful of bound parameters; reads an array
 * column back as the array pgjdbc makes of it.
 */
final class SqlArrayTypeHandler extends BaseTypeHandler<Object[]> {

    private final String elementType;

    /** @param elementType the PostgreSQL element type, for example {@code uuid} */
    SqlArrayTypeHandler(String elementType) {
        this.elementType = elementType;
    }

    @Override
    public void setNonNullParameter(PreparedStatement statement, int index, Object[] values, JdbcType jdbcType)
            throws SQLException {
        Array array = statement.getConnection().createArrayOf(elementType, values);
        statement.setArray(index, array);
    }

    @Override
    public Object[] getNullableResult(ResultSet rows, String column) throws SQLException {
        return elements(rows.getArray(column));
    }

    @Override
    public Object[] getNullableResult(ResultSet rows, int column) throws SQLException {
        return elements(rows.getArray(column));
    }

    @Override
    public Object[] getNullableResult(CallableStatement call, int column) throws SQLException {
        return elements(call.getArray(column));
    }

    private static Object[] elements(Array array) throws SQLException {
        return array == null ? null : (Object[]) array.getArray();
    }
}
