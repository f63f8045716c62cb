package org.revenge.analytics.internal.store;

import java.util.List;
import java.util.UUID;

import org.apache.ibatis.annotations.Param;

/** The recording path's own state: live sessions and journal checkpoints. SQL in {@code IngestMapper.xml}. */
public interface IngestMapper {

    List<SessionRow> sessions();

    void upsertSession(SessionRow session);

    void deleteSession(@Param("sessionId") UUID sessionId);

    /** @return the sequence a journal is durable up to, or {@code null} if it never wrote */
    Long checkpoint(@Param("journalId") String journalId);

    void saveCheckpoint(@Param("journalId") String journalId, @Param("sequence") long sequence);
}
