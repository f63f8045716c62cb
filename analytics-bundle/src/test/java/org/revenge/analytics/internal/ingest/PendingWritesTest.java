package org.revenge.analytics.internal.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.revenge.analytics.spi.MediaType;
import org.revenge.analytics.spi.PlaybackEvent;

class PendingWritesTest {

    private static final Instant START = Instant.parse("2026-11-01T20:00:00Z");
    private final UUID user = UUID.randomUUID();
    private final UUID id = UUID.randomUUID();

    private PlaybackEvent report(Instant ended, int durationSec, boolean completed, String client) {
        return new PlaybackEvent(id, user, UUID.randomUUID(), UUID.randomUUID(), MediaType.MOVIE, START, ended, durationSec,
                completed, client);
    }

    @Test
    void aLaterReportWithLessInTheSameBatchMovesThePlayForwardNeverBack() {
        PendingWrites pending = new PendingWrites();
        PlaybackEvent first = report(START.plusSeconds(5000), 4700, true, "web");
        pending.play(first);
        pending.play(report(START.plusSeconds(5100), 150, false, "kodi"));

        PlaybackEvent held = pending.plays.get(PendingWrites.PlayKey.of(first));
        assertThat(pending.plays).hasSize(1);
        assertThat(held.endedAt()).isEqualTo(START.plusSeconds(5100));
        assertThat(held.durationSec()).isEqualTo(4700);
        assertThat(held.completed()).isTrue();
        assertThat(held.mediaId()).as("the first report's item, as a stored play keeps it").isEqualTo(first.mediaId());
        assertThat(held.clientType()).isEqualTo("web");
    }

    @Test
    void anOpenPlayTakesTheEndOfALaterReportAndAnEndIsNeverTakenBack() {
        PendingWrites pending = new PendingWrites();
        PlaybackEvent open = report(null, 60, false, null);
        pending.play(open);
        pending.play(report(START.plusSeconds(900), 800, false, null));
        pending.play(report(null, 10, false, null));

        PlaybackEvent held = pending.plays.get(PendingWrites.PlayKey.of(open));
        assertThat(held.endedAt()).isEqualTo(START.plusSeconds(900));
        assertThat(held.durationSec()).isEqualTo(800);
    }
}
