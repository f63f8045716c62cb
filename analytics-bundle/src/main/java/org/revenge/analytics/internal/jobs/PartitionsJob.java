package org.revenge.analytics.internal.jobs;

import java.time.LocalDate;
import java.util.List;

import org.revenge.analytics.internal.config.Settings;

/** Creates the raw-play partitions of today and the next week (UTC days), every day. */
final class PartitionsJob implements Job {

    static final String KIND = "analytics.partitions";

    private static final int DAYS_AHEAD = 7;

    private final PartitionChanges partitions;

    PartitionsJob(PartitionChanges partitions) {
        this.partitions = partitions;
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public Due due(Now now) {
        return new Due(List.of(now.utcToday().toString()), now.instant());
    }

    @Override
    public String runKeyNow(Now now) {
        return now.utcToday().toString();
    }

    @Override
    public Outcome run(String runKey, Settings settings) {
        LocalDate from = LocalDate.parse(runKey);
        int created = 0;
        for (int i = 0; i <= DAYS_AHEAD; i++) {
            if (partitions.create(from.plusDays(i))) {
                created++;
            }
        }
        return new Outcome(created, created + " partitions created");
    }
}
