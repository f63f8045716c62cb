package org.revenge.analytics.internal.importer;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

import org.revenge.analytics.internal.config.CountingRules;
import org.revenge.analytics.internal.ingest.PlaybackRules;
import org.revenge.analytics.spi.PlaybackEvent;

/**
 * The live counting rules applied to what a source knows of a viewing: skipped (with the reason)
 * when it ends before it starts, lasts more than a day, starts in the future or is watched less
 * than the minimum for its type; completed when its final position reaches the completed share of
 * the runtime, and not when the source has no position (completion unknown).
 */
final class ImportRules {

    /** What the rules made of a viewing: a reason it is skipped, or a play. */
    record Verdict(String skipReason, boolean completed, int durationSec, int endedSec, boolean keepRaw) {
    }

    private final CountingRules rules;
    private final ZoneId zone;
    private final Instant now;
    private final LocalDate firstRawDay;

    /**
     * @param rawDays the raw retention in days, 0 for ever: plays of earlier days (in {@code zone})
     *                go into the rollups only
     */
    ImportRules(CountingRules rules, ZoneId zone, int rawDays, Instant now) {
        this.rules = rules;
        this.zone = zone;
        this.now = now;
        this.firstRawDay = rawDays == 0 ? LocalDate.MIN : LocalDate.ofInstant(now, zone).minusDays(rawDays);
    }

    Verdict judge(Viewing viewing) {
        if (viewing.endedAt().isBefore(viewing.startedAt()) || viewing.watchedSec() < 0) {
            return skip(SkipReasons.ENDS_BEFORE_START);
        }
        long wallSec = Duration.between(viewing.startedAt(), viewing.endedAt()).toSeconds();
        if (wallSec > PlaybackEvent.MAX_DURATION_SEC || viewing.watchedSec() > PlaybackEvent.MAX_DURATION_SEC) {
            return skip(SkipReasons.LONGER_THAN_DAY);
        }
        if (viewing.startedAt().isAfter(now.plus(PlaybackRules.CLOCK_SKEW))) {
            return skip(SkipReasons.IN_FUTURE);
        }
        if (viewing.watchedSec() < rules.minimumSec(viewing.mediaType())) {
            return skip(SkipReasons.BELOW_MINIMUM);
        }
        boolean completed = viewing.positionSec() >= 0 && viewing.runtimeSec() > 0
                && rules.completed((int) Math.min(Integer.MAX_VALUE, viewing.positionSec()), (int) viewing.runtimeSec());
        // watch time never exceeds the time between start and end, as the live rules require
        int duration = (int) Math.min(viewing.watchedSec(), wallSec + 1);
        boolean keepRaw = !LocalDate.ofInstant(viewing.startedAt(), zone).isBefore(firstRawDay);
        return new Verdict(null, completed, duration, (int) wallSec, keepRaw);
    }

    private static Verdict skip(String reason) {
        return new Verdict(reason, false, 0, 0, false);
    }
}
