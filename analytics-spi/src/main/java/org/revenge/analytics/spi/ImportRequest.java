package org.revenge.analytics.spi;

import java.nio.file.Path;
import java.time.ZoneId;

/**
 * What to import.
 *
 * @param source   the program the file comes from; required
 * @param file     the file, readable by the plugin; required
 * @param fileName the name the report and the import list show (the upload's name, or the file's own
 *                 name); never a directory, which is not kept
 * @param mapFile  a CSV file of lines {@code kind,source_id,uuid} ({@code kind} one of {@code user},
 *                 {@code library}, {@code media}) that maps the source's ids to the host's, or
 *                 {@code null}: unmapped ids become name-based UUIDs of the source, kind and id
 * @param zone     the zone of times the source stores without an offset (Playback Reporting), or
 *                 {@code null} for the plugin's configured zone
 * @param dryRun   {@code true} to count everything and write nothing
 * @since 1.4
 */
public record ImportRequest(ImportSource source, Path file, String fileName, Path mapFile, ZoneId zone, boolean dryRun) {
}
