package org.revenge.analytics.internal.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.revenge.analytics.spi.AnalyticsTopics.*;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.osgi.service.event.Event;
import org.revenge.analytics.internal.ingest.EventParser;
import org.revenge.analytics.internal.ingest.PlaybackRules;
import org.revenge.analytics.spi.InvalidInputException;

/** The demo's events, held against the plugin's own parser: the good ones pass, the bad ones are refused. */
class DemoEventsTest {

    private static final ZoneId ZONE = ZoneId.of("Europe/Berlin");
    private static final Duration RETENTION = Duration.ofDays(90);
    private static final Instant NOW = Instant.parse("2026-03-15T18:00:00Z");
    private static final DemoSettings SETTINGS = new DemoSettings(8, 30, 28, 60, 1, 60);

    /** Parses as the plugin would at the moment the event is posted. */
    private static void parse(Posting posting, Instant postedAt) {
        Clock clock = Clock.fixed(postedAt, ZoneOffset.UTC);
        new EventParser(clock, new PlaybackRules(clock, RETENTION), RETENTION)
                .parse(new Event(posting.topic(), posting.properties()));
    }

    private static List<Posting> liveFor(Duration duration, DemoSettings settings) {
        LiveTraffic live = new LiveTraffic(new Catalogue(settings.users()), settings, ZONE, new Random(7));
        live.begin(NOW);
        List<Posting> posted = new ArrayList<>();
        for (Instant at = NOW; at.isBefore(NOW.plus(duration)); at = at.plusSeconds(1)) {
            live.tick(at, posted::add);
        }
        return posted;
    }

    @Nested
    class History {

        @Test
        void everyEventOfAFullBackfillIsAcceptedEvenOnTheOldestDay() {
            Catalogue catalogue = new Catalogue(SETTINGS.users());
            var history = new org.revenge.analytics.internal.demo.History(catalogue, ZONE);
            LocalDate today = LocalDate.ofInstant(NOW, ZONE);
            int sessions = 0;
            for (LocalDate day = today.minusDays(89); day.isBefore(today); day = day.plusDays(1)) {
                var posted = history.of(day);
                sessions += posted.sessions();
                posted.postings().forEach(posting -> parse(posting, posting.at().isAfter(NOW) ? posting.at() : NOW));
            }
            assertThat(sessions).isGreaterThan(89 * 8);
        }

        @Test
        void aDayIsTheSameEachTimeSoPostingItTwiceRecordsNothingTwice() {
            var first = new org.revenge.analytics.internal.demo.History(new Catalogue(8), ZONE).of(LocalDate.of(2026, 3, 1));
            var again = new org.revenge.analytics.internal.demo.History(new Catalogue(8), ZONE).of(LocalDate.of(2026, 3, 1));
            assertThat(again.postings()).isEqualTo(first.postings());
        }

        @Test
        void everyPastSessionStops() {
            var day = new org.revenge.analytics.internal.demo.History(new Catalogue(8), ZONE).of(LocalDate.of(2026, 3, 1));
            assertThat(day.postings()).filteredOn(posting -> posting.topic().equals(PLAYBACK_STOPPED))
                    .hasSameSizeAs(day.postings().stream().filter(posting -> posting.topic().equals(PLAYBACK_STARTED)).toList());
        }

        @Test
        void aDayHasOneScanOfEachLibrary() {
            var day = new org.revenge.analytics.internal.demo.History(new Catalogue(3), ZONE).of(LocalDate.of(2026, 3, 1));
            assertThat(day.postings()).filteredOn(posting -> posting.topic().equals(LIBRARY_SCANNED)).hasSize(5);
        }
    }

    @Nested
    class Live {

        @Test
        void everyEventIsAcceptedWhenItIsPostedAndTheBadOnesAreRefused() {
            List<Posting> posted = liveFor(Duration.ofMinutes(30), SETTINGS);
            int bad = 0;
            for (Posting posting : posted) {
                if (posting.narration() != null && posting.narration().contains("deliberately bad")) {
                    bad++;
                    assertThatThrownBy(() -> parse(posting, NOW.plus(Duration.ofMinutes(30))))
                            .as(posting.narration()).isInstanceOf(InvalidInputException.class);
                } else {
                    parse(posting, posting.at());
                }
            }
            assertThat(bad).as("every kind of bad event, about one a minute").isBetween(Math.max(29, BadEvents.kinds()), 31);
        }

        @Test
        void sessionsAlreadyUnderwayStopWithinTheFirstMinute() {
            List<Posting> posted = liveFor(Duration.ofSeconds(60), new DemoSettings(8, 0, 0, 0, 60, 0));
            assertThat(posted).filteredOn(posting -> posting.topic().equals(PLAYBACK_STOPPED)).hasSize(3);
            assertThat(posted).filteredOn(posting -> posting.topic().equals(LIBRARY_SCANNED)).hasSize(5);
        }

        @Test
        void aUserPlaysOneThingAtATime() {
            List<Posting> posted = liveFor(Duration.ofMinutes(20), new DemoSettings(2, 600, 0, 0, 60, 0));
            Map<Object, Integer> open = new HashMap<>();
            Map<Object, Object> userOf = new HashMap<>();
            for (Posting posting : posted) {
                Object session = posting.properties().get(SESSION_ID);
                if (posting.topic().equals(PLAYBACK_STARTED)) {
                    Object user = posting.properties().get(USER_ID);
                    userOf.put(session, user);
                    assertThat(open.merge(user, 1, Integer::sum)).as("sessions of one user at once").isEqualTo(1);
                } else if (posting.topic().equals(PLAYBACK_STOPPED) || isAbandonedEnd(posting)) {
                    open.merge(userOf.get(session), -1, Integer::sum);
                }
            }
        }

        private boolean isAbandonedEnd(Posting posting) {
            return posting.narration() != null && posting.narration().contains("abandoned");
        }
    }

    @Nested
    class Sessions {

        private final Catalogue catalogue = new Catalogue(4);

        private SessionScript write(SessionScript.Plan plan, long seed) {
            Random random = new Random(seed);
            return SessionScript.write(UUID.randomUUID(), catalogue.pick(catalogue.listeners().get(0), random), NOW, 0, plan,
                    Duration.ofSeconds(30), random, true);
        }

        @Test
        void positionsStandStillWhilePausedAndTimeNeverGoesBack() {
            for (long seed = 0; seed < 50; seed++) {
                SessionScript script = write(new SessionScript.Plan(SessionScript.Ending.FINISHED, 2, false), seed);
                Instant last = Instant.MIN;
                Object pausedAt = null;
                for (Posting posting : script.postings()) {
                    assertThat(posting.at()).isAfterOrEqualTo(last);
                    last = posting.at();
                    if (pausedAt != null) {
                        assertThat(posting.properties().get(POSITION_SEC)).isEqualTo(pausedAt);
                        pausedAt = null;
                    }
                    if (Boolean.TRUE.equals(posting.properties().get(PAUSED))) {
                        pausedAt = posting.properties().get(POSITION_SEC);
                    }
                }
                assertThat(script.postings().get(script.postings().size() - 1).topic()).isEqualTo(PLAYBACK_STOPPED);
            }
        }

        @Test
        void anAbandonedSessionNeverStops() {
            SessionScript script = write(new SessionScript.Plan(SessionScript.Ending.ABANDONED, 0, false), 3);
            assertThat(script.postings()).noneMatch(posting -> posting.topic().equals(PLAYBACK_STOPPED));
            assertThat(script.postings().get(script.postings().size() - 1).narration()).contains("abandoned");
        }

        @Test
        void aContinuationStartsWhereTheSessionStopped() {
            SessionScript first = write(new SessionScript.Plan(SessionScript.Ending.STOPPED_EARLY, 0, true), 5);
            SessionScript later = first.continuedLater(UUID.randomUUID(), Duration.ofMinutes(10), new Random(1));
            Posting start = later.postings().get(0);
            assertThat(start.properties().get(POSITION_SEC)).isEqualTo(first.endPositionSec());
            assertThat(start.properties().get(MEDIA_ID)).isEqualTo(first.postings().get(0).properties().get(MEDIA_ID));
            assertThat(start.at()).isEqualTo(first.end().plus(Duration.ofMinutes(10)));
        }
    }
}
