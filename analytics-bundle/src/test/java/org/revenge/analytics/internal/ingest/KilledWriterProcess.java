package org.revenge.analytics.internal.ingest;

import static org.revenge.analytics.spi.AnalyticsTopics.*;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.osgi.service.event.Event;
import org.revenge.analytics.internal.config.Settings;
import org.revenge.analytics.internal.config.TestConfigs;

/**
 * The JVM that {@link JournalAfterKillTest} kills: it posts whole sessions into a pipeline that has
 * no database, says when they are all journaled, and waits to be killed.
 */
public final class KilledWriterProcess {

    private KilledWriterProcess() {
    }

    public static void main(String[] args) throws Exception {
        Path journal = Path.of(args[0]);
        int sessions = Integer.parseInt(args[1]);
        IngestPipeline pipeline = new IngestPipeline(Settings.from(TestConfigs.analytics(Map.of())), journal, Clock.systemUTC());
        Instant start = Instant.now().minusSeconds(3600);
        UUID user = UUID.fromString(args[2]);
        for (int i = 0; i < sessions; i++) {
            UUID session = UUID.randomUUID();
            pipeline.offer(new Event(PLAYBACK_STARTED, Map.of(SESSION_ID, session, USER_ID, user, MEDIA_ID, UUID.randomUUID(),
                    LIBRARY_ID, UUID.randomUUID(), MEDIA_TYPE, "movie", POSITION_SEC, 0, RUNTIME_SEC, 6000,
                    TIMESTAMP, start.plusSeconds(i).toEpochMilli())));
            pipeline.offer(new Event(PLAYBACK_STOPPED, Map.of(SESSION_ID, session, POSITION_SEC, 120,
                    TIMESTAMP, start.plusSeconds(i + 120).toEpochMilli())));
        }
        while (pipeline.stats().journaled() < 2L * sessions) {
            Thread.onSpinWait();
        }
        System.out.println("JOURNALED " + pipeline.stats().journaled());
        System.out.flush();
        Thread.currentThread().join();
    }
}
