package org.revenge.analytics.internal.ingest;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import org.revenge.analytics.internal.store.LibrarySnapshot;
import org.revenge.analytics.internal.store.SessionRow;
import org.revenge.analytics.spi.InvalidInputException;
import org.revenge.analytics.spi.MediaType;
import org.revenge.analytics.spi.PlayMethod;
import org.revenge.analytics.spi.PlaybackEvent;
import org.revenge.analytics.spi.QuarantinedRecord;
import org.revenge.analytics.spi.ScanStats;

/**
 * A quarantined record's content: a flat JSON object of exactly the fields the record holds (ids,
 * times as ISO-8601, figures, the client type), and back. What a record holds is what validation let
 * through, so no user name, address or path is ever written here.
 */
final class QuarantineContent {

    /** What the writer sets aside: a kind, the content, and what to feed back through the writer on a re-drive. */
    record Entry(String kind, String content) {
    }

    private QuarantineContent() {
    }

    static Entry of(Signal signal) {
        if (signal instanceof Signal.DirectPlay direct) {
            return of(direct.play());
        }
        if (signal instanceof Signal.Scan scan) {
            return scan(scan.libraryId(), scan.stats());
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        if (signal instanceof Signal.Started started) {
            fields.put("type", "started");
            fields.put("sessionId", started.sessionId());
            fields.put("userId", started.userId());
            fields.put("mediaId", started.mediaId());
            fields.put("libraryId", started.libraryId());
            fields.put("mediaType", started.mediaType() == null ? null : started.mediaType().name());
            fields.put("clientType", started.clientType());
            fields.put("playMethod", started.playMethod() == null ? null : started.playMethod().name());
            fields.put("positionSec", started.positionSec());
            fields.put("runtimeSec", started.runtimeSec());
            fields.put("at", started.at());
        } else if (signal instanceof Signal.Progress progress) {
            fields.put("type", "progress");
            fields.put("sessionId", progress.sessionId());
            fields.put("positionSec", progress.positionSec());
            fields.put("paused", progress.paused());
            fields.put("at", progress.at());
        } else if (signal instanceof Signal.Stopped stopped) {
            fields.put("type", "stopped");
            fields.put("sessionId", stopped.sessionId());
            fields.put("positionSec", stopped.positionSec());
            fields.put("at", stopped.at());
        }
        return new Entry(QuarantinedRecord.SIGNAL, json(fields));
    }

    static Entry of(PlaybackEvent play) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("id", play.id());
        fields.put("userId", play.userId());
        fields.put("mediaId", play.mediaId());
        fields.put("libraryId", play.libraryId());
        fields.put("mediaType", play.mediaType() == null ? null : play.mediaType().name());
        fields.put("startedAt", play.startedAt());
        fields.put("endedAt", play.endedAt());
        fields.put("durationSec", play.durationSec());
        fields.put("completed", play.completed());
        fields.put("clientType", play.clientType());
        fields.put("playMethod", play.playMethod() == null ? null : play.playMethod().name());
        return new Entry(QuarantinedRecord.PLAY, json(fields));
    }

    static Entry of(LibrarySnapshot snapshot) {
        return scan(snapshot.libraryId(), new ScanStats(snapshot.totalItems(), snapshot.totalSizeBytes(),
                snapshot.missingMetadata(), snapshot.orphanedFiles(), snapshot.addedItems(), snapshot.scannedAt()));
    }

    private static Entry scan(UUID libraryId, ScanStats stats) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("libraryId", libraryId);
        fields.put("totalItems", stats.totalItems());
        fields.put("totalSizeBytes", stats.totalSizeBytes());
        fields.put("missingMetadata", stats.missingMetadata());
        fields.put("orphanedFiles", stats.orphanedFiles());
        fields.put("addedItems", stats.addedItems());
        fields.put("scannedAt", stats.scannedAt());
        return new Entry(QuarantinedRecord.SCAN, json(fields));
    }

    static Entry of(SessionRow row) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("sessionId", row.sessionId());
        fields.put("playId", row.playId());
        fields.put("userId", row.userId());
        fields.put("mediaId", row.mediaId());
        fields.put("libraryId", row.libraryId());
        fields.put("startedAt", row.startedAt());
        fields.put("lastEventAt", row.lastEventAt());
        fields.put("closedAt", row.closedAt());
        fields.put("watchedSec", row.watchedSec());
        fields.put("positionSec", row.positionSec());
        fields.put("furthestSec", row.furthestSec());
        fields.put("runtimeSec", row.runtimeSec());
        fields.put("mediaType", row.mediaType() == null ? null : row.mediaType().name());
        fields.put("paused", row.paused());
        fields.put("playWritten", row.playWritten());
        fields.put("clientType", row.clientType());
        fields.put("playMethod", row.playMethod() == null ? null : row.playMethod().name());
        return new Entry(QuarantinedRecord.SESSION, json(fields));
    }

    static Entry sessionEnd(UUID sessionId) {
        return new Entry(QuarantinedRecord.SESSION_END, json(Map.of("sessionId", sessionId)));
    }

    static Entry checkpoint(String journalId, long sequence) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("journalId", journalId);
        fields.put("sequence", sequence);
        return new Entry(QuarantinedRecord.CHECKPOINT, json(fields));
    }

    // ---- back, for a re-drive -------------------------------------------------------------------

    /**
     * What a quarantined record feeds back through the writer: a {@link Signal}, a
     * {@link SessionRow}, the id of a session whose row goes, or {@code null} for a checkpoint,
     * which a later write moves on anyway.
     *
     * @throws InvalidInputException naming the entry if its content cannot be read back
     */
    static Object redrive(QuarantinedRecord record) {
        try {
            Map<String, String> f = FlatJson.parse(record.content());
            return switch (record.kind()) {
                case QuarantinedRecord.PLAY -> new Signal.DirectPlay(new PlaybackEvent(uuid(f, "id"), uuid(f, "userId"),
                        uuid(f, "mediaId"), uuid(f, "libraryId"), mediaType(f), instant(f, "startedAt"), instant(f, "endedAt"),
                        Integer.parseInt(f.get("durationSec")), Boolean.parseBoolean(f.get("completed")), f.get("clientType"),
                        playMethod(f)));
                case QuarantinedRecord.SCAN -> new Signal.Scan(uuid(f, "libraryId"), new ScanStats(
                        Long.parseLong(f.get("totalItems")), Long.parseLong(f.get("totalSizeBytes")),
                        Long.parseLong(f.get("missingMetadata")), Long.parseLong(f.get("orphanedFiles")),
                        Long.parseLong(f.get("addedItems")), instant(f, "scannedAt")));
                case QuarantinedRecord.SESSION -> new SessionRow(uuid(f, "sessionId"), uuid(f, "playId"), uuid(f, "userId"),
                        uuid(f, "mediaId"), uuid(f, "libraryId"), instant(f, "startedAt"), instant(f, "lastEventAt"),
                        instant(f, "closedAt"), Integer.parseInt(f.get("watchedSec")), Integer.parseInt(f.get("positionSec")),
                        Integer.parseInt(f.get("furthestSec")), Integer.parseInt(f.get("runtimeSec")), mediaType(f),
                        Boolean.parseBoolean(f.get("paused")), Boolean.parseBoolean(f.get("playWritten")), f.get("clientType"),
                        playMethod(f));
                case QuarantinedRecord.SESSION_END -> uuid(f, "sessionId");
                case QuarantinedRecord.SIGNAL -> signal(f);
                case QuarantinedRecord.CHECKPOINT -> null;
                default -> throw new IllegalArgumentException("unknown kind " + record.kind());
            };
        } catch (RuntimeException e) {
            throw new InvalidInputException("id", "quarantine entry " + record.id() + " cannot be read back (" + e.getMessage()
                    + "); discard it instead");
        }
    }

    private static Signal signal(Map<String, String> f) {
        return switch (f.get("type")) {
            case "started" -> new Signal.Started(uuid(f, "sessionId"), uuid(f, "userId"), uuid(f, "mediaId"),
                    uuid(f, "libraryId"), mediaType(f), f.get("clientType"), Integer.parseInt(f.get("positionSec")),
                    Integer.parseInt(f.get("runtimeSec")), instant(f, "at"), playMethod(f));
            case "progress" -> new Signal.Progress(uuid(f, "sessionId"), Integer.parseInt(f.get("positionSec")),
                    Boolean.parseBoolean(f.get("paused")), instant(f, "at"));
            case "stopped" -> new Signal.Stopped(uuid(f, "sessionId"), Integer.parseInt(f.get("positionSec")),
                    instant(f, "at"));
            default -> throw new IllegalArgumentException("unknown signal type " + f.get("type"));
        };
    }

    private static UUID uuid(Map<String, String> fields, String key) {
        String value = fields.get(key);
        return value == null ? null : UUID.fromString(value);
    }

    private static Instant instant(Map<String, String> fields, String key) {
        String value = fields.get(key);
        return value == null ? null : Instant.parse(value);
    }

    private static MediaType mediaType(Map<String, String> fields) {
        String value = fields.get("mediaType");
        return value == null ? null : MediaType.valueOf(value);
    }

    /** Records quarantined before 1.2.0-021 have no play method: unknown. */
    private static PlayMethod playMethod(Map<String, String> fields) {
        String value = fields.get("playMethod");
        return value == null ? null : PlayMethod.valueOf(value);
    }

    private static String json(Map<String, Object> fields) {
        StringBuilder out = new StringBuilder("{");
        fields.forEach((key, value) -> {
            if (out.length() > 1) {
                out.append(',');
            }
            FlatJson.string(out, key);
            out.append(':');
            if (value == null) {
                out.append("null");
            } else if (value instanceof Number || value instanceof Boolean) {
                out.append(value);
            } else {
                FlatJson.string(out, value.toString());
            }
        });
        return out.append('}').toString();
    }
}
