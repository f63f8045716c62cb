package org.revenge.analytics.internal.admin.http;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.revenge.analytics.internal.admin.http.Documents.Library;
import org.revenge.analytics.internal.admin.http.Documents.UserPage;
import org.revenge.analytics.spi.AnalyticsAdmin;
import org.revenge.analytics.spi.AnalyticsService;

/** Gathers what a user's own page shows for a period ({@code GET /me/page}), one SPI call per figure. */
final class UserPages {

    /** The most watched items the page lists. */
    static final int MOST_WATCHED = 10;

    private UserPages() {
    }

    static UserPage load(UUID user, boolean admin, Duration period, AnalyticsService analytics, AnalyticsAdmin privacy) {
        // the history's filter offers the server's libraries (every scanned one), not only those the user played
        // in over the period: finding those took grouping all of the user's items of the period
        List<Library> libraries = analytics.getLibraries().stream().map(library -> new Library(library.libraryId())).toList();
        return new UserPage(user, admin, analytics.getUserStats(user, period), analytics.getUserMostWatched(user, period, MOST_WATCHED),
                libraries, analytics.getUserPlaysByWeekdayAndHour(user, period),
                analytics.getUserCompletionRates(user, period), analytics.getUserClientTypes(user, period),
                privacy.isOptedOut(user), privacy.isKeepingYear(user));
    }
}
