package org.revenge.analytics.spi;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Brings watch history from Tautulli, Jellystat, Jellyfin's Playback Reporting or another Revenge
 * Analytics into the plugin's plays and rollups, exactly once: a viewing already imported is not
 * counted again, and an import that is interrupted (stop, restart, database outage) leaves nothing
 * of itself counted. Plays older than the raw retention go into the daily and all-time rollups only.
 * Nothing private is kept: no address, device or machine id, user name, e-mail address or file path.
 * Registered by the analytics bundle next to {@link AnalyticsAdmin}.
 *
 * @since 1.4
 */
@ProviderType
public interface AnalyticsImporter {

    /**
     * Imports one file; returns when it is done. Imports run one at a time (a second waits).
     *
     * @param request  what to import; required
     * @param progress told how far it got; required
     * @return the report; an import that failed throws instead (and is listed as failed)
     * @throws InvalidInputException       naming the field of the request, or the row of the file,
     *                                     that is wrong
     * @throws StorageUnavailableException if the database failed (nothing of the import is kept)
     */
    ImportReport importHistory(ImportRequest request, ImportProgress progress);

    /**
     * The imports that ran (dry runs excepted), the latest first.
     *
     * @param limit how many at most, 1 to {@link AnalyticsService#MAX_LIMIT}
     * @return the reports
     */
    List<ImportReport> getImports(int limit);
}
