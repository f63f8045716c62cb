package org.revenge.analytics.internal.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.revenge.analytics.internal.config.CountingRules;
import org.revenge.analytics.spi.MediaType;
import org.revenge.analytics.spi.PlaybackEvent;
import org.revenge.analytics.testing.MovingClock;

class SessionizerTest {

    static final Instant T0 = Instant.parse("2026-11-20T20:00:00Z");

    /** A clock the test moves, standing for the plugin's wall clock. */
    final MovingClock clock = new MovingClock(T0);
    final PendingWrites pending = new PendingWrites();
    final Sessionizer sessionizer = new Sessionizer(CountingRules.DEFAULTS, clock, pending);
    final UUID user = UUID.randomUUID();
    final UUID media = UUID.randomUUID();
    final UUID library = UUID.randomUUID();

    Signal.Started start(UUID session, int atSec, MediaType type, int runtimeSec) {
        return new Signal.Started(session, user, media, library, type, "web", 0, runtimeSec, T0.plusSeconds(atSec));
    }

    Signal.Progress progress(UUID session, int atSec, int positionSec, boolean paused) {
        return new Signal.Progress(session, positionSec, paused, T0.plusSeconds(atSec));
    }

    Signal.Stopped stop(UUID session, int atSec, int positionSec) {
        return new Signal.Stopped(session, positionSec, T0.plusSeconds(atSec));
    }

    PlaybackEvent onlyPlay() {
        assertThat(pending.plays).hasSize(1);
        return pending.plays.values().iterator().next();
    }

    @Nested
    class WhatCountsAsAPlay {

        @Test
        void aVideoShorterThanAMinuteIsNotAPlay() {
            UUID s = UUID.randomUUID();
            sessionizer.apply(start(s, 0, MediaType.MOVIE, 6000));
            sessionizer.apply(stop(s, 59, 59));

            assertThat(pending.plays).isEmpty();
        }

        @Test
        void aVideoOfAMinuteIsAPlay() {
            UUID s = UUID.randomUUID();
            sessionizer.apply(start(s, 0, MediaType.MOVIE, 6000));
            sessionizer.apply(stop(s, 60, 60));

            assertThat(onlyPlay().durationSec()).isEqualTo(60);
            assertThat(onlyPlay().id()).isEqualTo(s);
        }

        @Test
        void audioCountsFromFifteenSeconds() {
            UUID s = UUID.randomUUID();
            sessionizer.apply(start(s, 0, MediaType.TRACK, 200));
            sessionizer.apply(stop(s, 15, 15));

            assertThat(onlyPlay().mediaType()).isEqualTo(MediaType.TRACK);
        }

        @Test
        void aPlayIsCompletedAtNinetyPercentOfTheRuntime() {
            UUID s = UUID.randomUUID();
            sessionizer.apply(start(s, 0, MediaType.EPISODE, 1000));
            sessionizer.apply(stop(s, 900, 900));

            assertThat(onlyPlay().completed()).isTrue();
        }

        @Test
        void aPlayShortOfNinetyPercentIsNotCompleted() {
            UUID s = UUID.randomUUID();
            sessionizer.apply(start(s, 0, MediaType.EPISODE, 1000));
            sessionizer.apply(stop(s, 899, 899));

            assertThat(onlyPlay().completed()).isFalse();
        }
    }

    @Nested
    class WatchTime {

        @Test
        void pausedTimeIsNotWatchTime() {
            UUID s = UUID.randomUUID();
            sessionizer.apply(start(s, 0, MediaType.MOVIE, 6000));
            sessionizer.apply(progress(s, 300, 300, true));   // 300 s watched, then paused
            sessionizer.apply(progress(s, 900, 300, false));  // 600 s paused, resumes
            sessionizer.apply(stop(s, 1200, 600));            // 300 s watched

            PlaybackEvent play = onlyPlay();
            assertThat(play.durationSec()).isEqualTo(600);
            assertThat(play.startedAt()).isEqualTo(T0);
            assertThat(play.endedAt()).isEqualTo(T0.plusSeconds(1200));
        }

        @Test
        void aStopWhilePausedAddsNothing() {
            UUID s = UUID.randomUUID();
            sessionizer.apply(start(s, 0, MediaType.MOVIE, 6000));
            sessionizer.apply(progress(s, 120, 120, true));
            sessionizer.apply(stop(s, 3000, 120));

            assertThat(onlyPlay().durationSec()).isEqualTo(120);
        }
    }

    @Nested
    class Resume {

        @Test
        void aResumeWithinTheWindowContinuesTheSamePlay() {
            UUID first = UUID.randomUUID();
            UUID second = UUID.randomUUID();
            sessionizer.apply(start(first, 0, MediaType.MOVIE, 6000));
            sessionizer.apply(stop(first, 1000, 1000));
            sessionizer.apply(start(second, 1000 + 3000, MediaType.MOVIE, 6000));
            sessionizer.apply(stop(second, 4000 + 2000, 3000));

            PlaybackEvent play = onlyPlay();
            assertThat(play.id()).isEqualTo(first);
            assertThat(play.durationSec()).isEqualTo(3000);
            assertThat(play.startedAt()).isEqualTo(T0);
            assertThat(play.endedAt()).isEqualTo(T0.plusSeconds(6000));
        }

        @Test
        void twoShortSegmentsResumedTogetherMakeAPlay() {
            UUID first = UUID.randomUUID();
            UUID second = UUID.randomUUID();
            sessionizer.apply(start(first, 0, MediaType.MOVIE, 6000));
            sessionizer.apply(stop(first, 40, 40));
            assertThat(pending.plays).isEmpty();
            sessionizer.apply(start(second, 100, MediaType.MOVIE, 6000));
            sessionizer.apply(stop(second, 140, 80));

            assertThat(onlyPlay().durationSec()).isEqualTo(80);
            assertThat(onlyPlay().id()).isEqualTo(first);
        }

        @Test
        void aStartAfterTheWindowIsANewPlay() {
            UUID first = UUID.randomUUID();
            UUID second = UUID.randomUUID();
            sessionizer.apply(start(first, 0, MediaType.MOVIE, 6000));
            sessionizer.apply(stop(first, 1000, 1000));
            sessionizer.apply(start(second, 1000 + 3601, MediaType.MOVIE, 6000));
            sessionizer.apply(stop(second, 4601 + 500, 1500));

            assertThat(pending.plays.values()).extracting(PlaybackEvent::id).containsExactlyInAnyOrder(first, second);
        }

        @Test
        void aCompletedPlayIsNotResumed() {
            UUID first = UUID.randomUUID();
            UUID second = UUID.randomUUID();
            sessionizer.apply(start(first, 0, MediaType.EPISODE, 1000));
            sessionizer.apply(stop(first, 950, 950));
            sessionizer.apply(start(second, 1000, MediaType.EPISODE, 1000));
            sessionizer.apply(stop(second, 1100, 100));

            assertThat(pending.plays.values()).extracting(PlaybackEvent::id).containsExactlyInAnyOrder(first, second);
        }

        @Test
        void startingAgainWithoutAStopClosesTheOldSessionAndResumesIt() {
            UUID first = UUID.randomUUID();
            UUID second = UUID.randomUUID();
            sessionizer.apply(start(first, 0, MediaType.MOVIE, 6000));
            sessionizer.apply(progress(first, 600, 600, false));
            sessionizer.apply(start(second, 700, MediaType.MOVIE, 6000));
            sessionizer.apply(stop(second, 1300, 1200));

            assertThat(onlyPlay().id()).isEqualTo(first);
            assertThat(onlyPlay().durationSec()).isEqualTo(1200);
        }
    }

    @Nested
    class AfterARestart {

        @Test
        void aStartResumesAStoredIncompletePlay() {
            UUID earlier = UUID.randomUUID();
            PlaybackEvent stored = new PlaybackEvent(earlier, user, media, library, MediaType.MOVIE, T0,
                    T0.plusSeconds(1200), 1200, false, "web");
            Sessionizer restarted = new Sessionizer(CountingRules.DEFAULTS, clock, pending);
            restarted.restore(java.util.List.of(), java.util.List.of(stored));

            UUID later = UUID.randomUUID();
            restarted.apply(start(later, 1800, MediaType.MOVIE, 6000));
            restarted.apply(stop(later, 2400, 1800));

            assertThat(onlyPlay().id()).isEqualTo(earlier);
            assertThat(onlyPlay().durationSec()).isEqualTo(1800);
            assertThat(pending.sessions).isEmpty();
        }

        @Test
        void aSessionOpenedAndClosedBetweenTwoWritesLeavesNoSessionRow() {
            UUID s = UUID.randomUUID();
            sessionizer.apply(start(s, 0, MediaType.MOVIE, 6000));
            sessionizer.apply(stop(s, 600, 600));

            assertThat(pending.sessions).isEmpty();
            assertThat(pending.closedSessions).isEmpty();
        }

        @Test
        void aStoredSessionThatClosesIsDeleted() {
            UUID s = UUID.randomUUID();
            sessionizer.apply(start(s, 0, MediaType.MOVIE, 6000));
            pending.written();
            sessionizer.apply(stop(s, 600, 600));

            assertThat(pending.closedSessions).containsExactly(s);
        }
    }

    @Nested
    class AbandonedSessions {

        @Test
        void aSilentSessionIsClosedAtItsLastKnownPositionAfterTheIdleTimeout() {
            UUID s = UUID.randomUUID();
            sessionizer.apply(start(s, 0, MediaType.MOVIE, 6000));
            sessionizer.apply(progress(s, 900, 900, false));

            clock.set(T0.plus(Duration.ofMinutes(29)));
            sessionizer.expire();
            assertThat(pending.plays).isEmpty();

            clock.set(T0.plus(Duration.ofMinutes(31)));
            sessionizer.expire();
            PlaybackEvent play = onlyPlay();
            assertThat(play.durationSec()).isEqualTo(900);
            assertThat(play.endedAt()).isEqualTo(T0.plusSeconds(900));
            assertThat(sessionizer.openSessions()).isZero();
        }
    }

    @Nested
    class RepeatsAndOrder {

        /** A retired play (here the completed one) still holds its start, so the next play of the user gets another. */
        @Test
        void aRetiredPlayKeepsItsStartFromTheNextPlaysOfTheUser() {
            UUID a = UUID.randomUUID(), b = UUID.randomUUID(), c = UUID.randomUUID(), d = UUID.randomUUID(), e = UUID.randomUUID();
            UUID rm = UUID.randomUUID();
            sessionizer.apply(new Signal.Started(a, user, UUID.randomUUID(), library, MediaType.MOVIE, "web", 0, 6000, T0));
            sessionizer.apply(stop(a, 45, 45));
            sessionizer.apply(new Signal.Started(b, user, UUID.randomUUID(), library, MediaType.EPISODE, "web", 0, 1000, T0));
            sessionizer.apply(stop(b, 920, 920));
            sessionizer.apply(new Signal.Started(c, user, UUID.randomUUID(), library, MediaType.MOVIE, "web", 0, 6000, T0));
            sessionizer.apply(progress(c, 300, 300, true));
            sessionizer.apply(progress(c, 900, 300, false));
            sessionizer.apply(stop(c, 1200, 600));
            sessionizer.apply(new Signal.Started(d, user, rm, library, MediaType.MOVIE, "web", 0, 6000, T0));
            sessionizer.apply(stop(d, 1200, 1200));
            sessionizer.apply(new Signal.Started(e, user, rm, library, MediaType.MOVIE, "web", 0, 6000, T0.plusSeconds(3000)));
            sessionizer.apply(stop(e, 4200, 2400));
            assertThat(pending.plays.values()).extracting(PlaybackEvent::startedAt)
                    .containsExactlyInAnyOrder(T0.plusNanos(1_000), T0.plusNanos(2_000), T0.plusNanos(3_000));
        }

        @Test
        void playsOfOneUserStartingAtOnceStayApartByAMicrosecond() {
            UUID[] sessions = {UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID()};
            for (UUID session : sessions) {
                sessionizer.apply(new Signal.Started(session, user, UUID.randomUUID(), library, MediaType.MOVIE, "tv", 0,
                        6000, T0));
            }
            for (UUID session : sessions) {
                sessionizer.apply(stop(session, 600, 600));
            }

            assertThat(pending.plays.values()).extracting(PlaybackEvent::startedAt)
                    .containsExactlyInAnyOrder(T0, T0.plusNanos(1_000), T0.plusNanos(2_000));
        }

        @Test
        void aSessionDeliveredTwiceCountsOnce() {
            UUID s = UUID.randomUUID();
            for (int i = 0; i < 2; i++) {
                sessionizer.apply(start(s, 0, MediaType.MOVIE, 6000));
                sessionizer.apply(progress(s, 300, 300, false));
                sessionizer.apply(stop(s, 600, 600));
            }

            assertThat(onlyPlay().durationSec()).isEqualTo(600);
        }

        @Test
        void signalsOlderThanWhatTheSessionSawAreIgnored() {
            UUID s = UUID.randomUUID();
            sessionizer.apply(start(s, 0, MediaType.MOVIE, 6000));
            sessionizer.apply(progress(s, 300, 300, false));
            assertThat(sessionizer.apply(progress(s, 200, 200, true))).isFalse();
            sessionizer.apply(stop(s, 600, 600));

            assertThat(onlyPlay().durationSec()).isEqualTo(600);
        }

        @Test
        void progressForASessionNeverStartedIsIgnored() {
            assertThat(sessionizer.apply(progress(UUID.randomUUID(), 10, 10, false))).isFalse();
            assertThat(pending.isEmpty()).isTrue();
        }

        @Test
        void stateRestoredFromItsRowsCarriesOn() {
            UUID s = UUID.randomUUID();
            sessionizer.apply(start(s, 0, MediaType.MOVIE, 6000));
            sessionizer.apply(progress(s, 300, 300, false));
            var rows = java.util.List.copyOf(pending.sessions.values());

            PendingWrites later = new PendingWrites();
            Sessionizer restarted = new Sessionizer(CountingRules.DEFAULTS, clock, later);
            restarted.restore(rows, java.util.List.of());
            assertThat(restarted.apply(progress(s, 300, 300, false))).as("already seen").isFalse();
            restarted.apply(stop(s, 700, 700));

            assertThat(later.plays.values()).singleElement().extracting(PlaybackEvent::durationSec).isEqualTo(700);
        }
    }

    /** A saved change of a counting rule applies to the sessions already open, with no restart. */
    /** A journal replayed after a long outage: days of sessions within moments of the wall clock. */
    @Nested
    class ReplayOfALongBacklog {

        @Test
        void pastTheBoundSessionsClosedLongBeforeTheNewestStartAreForgottenSoMemoryStaysBoundedAndAResumeStillWorks() {
            int bound = 5_000;
            Sessionizer replaying = new Sessionizer(CountingRules.DEFAULTS, clock, pending, bound);
            // ten days of event time, a session every 30 s, each stopped half-way (so each could be resumed)
            int sessions = 28_800;
            int mostHeld = 0;
            for (int i = 0; i < sessions; i++) {
                UUID s = UUID.randomUUID();
                replaying.apply(new Signal.Started(s, user, UUID.randomUUID(), library, MediaType.MOVIE, "web", 0, 6000,
                        T0.plusSeconds(30L * i)));
                replaying.apply(new Signal.Stopped(s, 120, T0.plusSeconds(30L * i + 120)));
                if (i % 1_000 == 0) {
                    replaying.expire();
                    mostHeld = Math.max(mostHeld, replaying.held());
                }
            }
            assertThat(mostHeld).as("most entries held after an expiry").isLessThanOrEqualTo(bound);
            // the wall clock has not moved: without the bound every one of the 28,800 sessions would still be held

            UUID last = UUID.randomUUID();
            int at = 30 * sessions + 600;
            replaying.apply(start(last, at, MediaType.MOVIE, 6000));
            replaying.apply(stop(last, at + 600, 600));
            replaying.expire();
            UUID resumed = UUID.randomUUID();
            replaying.apply(start(resumed, at + 1200, MediaType.MOVIE, 6000));
            replaying.apply(stop(resumed, at + 1800, 1200));
            replaying.expire();
            assertThat(pending.plays.values().stream().filter(play -> play.mediaId().equals(media)))
                    .as("a resume within the window is still one play").singleElement()
                    .satisfies(play -> assertThat(play.durationSec()).isEqualTo(1200));
        }

        @Test
        void belowTheBoundAResumeDoesNotDependOnOtherUsersNewerSessionsNorOnWhenTheExpiryRuns() {
            // sixteen seconds, below the minimum: only a resume can make it a play
            UUID first = UUID.randomUUID();
            sessionizer.apply(start(first, 0, MediaType.MOVIE, 6000));
            sessionizer.apply(stop(first, 16, 16));
            // another user's session two days later arrives in between (history posted late, hosts out of step)
            UUID other = UUID.randomUUID();
            sessionizer.apply(new Signal.Started(other, UUID.randomUUID(), UUID.randomUUID(), library, MediaType.MOVIE, "web",
                    0, 6000, T0.plus(java.time.Duration.ofDays(2))));
            sessionizer.apply(new Signal.Stopped(other, 600, T0.plus(java.time.Duration.ofDays(2)).plusSeconds(600)));
            sessionizer.expire();

            UUID resumed = UUID.randomUUID();
            sessionizer.apply(start(resumed, 2100, MediaType.MOVIE, 6000));
            sessionizer.apply(stop(resumed, 2100 + 1856, 1872));
            assertThat(pending.plays.values().stream().filter(play -> play.mediaId().equals(media)))
                    .as("the resume continues the first session's play").singleElement()
                    .satisfies(play -> assertThat(play.startedAt()).isEqualTo(T0))
                    .satisfies(play -> assertThat(play.durationSec()).isEqualTo(16 + 1856));
        }

        @Test
        void aLongSessionsStopHoursAheadOfTheStartsDoesNotForgetWhatCanStillBeResumed() {
            UUID first = UUID.randomUUID();
            sessionizer.apply(start(first, 0, MediaType.MOVIE, 6000));
            sessionizer.apply(stop(first, 600, 600));
            // another user's ten-hour audiobook, posted whole: its stop lies far ahead of the next starts
            UUID book = UUID.randomUUID();
            sessionizer.apply(new Signal.Started(book, UUID.randomUUID(), UUID.randomUUID(), library, MediaType.AUDIOBOOK, "web",
                    0, 36_000, T0.plusSeconds(700)));
            sessionizer.apply(new Signal.Stopped(book, 36_000, T0.plusSeconds(700 + 36_000)));
            sessionizer.expire();

            UUID resumed = UUID.randomUUID();
            sessionizer.apply(start(resumed, 1200, MediaType.MOVIE, 6000));
            sessionizer.apply(stop(resumed, 1800, 1200));
            assertThat(pending.plays.values().stream().filter(play -> play.mediaId().equals(media)))
                    .as("resumed: one play").singleElement()
                    .satisfies(play -> assertThat(play.durationSec()).isEqualTo(1200));
        }
    }

    @Nested
    class ChangedRulesApplyToOpenSessions {

        private CountingRules with(int minVideo, int minAudio, int completed, int resumeMin, int idleMin) {
            return new CountingRules(minVideo, minAudio, completed, java.time.Duration.ofMinutes(resumeMin),
                    java.time.Duration.ofMinutes(idleMin));
        }

        @Test
        void aLoweredIdleTimeoutClosesASessionThatHasBeenSilentLongerThanIt() {
            UUID session = UUID.randomUUID();
            sessionizer.apply(start(session, 0, MediaType.MOVIE, 6000));
            sessionizer.apply(progress(session, 300, 300, false));
            clock.advance(java.time.Duration.ofMinutes(5));
            sessionizer.expire();
            assertThat(sessionizer.openSessions()).as("30 minutes by default").isEqualTo(1);

            sessionizer.rules(with(60, 15, 90, 60, 1));
            sessionizer.expire();

            assertThat(sessionizer.openSessions()).isZero();
            assertThat(onlyPlay().durationSec()).isEqualTo(300);
        }

        @Test
        void aRaisedShortestVideoPlayAppliesWhenAnOpenSessionStops() {
            UUID session = UUID.randomUUID();
            sessionizer.apply(start(session, 0, MediaType.MOVIE, 6000));
            sessionizer.rules(with(120, 15, 90, 0, 30));
            sessionizer.apply(stop(session, 90, 90));

            assertThat(pending.plays).as("90 s is a play by default, not under a 120 s minimum").isEmpty();
        }

        @Test
        void aRaisedShortestAudioPlayAppliesWhenAnOpenSessionStops() {
            UUID session = UUID.randomUUID();
            sessionizer.apply(start(session, 0, MediaType.TRACK, 240));
            sessionizer.rules(with(60, 30, 90, 0, 30));
            sessionizer.apply(stop(session, 20, 20));

            assertThat(pending.plays).isEmpty();
        }

        @Test
        void aLoweredCompletionShareAppliesWhenAnOpenSessionStops() {
            UUID session = UUID.randomUUID();
            sessionizer.apply(start(session, 0, MediaType.EPISODE, 1000));
            sessionizer.rules(with(60, 15, 50, 60, 30));
            sessionizer.apply(stop(session, 600, 600));

            assertThat(onlyPlay().completed()).as("60 % is not completed at 90 %, but is at 50 %").isTrue();
        }

        @Test
        void aResumeWindowTurnedOffMakesTheNextStartANewPlay() {
            UUID first = UUID.randomUUID();
            UUID second = UUID.randomUUID();
            sessionizer.apply(start(first, 0, MediaType.MOVIE, 6000));
            sessionizer.apply(stop(first, 600, 600));
            sessionizer.rules(with(60, 15, 90, 0, 30));
            sessionizer.apply(start(second, 900, MediaType.MOVIE, 6000));
            sessionizer.apply(stop(second, 1500, 1200));

            assertThat(pending.plays).as("resumed within 60 min by default; two plays with resuming off").hasSize(2);
        }
    }
}
