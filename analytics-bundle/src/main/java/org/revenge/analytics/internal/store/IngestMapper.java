package org.revenge.analytics.internal.store;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.apache.ibatis.annotations.Param;
import org.revenge.analytics.spi.PlaybackEvent;

/** The recording path's own state: live sessions and journal checkpoints. SQL in {@code IngestMapper.xml}. */
public interface IngestMapper {

    /** The open sessions of a node. */
    List<SessionRow> sessions(@Param("owner") String owner);

    /**
     * Gives a node the open sessions stored before sessions had owners (1.2.0).
     *
     * @return the sessions claimed
     */
    int claimOwnerless(@Param("owner") String owner);

    /**
     * Gives a node the open sessions of dead nodes, whose lease rows the same transaction deleted.
     *
     * @return the sessions, now the node's
     */
    List<SessionRow> adoptSessions(@Param("owner") String owner, @Param("dead") String[] deadNodes);

    /**
     * Incomplete plays that ended after {@code endedSince}, which a start may still resume;
     * {@code startedSince} bounds the partitions read.
     */
    List<PlaybackEvent> resumablePlays(@Param("endedSince") Instant endedSince, @Param("startedSince") Instant startedSince);

    /**
     * Writes a node's sessions; a row another node owns (it adopted the session) is left as it is.
     *
     * @param sessions rows with distinct session ids
     */
    void upsertSessions(@Param("s") SessionColumns sessions, @Param("owner") String owner);

    /** Deletes a node's sessions; rows of other nodes stay. */
    void deleteSessions(@Param("sessionIds") UUID[] sessionIds, @Param("owner") String owner);

    /** @return the record a journal is durable up to, or {@code null} if it never wrote */
    JournalCheckpoint checkpoint(@Param("journalId") String journalId);

    void saveCheckpoint(@Param("journalId") String journalId, @Param("generation") UUID generation,
            @Param("sequence") long sequence);
}
