package org.revenge.analytics.internal.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.revenge.analytics.internal.config.CountingRules;
import org.revenge.analytics.spi.MediaType;
import org.revenge.analytics.spi.StorageUnavailableException;

/** Opted-out users and users being erased, without a database: the writer's side is called by hand. */
class UserHoldsTest {

    private final AtomicLong handedOver = new AtomicLong();
    private final UserHolds holds = new UserHolds(Clock.systemUTC(), handedOver::get);
    private final PendingWrites pending = new PendingWrites();
    private final Sessionizer sessionizer = new Sessionizer(CountingRules.DEFAULTS, Clock.systemUTC(), pending);

    @Test
    void anOptOutHoldsTheUserAtOnceAndAnOptInReleasesThem() {
        UUID user = UUID.randomUUID();
        assertThat(holds.heldBecause(user)).isNull();

        holds.optOut(user);
        assertThat(holds.heldBecause(user)).isEqualTo(UserHolds.OPTED_OUT);
        assertThat(holds.optedOut(user)).isTrue();

        holds.optIn(user);
        assertThat(holds.heldBecause(user)).isNull();
        assertThat(holds.optedOut(user)).isFalse();
    }

    @Test
    void theWriterDropsTheOpenSessionOfAUserWhoOptedOut() {
        UUID user = UUID.randomUUID();
        UUID session = UUID.randomUUID();
        Instant now = Instant.now();
        sessionizer.apply(new Signal.Started(session, user, UUID.randomUUID(), UUID.randomUUID(), MediaType.MOVIE, "web", 0,
                6000, now.minusSeconds(600)));
        assertThat(sessionizer.openSessions()).isEqualTo(1);

        holds.optOut(user);
        holds.dropUsers(sessionizer, pending);

        assertThat(sessionizer.openSessions()).isZero();
        assertThat(pending.sessions).isEmpty();
    }

    @Test
    void anErasureWaitsUntilWhatWasHandedOverBeforeIsInTheDatabase() throws Exception {
        UUID user = UUID.randomUUID();
        handedOver.set(5);
        CompletableFuture<IngestPipeline.UserHold> hold = CompletableFuture.supplyAsync(
                () -> holds.holdForErasure(user, Duration.ofSeconds(30)));
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> UserHolds.ERASING.equals(holds.heldBecause(user)));

        holds.dropUsers(sessionizer, pending);
        holds.confirmDrops(4);
        assertThat(hold).as("one signal from before is not in the database yet").isNotDone();
        holds.confirmDrops(5);

        IngestPipeline.UserHold held = hold.get(10, TimeUnit.SECONDS);
        assertThat(holds.heldBecause(user)).isEqualTo(UserHolds.ERASING);
        held.close();
        assertThat(holds.heldBecause(user)).isNull();
    }

    @Test
    void anErasureTheWriterCannotConfirmInTimeFailsAndReleasesTheUser() {
        UUID user = UUID.randomUUID();
        assertThatThrownBy(() -> holds.holdForErasure(user, Duration.ofMillis(50)))
                .isInstanceOf(StorageUnavailableException.class).hasMessageContaining("Cannot erase the user now");
        assertThat(holds.heldBecause(user)).isNull();
    }

    @Test
    void anOptOutMadeWhileARefreshReadsIsNotUndoneByThatOlderRead() {
        UUID user = UUID.randomUUID();
        holds.refresh(() -> {
            // the admin service stores and applies the opt-out while the writer's read is under way
            holds.optOut(user);
            return Set.of();
        });

        assertThat(holds.heldBecause(user)).isEqualTo(UserHolds.OPTED_OUT);
    }

    @Test
    void anOptInMadeWhileARefreshReadsIsNotUndoneByThatOlderRead() {
        UUID user = UUID.randomUUID();
        holds.optOut(user);
        holds.refresh(() -> {
            holds.optIn(user);
            return Set.of(user);
        });

        assertThat(holds.heldBecause(user)).isNull();
    }

    @Test
    void aRefreshTakesWhatOthersStoredAndForgetsChangesItHasSeen() {
        UUID stored = UUID.randomUUID();
        UUID optedInSince = UUID.randomUUID();
        holds.optOut(optedInSince);
        holds.optIn(optedInSince);
        holds.refresh(() -> Set.of(stored));

        assertThat(holds.heldBecause(stored)).isEqualTo(UserHolds.OPTED_OUT);
        assertThat(holds.heldBecause(optedInSince)).isNull();
    }

    @Test
    void manyOptOutsRacingRefreshesAllHold() throws Exception {
        int users = 2_000;
        java.util.List<UUID> ids = java.util.stream.IntStream.range(0, users).mapToObj(i -> UUID.randomUUID()).toList();
        // what the database holds: each opt-out is stored (committed) before it is applied in memory
        Set<UUID> database = java.util.concurrent.ConcurrentHashMap.newKeySet();
        java.util.concurrent.ExecutorService admins = java.util.concurrent.Executors.newFixedThreadPool(4);
        java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
        Thread writer = new Thread(() -> {
            while (!done.get()) {
                holds.refreshSoon();
                holds.refresh(() -> Set.copyOf(database));
            }
        });
        writer.start();
        try {
            for (UUID id : ids) {
                admins.submit(() -> {
                    database.add(id);
                    holds.optOut(id);
                });
            }
            admins.shutdown();
            assertThat(admins.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
            // every opt-out holds at once, whatever the refreshes in between read
            assertThat(ids).allSatisfy(id -> assertThat(holds.heldBecause(id)).isEqualTo(UserHolds.OPTED_OUT));
        } finally {
            done.set(true);
            writer.join();
        }
        assertThat(ids).allSatisfy(id -> assertThat(holds.heldBecause(id)).isEqualTo(UserHolds.OPTED_OUT));
    }
}
