package org.revenge.analytics.internal.admin.shell.karaf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.apache.karaf.shell.api.console.Candidate;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.junit.jupiter.api.Test;
import org.revenge.analytics.spi.AnalyticsAdmin;
import org.revenge.analytics.spi.AnalyticsNames;
import org.revenge.analytics.spi.AnalyticsService;
import org.revenge.analytics.spi.LibraryStats;
import org.revenge.analytics.spi.QuarantinedRecord;
import org.revenge.analytics.spi.UserActivity;

class CompletersTest {

    private final AnalyticsService analytics = mock(AnalyticsService.class);
    private final AnalyticsAdmin admin = mock(AnalyticsAdmin.class);

    /** What Karaf offers when the admin has typed {@code typed} and pressed TAB. */
    private static List<String> complete(Completer completer, String typed) {
        CommandLine line = mock(CommandLine.class);
        when(line.getCursorArgument()).thenReturn(typed);
        when(line.getArgumentPosition()).thenReturn(typed.length());
        List<String> candidates = new ArrayList<>();
        completer.complete(mock(Session.class), line, candidates);
        return candidates.stream().map(String::strip).toList();
    }

    @Test
    void periodsInTheShortFormSharedWithTheHttpApi() {
        assertThat(complete(new PeriodCompleter(), "")).contains("24h", "7d", "30d", "all");
        assertThat(complete(new PeriodCompleter(), "3")).containsExactlyInAnyOrder("30d", "365d");
    }

    @Test
    void jobKindsFromTheAdminService() {
        when(admin.getJobKinds()).thenReturn(List.of("analytics.cleanup", "analytics.compact", "analytics.partitions"));
        JobKindCompleter completer = new JobKindCompleter();
        completer.admin = admin;
        assertThat(complete(completer, "analytics.c")).containsExactly("analytics.cleanup", "analytics.compact");
        completer.admin = null;
        assertThat(complete(completer, "")).isEmpty();
    }

    @Test
    void libraryIdsOfTheScannedLibrariesDescribedByTheirNames() {
        UUID movies = UUID.fromString("11b00000-0000-4000-8000-000000000004");
        UUID music = UUID.fromString("22c00000-0000-4000-8000-000000000005");
        List<LibraryStats> libraries = List.of(library(movies), library(music));
        when(analytics.getLibraries()).thenReturn(libraries);
        AnalyticsNames names = mock(AnalyticsNames.class);
        when(names.nameOfLibrary(movies)).thenReturn("Movies");
        when(names.nameOfLibrary(music)).thenReturn("22c00000");
        LibraryIdCompleter completer = new LibraryIdCompleter();
        completer.analytics = analytics;
        assertThat(complete(completer, "11b")).containsExactly(movies.toString());

        completer.names = names;
        List<Candidate> candidates = new ArrayList<>();
        completer.completeCandidates(mock(Session.class), mock(CommandLine.class), candidates);
        assertThat(candidates).extracting(c -> c.value() + " " + c.descr())
                .containsExactly(movies + " Movies", music + " 22c00000");
        // without the names service, the short id describes it
        completer.names = null;
        candidates.clear();
        completer.completeCandidates(mock(Session.class), mock(CommandLine.class), candidates);
        assertThat(candidates).extracting(Candidate::descr).containsExactly("11b00000", "22c00000");
    }

    @Test
    void quarantineEntriesTheListingShowsFirst() {
        when(admin.getQuarantined(100)).thenReturn(List.of(
                new QuarantinedRecord(17, QuarantinedRecord.PLAY, "{}", "refused", Instant.EPOCH),
                new QuarantinedRecord(42, QuarantinedRecord.SCAN, "{}", "refused", Instant.EPOCH)));
        QuarantineIdCompleter completer = new QuarantineIdCompleter();
        completer.admin = admin;
        assertThat(complete(completer, "")).containsExactly("17", "42");
        assertThat(complete(completer, "4")).containsExactly("42");
        completer.admin = null;
        assertThat(complete(completer, "")).isEmpty();
    }

    private static LibraryStats library(UUID id) {
        LibraryStats stats = mock(LibraryStats.class);
        when(stats.libraryId()).thenReturn(id);
        return stats;
    }

    @Test
    void userIdsOfRecentPlayersAndOfThoseWhoOptedOut() {
        UUID player = UUID.fromString("0a11ce00-0000-4000-8000-000000000001");
        UUID optedOut = UUID.fromString("0b0b0000-0000-4000-8000-000000000002");
        when(analytics.getActiveUsers(Duration.ofDays(30))).thenReturn(List.of(new UserActivity(player, Instant.EPOCH, 3, 600, false)));
        when(admin.getOptedOutUsers()).thenReturn(List.of(optedOut));
        UserIdCompleter completer = new UserIdCompleter();
        completer.analytics = analytics;
        completer.admin = admin;
        assertThat(complete(completer, "")).containsExactly(player.toString(), optedOut.toString());
        assertThat(complete(completer, "0b")).containsExactly(optedOut.toString());
    }
}
