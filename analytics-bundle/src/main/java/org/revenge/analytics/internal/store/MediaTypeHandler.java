package org.revenge.analytics.internal.store;

import java.sql.CallableStatement;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import org.apache.ibatis.type.BaseTypeHandler;
import org.apache.ibatis.type.JdbcType;
import org.revenge.analytics.spi.MediaType;

/**
 * Stores {@link MediaType} as a {@code smallint} code, two bytes a row instead of a string. The
 * codes are part of the schema (see the column comment) and never change meaning.
 */
public final class MediaTypeHandler extends BaseTypeHandler<MediaType> {

    public static short code(MediaType type) {
        return switch (type) {
            case MOVIE -> 1;
            case EPISODE -> 2;
            case TRACK -> 3;
            case AUDIOBOOK -> 4;
            case OTHER -> 5;
        };
    }

    static MediaType fromCode(int code) {
        return switch (code) {
            case 1 -> MediaType.MOVIE;
            case 2 -> MediaType.EPISODE;
            case 3 -> MediaType.TRACK;
            case 4 -> MediaType.AUDIOBOOK;
            case 5 -> MediaType.OTHER;
            default -> throw new IllegalStateException("unknown media_type code " + code + " in the database");
        };
    }

    @Override
    public void setNonNullParameter(PreparedStatement statement, int index, MediaType value, JdbcType jdbcType) throws SQLException {
        statement.setShort(index, code(value));
    }

    @Override
    public MediaType getNullableResult(ResultSet rows, String column) throws SQLException {
        int code = rows.getInt(column);
        return rows.wasNull() ? null : fromCode(code);
    }

    @Override
    public MediaType getNullableResult(ResultSet rows, int column) throws SQLException {
        int code = rows.getInt(column);
        return rows.wasNull() ? null : fromCode(code);
    }

    @Override
    public MediaType getNullableResult(CallableStatement call, int column) throws SQLException {
        int code = call.getInt(column);
        return call.wasNull() ? null : fromCode(code);
    }
}
