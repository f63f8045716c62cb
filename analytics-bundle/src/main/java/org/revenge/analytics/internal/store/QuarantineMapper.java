package org.revenge.analytics.internal.store;

import java.time.Instant;
import java.util.List;

import org.apache.ibatis.annotations.Param;
import org.revenge.analytics.spi.QuarantinedRecord;

/** Reads and writes {@code ingest_quarantine}. SQL in {@code QuarantineMapper.xml}. */
public interface QuarantineMapper {

    /** @param content the record as a JSON object */
    void insert(@Param("kind") String kind, @Param("content") String content, @Param("reason") String reason,
            @Param("at") Instant at);

    long count();

    /** The oldest first. */
    List<QuarantinedRecord> list(@Param("limit") int limit);

    /** @return the entry, or {@code null} */
    QuarantinedRecord find(@Param("id") long id);

    /** @return 1 if it was there */
    int delete(@Param("id") long id);
}
