package org.revenge.analytics.internal.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.revenge.analytics.spi.AnalyticsTopics.*;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.osgi.service.event.Event;
import org.revenge.analytics.internal.config.Settings;
import org.revenge.analytics.internal.config.TestConfigs;

/** The callers' side: what is queued, what is refused and why, what is ignored and why. */
class AdmissionTest {

    private final UUID excludedUser = UUID.randomUUID();
    private final UUID excludedLibrary = UUID.randomUUID();
    private final IngestCounters counters = new IngestCounters();
    private final SignalQueue queue = new SignalQueue(1_000);
    private final UserHolds holds = new UserHolds(Clock.systemUTC(), queue::handedOver);
    private final Admission admission = new Admission(Clock.systemUTC(), Settings.from(TestConfigs.analytics(Map.of(
            "privacy.excluded.users", excludedUser.toString(), "privacy.excluded.libraries", excludedLibrary.toString()))),
            counters, holds, queue);

    private static Map<String, Object> started(UUID user, UUID library) {
        Map<String, Object> properties = new HashMap<>();
        properties.put(SESSION_ID, UUID.randomUUID().toString());
        properties.put(USER_ID, user.toString());
        properties.put(MEDIA_ID, UUID.randomUUID().toString());
        properties.put(LIBRARY_ID, library.toString());
        properties.put(MEDIA_TYPE, "movie");
        properties.put(POSITION_SEC, "0");
        properties.put(RUNTIME_SEC, "6000");
        properties.put(TIMESTAMP, String.valueOf(Instant.now().minusSeconds(60).toEpochMilli()));
        return properties;
    }

    private Map<String, Long> byReason() {
        return counters.snapshot(0, 0, java.time.Duration.ZERO).rejectedByReason();
    }

    @Test
    void aValidEventIsQueuedAndCounted() {
        admission.offer(new Event(PLAYBACK_STARTED, started(UUID.randomUUID(), UUID.randomUUID())));

        assertThat(queue.size()).isEqualTo(1);
        assertThat(counters.snapshot(0, 0, java.time.Duration.ZERO).accepted()).isEqualTo(1);
    }

    @Test
    void aBadEventIsCountedUnderItsFieldAndNotQueued() {
        Map<String, Object> properties = started(UUID.randomUUID(), UUID.randomUUID());
        properties.put(USER_ID, "nobody");
        admission.offer(new Event(PLAYBACK_STARTED, properties));

        assertThat(queue.size()).isZero();
        assertThat(byReason()).hasSize(1).allSatisfy((reason, count) -> assertThat(reason).startsWith(USER_ID + ": "));
    }

    @Test
    void excludedUsersExcludedLibrariesAndHeldUsersAreIgnoredByReason() {
        UUID optedOut = UUID.randomUUID();
        holds.optOut(optedOut);
        admission.offer(new Event(PLAYBACK_STARTED, started(excludedUser, UUID.randomUUID())));
        admission.offer(new Event(PLAYBACK_STARTED, started(UUID.randomUUID(), excludedLibrary)));
        admission.offer(new Event(PLAYBACK_STARTED, started(optedOut, UUID.randomUUID())));

        assertThat(queue.size()).isZero();
        assertThat(byReason()).containsEntry("ignored: " + Admission.EXCLUDED_USER, 1L)
                .containsEntry("ignored: " + Admission.EXCLUDED_LIBRARY, 1L)
                .containsEntry("ignored: " + UserHolds.OPTED_OUT, 1L);
    }

    @Test
    void changedSettingsApplyToTheNextEvent() {
        UUID user = UUID.randomUUID();
        admission.apply(Settings.from(TestConfigs.analytics(Map.of("privacy.excluded.users", user.toString()))));
        admission.offer(new Event(PLAYBACK_STARTED, started(user, UUID.randomUUID())));

        assertThat(byReason()).containsEntry("ignored: " + Admission.EXCLUDED_USER, 1L);
    }

    @Test
    void onceClosedItRefusesSoThatTheCallerKeepsTheEvent() {
        admission.close();

        assertThatThrownBy(() -> admission.offer(new Event(PLAYBACK_STARTED, started(UUID.randomUUID(), UUID.randomUUID()))))
                .isInstanceOf(IllegalStateException.class);
        assertThat(admission.record(new Signal.Stopped(UUID.randomUUID(), 0, Instant.now()))).isFalse();
        assertThat(queue.size()).isZero();
    }
}
