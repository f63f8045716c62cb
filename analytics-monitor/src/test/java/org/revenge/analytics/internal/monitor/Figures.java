package org.revenge.analytics.internal.monitor;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.revenge.analytics.spi.IngestStats;
import org.revenge.analytics.spi.JobRun;
import org.revenge.analytics.spi.JvmStats;
import org.revenge.analytics.spi.ReadReplicaStats;
import org.revenge.analytics.spi.SystemStats;

/** System figures for the tests, with the ingest and job figures each test is about. */
final class Figures {

    private Figures() {
    }

    static SystemStats with(IngestStats ingest, List<JobRun> jobs) {
        return new SystemStats(Instant.parse("2026-12-05T12:00:00Z"), 3, 2, 40, 5, 30, 36_000, 1, 1 << 20, ingest, jobs,
                new JvmStats(1, 2, 3, 4, Duration.ofMinutes(1)));
    }

    /** Healthy figures, with where the queries read from. */
    static SystemStats with(ReadReplicaStats reads) {
        SystemStats figures = with(ingest(0, Duration.ZERO), List.of());
        return new SystemStats(figures.generatedAt(), figures.users(), figures.libraries(), figures.mediaItems(),
                figures.playsToday(), figures.plays7d(), figures.watchTimeSec7d(), figures.activeSessions(),
                figures.databaseSizeBytes(), figures.ingest(), figures.jobs(), figures.jvm(), reads);
    }

    static IngestStats ingest(long queued, Duration lag) {
        return new IngestStats(120, 4, Map.of("bad", 4L), queued, 2, 110, lag, 116, 1,
                Map.of("play: refused by the database (SQLState 23514)", 3L));
    }

    static JobRun run(String kind, String state, int attempt, String error) {
        return new JobRun(kind, "2026-12-04", state, attempt, Instant.parse("2026-12-05T03:00:00Z"),
                Instant.parse("2026-12-05T03:00:01Z"), state.equals("running") ? null : Instant.parse("2026-12-05T03:00:02Z"),
                10L, "done", error);
    }
}
