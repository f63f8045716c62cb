package org.revenge.analytics.internal.admin.http;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.UUID;

import org.revenge.analytics.internal.admin.http.Documents.Library;
import org.revenge.analytics.internal.admin.http.Documents.UserPage;
import org.revenge.analytics.spi.AnalyticsAdmin;
import org.revenge.analytics.spi.AnalyticsService;
import org.revenge.analytics.spi.MediaStats;

/** Gathers what a user's own page shows for a period ({@code GET /me/page}), one SPI call per figure. */
final class UserPages {

    /** The most watched items the page lists. */
    static final int MOST_WATCHED = 10;

    private UserPages() {
    }

    static UserPage load(UUID user, boolean admin, Duration period, AnalyticsService analytics, AnalyticsAdmin privacy) {
        // every item of the period, once: the top ten for the list, all of them for the libraries played in
        List<MediaStats> items = analytics.getUserMostWatched(user, period, AnalyticsService.MAX_LIMIT);
        LinkedHashSet<Library> libraries = new LinkedHashSet<>();
        items.forEach(item -> libraries.add(new Library(item.libraryId())));
        return new UserPage(user, admin, analytics.getUserStats(user, period), items.subList(0, Math.min(MOST_WATCHED, items.size())),
                List.copyOf(libraries), analytics.getUserPlaysByWeekdayAndHour(user, period),
                analytics.getUserCompletionRates(user, period), analytics.getUserClientTypes(user, period),
                privacy.isOptedOut(user), privacy.isKeepingYear(user));
    }
}
