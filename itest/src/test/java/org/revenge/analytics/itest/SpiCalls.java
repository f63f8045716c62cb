package org.revenge.analytics.itest;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.osgi.framework.Bundle;

/**
 * {@code AnalyticsService} called from outside the framework, through the classes of the installed
 * SPI bundle (the test's own copy of the SPI on the class path is a different class to the
 * framework): records are built with their canonical constructors, results read through their
 * accessors. The test's arguments use the test's own names for the SPI's values.
 */
final class SpiCalls {

    /** A refusal as the service reported it: the SPI's {@code InvalidInputException}. */
    record Refusal(String field, String reason) {
    }

    /** The counters of {@code IngestStats} the fuzz test reads. */
    record Ingest(long accepted, long rejected, Map<String, Long> rejectedByReason) {
    }

    /** A play as {@code PlaybackEvent} has it; {@code mediaType} is the enum constant's name. */
    record Play(UUID id, UUID userId, UUID mediaId, UUID libraryId, String mediaType, Instant startedAt, Instant endedAt,
            int durationSec, boolean completed, String clientType) {
    }

    /** A scan as {@code ScanStats} has it. */
    record Scan(long totalItems, long totalSizeBytes, long missingMetadata, long orphanedFiles, long addedItems,
            Instant scannedAt) {
    }

    private final Object service;
    private final Class<?> mediaType;
    private final Constructor<?> playbackEvent;
    private final Constructor<?> scanStats;
    private final Method recordPlayback;
    private final Method recordLibraryScan;
    private final Method systemStats;

    SpiCalls(Bundle spiBundle, Object service) throws ReflectiveOperationException {
        this.service = service;
        Class<?> analytics = spiBundle.loadClass("org.revenge.analytics.spi.AnalyticsService");
        Class<?> event = spiBundle.loadClass("org.revenge.analytics.spi.PlaybackEvent");
        Class<?> stats = spiBundle.loadClass("org.revenge.analytics.spi.ScanStats");
        mediaType = spiBundle.loadClass("org.revenge.analytics.spi.MediaType");
        playbackEvent = event.getConstructor(UUID.class, UUID.class, UUID.class, UUID.class, mediaType, Instant.class,
                Instant.class, int.class, boolean.class, String.class);
        scanStats = stats.getConstructor(long.class, long.class, long.class, long.class, long.class, Instant.class);
        recordPlayback = analytics.getMethod("recordPlayback", event);
        recordLibraryScan = analytics.getMethod("recordLibraryScan", UUID.class, stats);
        systemStats = analytics.getMethod("getSystemStats");
    }

    /**
     * @param play the play, or {@code null} for a call with no play at all
     * @return the refusal, or empty if the play was taken
     */
    Optional<Refusal> recordPlayback(Play play) {
        return call(recordPlayback, play == null ? null : playbackEvent(play));
    }

    /**
     * @param scan the scan, or {@code null} for a call with no stats at all
     * @return the refusal, or empty if the scan was taken
     */
    Optional<Refusal> recordLibraryScan(UUID libraryId, Scan scan) {
        return call(recordLibraryScan, libraryId, scan == null ? null : scanStats(scan));
    }

    @SuppressWarnings("unchecked")
    Ingest ingest() {
        try {
            Object stats = systemStats.invoke(service);
            Object ingest = stats.getClass().getMethod("ingest").invoke(stats);
            Class<?> type = ingest.getClass();
            return new Ingest((long) type.getMethod("accepted").invoke(ingest), (long) type.getMethod("rejected").invoke(ingest),
                    (Map<String, Long>) type.getMethod("rejectedByReason").invoke(ingest));
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("getSystemStats failed", e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private Object playbackEvent(Play play) {
        Object type = play.mediaType() == null ? null : enumConstant(play.mediaType());
        return construct(playbackEvent, play.id(), play.userId(), play.mediaId(), play.libraryId(), type, play.startedAt(),
                play.endedAt(), play.durationSec(), play.completed(), play.clientType());
    }

    private Object scanStats(Scan scan) {
        return construct(scanStats, scan.totalItems(), scan.totalSizeBytes(), scan.missingMetadata(), scan.orphanedFiles(),
                scan.addedItems(), scan.scannedAt());
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private Object enumConstant(String name) {
        return Enum.valueOf((Class<Enum>) mediaType, name);
    }

    private static Object construct(Constructor<?> constructor, Object... arguments) {
        try {
            return constructor.newInstance(arguments);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private Optional<Refusal> call(Method method, Object... arguments) {
        try {
            method.invoke(service, arguments);
            return Optional.empty();
        } catch (InvocationTargetException e) {
            Throwable thrown = e.getCause();
            if (!thrown.getClass().getName().equals("org.revenge.analytics.spi.InvalidInputException")) {
                throw new AssertionError(method.getName() + " threw " + thrown + " instead of taking or refusing its input",
                        thrown);
            }
            try {
                return Optional.of(new Refusal((String) thrown.getClass().getMethod("field").invoke(thrown),
                        (String) thrown.getClass().getMethod("reason").invoke(thrown)));
            } catch (ReflectiveOperationException reading) {
                throw new IllegalStateException(reading);
            }
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }
}
