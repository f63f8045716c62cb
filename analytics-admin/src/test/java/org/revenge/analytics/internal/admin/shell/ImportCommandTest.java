package org.revenge.analytics.internal.admin.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.mockito.ArgumentCaptor;
import org.mockito.Mock;
import org.mockito.junit.jupiter.MockitoExtension;
import org.revenge.analytics.spi.AnalyticsImporter;
import org.revenge.analytics.spi.ImportProgress;
import org.revenge.analytics.spi.ImportReport;
import org.revenge.analytics.spi.ImportRequest;
import org.revenge.analytics.spi.ImportSource;
import org.revenge.analytics.spi.InvalidInputException;

/** The command line of {@code analytics:import}: what it hands the importer, what it prints, what it refuses. */
@ExtendWith(MockitoExtension.class)
class ImportCommandTest {

    static final Instant NOW = Instant.parse("2026-12-05T12:00:00Z");

    @Mock
    AnalyticsImporter importer;
    @TempDir
    Path dir;
    final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    final PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);

    String run(String... args) {
        new ImportCommand(() -> importer).run(List.of((Object[]) args), out);
        return printed.toString(StandardCharsets.UTF_8);
    }

    @Test
    void handsTheRequestOverShowsProgressAndEndsWithTheReportLine() throws Exception {
        Path file = Files.writeString(dir.resolve("PlaybackActivity.tsv"), "x");
        Path map = Files.writeString(dir.resolve("map.csv"), "user,1," + new java.util.UUID(1, 1));
        Map<String, Long> skipped = new LinkedHashMap<>();
        skipped.put("already-imported", 4L);
        skipped.put("below-minimum", 1L);
        when(importer.importHistory(any(), any())).thenAnswer(call -> {
            call.<ImportProgress>getArgument(1).progress("reading", 50_000);
            return new ImportReport(0, ImportSource.PLAYBACK_REPORTING, "PlaybackActivity.tsv", NOW, NOW, "dry-run", 7, 2, 0, 4440,
                    skipped, null);
        });

        String text = run("--dry-run", "--zone", "America/New_York", "--map", map.toString(), "playback-reporting", file.toString());

        ArgumentCaptor<ImportRequest> request = ArgumentCaptor.forClass(ImportRequest.class);
        verify(importer).importHistory(request.capture(), any());
        assertThat(request.getValue()).isEqualTo(new ImportRequest(ImportSource.PLAYBACK_REPORTING, file, null, map,
                ZoneId.of("America/New_York"), true));
        assertThat(text).isEqualTo("reading: 50000 rows read\n"
                + "imported 2 plays (0 completed, 4440 s watched) from 7 rows of PlaybackActivity.tsv;"
                + " 5 skipped (already-imported=4, below-minimum=1)\n");
    }

    @Test
    void refusesWhatItCannotUseNamingIt() throws Exception {
        Path file = Files.writeString(dir.resolve("tautulli.db"), "x");
        assertThatThrownBy(() -> run("plex", file.toString())).hasMessage(
                "analytics:import: SOURCE must be tautulli, jellystat, playback-reporting or revenge, not 'plex'");
        assertThatThrownBy(() -> run("tautulli", dir.resolve("missing.db").toString()))
                .hasMessageContaining("FILE must be a readable file on the server");
        assertThatThrownBy(() -> run("--zone", "Mars/Olympus", "tautulli", file.toString()))
                .hasMessageContaining("--zone must be a time zone");
        assertThatThrownBy(() -> run("tautulli")).hasMessageContaining("SOURCE FILE");
        verify(importer, never()).importHistory(any(), any());
    }

    @Test
    void aFailedImportSaysWhy() throws Exception {
        Path file = Files.writeString(dir.resolve("tautulli.db"), "x");
        when(importer.importHistory(any(), any())).thenThrow(new InvalidInputException("file", "is not a SQLite database"));

        assertThatThrownBy(() -> run("tautulli", file.toString())).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("analytics:import: ").hasMessageContaining("is not a SQLite database");
    }

    @Test
    void withoutTheImporterItSaysWhatIsMissing() throws Exception {
        Path file = Files.writeString(dir.resolve("tautulli.db"), "x");
        assertThatThrownBy(() -> new ImportCommand(() -> null).run(List.of("tautulli", file.toString()), out))
                .hasMessageContaining("AnalyticsImporter service is not available");
    }
}
