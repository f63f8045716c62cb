package org.revenge.analytics.internal.store;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.apache.ibatis.annotations.Param;
import org.revenge.analytics.spi.PlaybackEvent;

/** The recording path's own state: live sessions and journal checkpoints. SQL in {@code IngestMapper.xml}. */
public interface IngestMapper {

    /** The open sessions. */
    List<SessionRow> sessions();

    /**
     * Incomplete plays that ended after {@code endedSince}, which a start may still resume;
     * {@code startedSince} bounds the partitions read.
     */
    List<PlaybackEvent> resumablePlays(@Param("endedSince") Instant endedSince, @Param("startedSince") Instant startedSince);

    /** @param sessions rows with distinct session ids */
    void upsertSessions(SessionColumns sessions);

    void deleteSessions(@Param("sessionIds") UUID[] sessionIds);

    /** @return the record a journal is durable up to, or {@code null} if it never wrote */
    JournalCheckpoint checkpoint(@Param("journalId") String journalId);

    void saveCheckpoint(@Param("journalId") String journalId, @Param("generation") UUID generation,
            @Param("sequence") long sequence);
}
