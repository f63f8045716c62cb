package org.revenge.analytics.internal.store;

import java.sql.CallableStatement;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import org.apache.ibatis.type.BaseTypeHandler;
import org.apache.ibatis.type.JdbcType;
import org.revenge.analytics.spi.PlayMethod;

/**
 * Stores {@link PlayMethod} as a code (changeset 1.2.0-021): 0 unknown, 1 direct play, 2 direct
 * stream, 3 transcode. The codes are part of the schema and never change meaning; an unknown method
 * is {@code null} in Java and 0 in the database.
 */
public final class PlayMethodHandler extends BaseTypeHandler<PlayMethod> {

    public static short code(PlayMethod method) {
        if (method == null) {
            return 0;
        }
        return switch (method) {
            case DIRECT_PLAY -> 1;
            case DIRECT_STREAM -> 2;
            case TRANSCODE -> 3;
        };
    }

    public static PlayMethod fromCode(int code) {
        return switch (code) {
            case 0 -> null;
            case 1 -> PlayMethod.DIRECT_PLAY;
            case 2 -> PlayMethod.DIRECT_STREAM;
            case 3 -> PlayMethod.TRANSCODE;
            default -> throw new IllegalStateException("unknown play_method code " + code + " in the database");
        };
    }

    @Override
    public void setNonNullParameter(PreparedStatement statement, int index, PlayMethod value, JdbcType jdbcType)
            throws SQLException {
        statement.setShort(index, code(value));
    }

    @Override
    public PlayMethod getNullableResult(ResultSet rows, String column) throws SQLException {
        return fromCode(rows.getInt(column));
    }

    @Override
    public PlayMethod getNullableResult(ResultSet rows, int column) throws SQLException {
        return fromCode(rows.getInt(column));
    }

    @Override
    public PlayMethod getNullableResult(CallableStatement call, int column) throws SQLException {
        return fromCode(call.getInt(column));
    }
}
