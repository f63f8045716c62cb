package org.revenge.analytics.internal.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.osgi.service.event.Event;
import org.revenge.analytics.spi.HostEventSink;

class EventRelayTest {

    private static Event event(int n) {
        return new Event("org/revenge/playback/PROGRESS", Map.of("n", n));
    }

    private static List<Integer> numbers(List<Event> events) {
        List<Integer> numbers = new ArrayList<>();
        events.forEach(e -> numbers.add((Integer) e.getProperty("n")));
        return numbers;
    }

    /** A sink that records what it takes, and refuses once told its bundle is stopping. */
    static final class Recorder implements HostEventSink {
        final List<Event> taken = Collections.synchronizedList(new ArrayList<>());
        volatile boolean stopping;
        volatile boolean broken;

        @Override
        public void accept(Event event) {
            if (stopping) {
                throw new IllegalStateException("stopping");
            }
            if (broken) {
                throw new NullPointerException("a bug");
            }
            taken.add(event);
        }
    }

    private static void drain(EventRelay relay) {
        while (relay.handOver() > 0) {
            // until the backlog is handed over
        }
        relay.handOver();
    }

    @Nested
    class WithASink {

        @Test
        void handsEachEventOnAtOnce() {
            EventRelay relay = new EventRelay(10, true);
            Recorder sink = new Recorder();
            relay.sinkAppeared(sink);

            relay.relay(event(1));
            relay.relay(event(2));

            assertThat(numbers(sink.taken)).containsExactly(1, 2);
            assertThat(relay.relayed()).isEqualTo(2);
            assertThat(relay.backlog()).isZero();
        }

        @Test
        void countsButDoesNotRetryAnEventTheSinkFailsOn() {
            EventRelay relay = new EventRelay(10, true);
            Recorder sink = new Recorder();
            relay.sinkAppeared(sink);
            sink.broken = true;

            relay.relay(event(1));

            assertThat(relay.failed()).isEqualTo(1);
            assertThat(relay.backlog()).isZero();
        }
    }

    @Nested
    class WhileTheBundleIsAway {

        @Test
        void keepsEventsAndHandsThemOverFirstAndInOrderWhenASinkAppears() {
            EventRelay relay = new EventRelay(10, true);
            Recorder old = new Recorder();
            relay.sinkAppeared(old);
            relay.relay(event(1));
            relay.sinkGone(old);

            relay.relay(event(2));
            relay.relay(event(3));
            Recorder next = new Recorder();
            relay.sinkAppeared(next);
            relay.relay(event(4)); // arrives before the relay thread ran: queues behind the backlog
            assertThat(next.taken).isEmpty();
            drain(relay);
            relay.relay(event(5)); // the backlog is handed over: straight through again

            assertThat(numbers(old.taken)).containsExactly(1);
            assertThat(numbers(next.taken)).containsExactly(2, 3, 4, 5);
            assertThat(relay.backlog()).isZero();
        }

        @Test
        void keepsAnEventTheStoppingSinkRefused() {
            EventRelay relay = new EventRelay(10, true);
            Recorder old = new Recorder();
            relay.sinkAppeared(old);
            old.stopping = true;

            relay.relay(event(1));
            relay.relay(event(2));
            assertThat(relay.handOver()).as("refused again while still registered").isZero();
            relay.sinkGone(old);
            Recorder next = new Recorder();
            relay.sinkAppeared(next);
            drain(relay);

            assertThat(old.taken).isEmpty();
            assertThat(numbers(next.taken)).containsExactly(1, 2);
        }

        @Test
        void aRefusalMidwayPutsTheRestBackInFrontOfNewerEvents() {
            EventRelay relay = new EventRelay(10_000, true);
            for (int i = 0; i < EventRelay.BATCH + 10; i++) {
                relay.relay(event(i));
            }
            HostEventSink refusesAfterThree = new HostEventSink() {
                int calls;

                @Override
                public void accept(Event event) {
                    if (++calls > 3) {
                        throw new IllegalStateException("stopping");
                    }
                }
            };
            relay.sinkAppeared(refusesAfterThree);
            assertThat(relay.handOver()).isEqualTo(3);
            relay.sinkGone(refusesAfterThree);
            relay.relay(event(-1));
            Recorder next = new Recorder();
            relay.sinkAppeared(next);
            drain(relay);

            List<Integer> expected = new ArrayList<>();
            for (int i = 3; i < EventRelay.BATCH + 10; i++) {
                expected.add(i);
            }
            expected.add(-1);
            assertThat(numbers(next.taken)).containsExactlyElementsOf(expected);
        }

        @Test
        void dropsAndCountsNewEventsBeyondTheBoundAndNeverBlocks() {
            EventRelay relay = new EventRelay(3, true);
            for (int i = 1; i <= 5; i++) {
                relay.relay(event(i));
            }
            assertThat(relay.backlog()).isEqualTo(3);
            assertThat(relay.overflowed()).isEqualTo(2);

            Recorder sink = new Recorder();
            relay.sinkAppeared(sink);
            drain(relay);
            assertThat(numbers(sink.taken)).as("the oldest are kept").containsExactly(1, 2, 3);
        }

        @Test
        void aLargerCapacityAppliesAtOnce() {
            EventRelay relay = new EventRelay(1, true);
            relay.relay(event(1));
            relay.capacity(2);
            relay.relay(event(2));
            assertThat(relay.backlog()).isEqualTo(2);
        }
    }

    @Nested
    class WhenTheBundleIsNotInstalled {

        @Test
        void dropsAndCountsEvents() {
            EventRelay relay = new EventRelay(10, false);
            relay.relay(event(1));
            assertThat(relay.backlog()).isZero();
            assertThat(relay.notInstalled()).isEqualTo(1);
        }

        @Test
        void uninstallingDropsTheBacklogAndInstallingKeepsAgain() {
            EventRelay relay = new EventRelay(10, true);
            relay.relay(event(1));
            relay.relay(event(2));
            assertThat(relay.pluginInstalled(false)).isEqualTo(2);
            relay.relay(event(3));
            assertThat(relay.notInstalled()).isEqualTo(3);

            relay.pluginInstalled(true);
            relay.relay(event(4));
            Recorder sink = new Recorder();
            relay.sinkAppeared(sink);
            drain(relay);
            assertThat(numbers(sink.taken)).containsExactly(4);
        }
    }

    @Test
    void theRelayThreadWaitsForABacklogAndASinkAndStopsWhenTold() throws Exception {
        EventRelay relay = new EventRelay(100, true);
        Recorder sink = new Recorder();
        CountDownLatch stopped = new CountDownLatch(1);
        Thread thread = new Thread(() -> {
            try {
                while (relay.awaitWork(10)) {
                    relay.handOver();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            stopped.countDown();
        });
        thread.start();
        for (int i = 0; i < 50; i++) {
            relay.relay(event(i));
        }
        relay.sinkAppeared(sink);
        for (int i = 50; i < 100; i++) {
            relay.relay(event(i));
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (sink.taken.size() < 100 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        relay.stop();
        assertThat(stopped.await(10, TimeUnit.SECONDS)).isTrue();

        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            expected.add(i);
        }
        assertThat(numbers(sink.taken)).containsExactlyElementsOf(expected);
    }
}
