package org.revenge.analytics.spi;

import java.time.Instant;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What an import did.
 *
 * @param id             the import's number in the import list, 0 for a dry run
 * @param source         where the history came from
 * @param fileName       the file's name (no directory)
 * @param startedAt      when the import started
 * @param finishedAt     when it ended
 * @param state          {@code completed}, {@code failed} or {@code dry-run}; in the list of imports also
 *                       {@code running}, for an import that has not ended yet
 * @param rows           rows (or records) read from the file
 * @param plays          plays imported
 * @param completedPlays of those, completed ones (a source with no position completes none)
 * @param watchTimeSec   seconds watched of the imported plays
 * @param skipped        viewings not imported, by reason ({@code already-imported} for those an
 *                       earlier import brought in), in a stable order
 * @param error          why a failed import failed, else {@code null}
 * @since 1.4
 */
public record ImportReport(long id, ImportSource source, String fileName, Instant startedAt, Instant finishedAt,
        String state, long rows, long plays, long completedPlays, long watchTimeSec, Map<String, Long> skipped,
        String error) {

    /** The reason under which viewings that an earlier import brought in are counted. */
    public static final String ALREADY_IMPORTED = "already-imported";

    /** @return all viewings skipped, whatever the reason */
    public long skippedTotal() {
        return skipped.values().stream().mapToLong(Long::longValue).sum();
    }

    /**
     * @return the one-line report: {@code imported P plays (C completed, W s watched) from R rows of
     *         FILE; S skipped (reason=n, ...)}, or for a failed import what failed
     */
    public String line() {
        if ("failed".equals(state)) {
            return "import of " + fileName + " failed: " + error;
        }
        if ("running".equals(state)) {
            return "import of " + fileName + " running";
        }
        return "imported " + plays + " plays (" + completedPlays + " completed, " + watchTimeSec + " s watched) from "
                + rows + " rows of " + fileName + "; " + skippedTotal() + " skipped ("
                + skipped.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", "))
                + ")";
    }
}
