package org.revenge.analytics.internal.store;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.ibatis.annotations.Param;
import org.revenge.analytics.spi.ImportReport;
import org.revenge.analytics.spi.ImportSource;

/**
 * The history importer's bulk path: a staging table filled by binary COPY, the ledger of imported
 * viewings, and the set-based build of plays and rollups. SQL in {@code ImportMapper.xml}.
 */
public interface ImportMapper {

    /** What the staged plays add up to. */
    record ImportTotals(long plays, long completedPlays, long watchTimeSec) {
    }

    /** A row of {@code import_run}. */
    record ImportRunRow(long id, String source, String fileName, Instant startedAt, Instant finishedAt, String state,
            long rowsRead, long plays, long completedPlays, long watchTimeSec, long alreadyThere, long skipped,
            String report) {

        /** @return the report; the skipped reasons are read back from the report line, which holds them in order */
        public ImportReport toReport() {
            Map<String, Long> reasons = new LinkedHashMap<>();
            int open = report.lastIndexOf(" skipped (");
            if (!"completed".equals(state) || open < 0 || !report.endsWith(")")) {
                return new ImportReport(id, ImportSource.fromWireName(source).orElse(null), fileName, startedAt, finishedAt,
                        state, rowsRead, plays, completedPlays, watchTimeSec, reasons,
                        "failed".equals(state) ? report : null);
            }
            String list = report.substring(open + " skipped (".length(), report.length() - 1);
            for (String pair : list.split(", ")) {
                int equals = pair.lastIndexOf('=');
                if (equals > 0) {
                    reasons.put(pair.substring(0, equals), Long.parseLong(pair.substring(equals + 1)));
                }
            }
            return new ImportReport(id, ImportSource.fromWireName(source).orElse(null), fileName, startedAt, finishedAt, state,
                    rowsRead, plays, completedPlays, watchTimeSec, reasons, null);
        }
    }

    String lockImports();

    void createStaging();

    int dropAlreadyImported();

    /** @return whether no import holds the imports' lock; if so, this transaction holds it now */
    boolean noImportRunning();

    /** Marks the imports listed as running as failed, interrupted. @return how many */
    int closeInterruptedRuns(@Param("now") Instant now, @Param("why") String why);

    /** Lists an import as running. @param run {@code source}, {@code fileName}, {@code startedAt}; receives {@code id} */
    void addRun(Map<String, Object> run);

    int recordViewings(@Param("importId") long importId);

    int dropDuplicates();

    void analyzeStaging();

    ImportTotals totals();

    /** Creates the partitions of the UTC days of the plays kept raw. @return how many were created */
    int ensureRawPartitions();

    void holdPlays();

    void addClientTypes();

    /** Marks the staged plays the host already stores. @return how many */
    int markStoredPlays();

    /** Counts the stored plays among the staged ones with the live writer's statement. */
    int buildStoredPlays(@Param("zone") String zone);

    int dropStoredPlays();

    void createMediaDays();

    int sumMediaDays(@Param("zone") String zone);

    void analyzeMediaDays();

    int addMediaDays();

    int addLibraryDays();

    void createPairs();

    int sumPairs(@Param("zone") String zone);

    void analyzePairs();

    int addUserDays(@Param("zone") String zone);

    int addBreakdowns(@Param("zone") String zone);

    int addUserClients(@Param("zone") String zone);

    int addUsers();

    int addPeriods();

    int addMediaUsers();

    int addPlays(@Param("zone") String zone);

    void finishRun(@Param("id") long id, @Param("report") ImportReport report, @Param("alreadyThere") long alreadyThere,
            @Param("skipped") long skipped, @Param("line") String line);

    void failRun(@Param("id") long id, @Param("finishedAt") Instant finishedAt, @Param("rows") long rows,
            @Param("line") String line);

    void recordFailure(@Param("source") String source, @Param("fileName") String fileName,
            @Param("startedAt") Instant startedAt, @Param("finishedAt") Instant finishedAt, @Param("rows") long rows,
            @Param("line") String line);

    List<ImportRunRow> imports(@Param("limit") int limit);
}
