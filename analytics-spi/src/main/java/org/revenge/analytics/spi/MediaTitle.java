package org.revenge.analytics.spi;

/**
 * What the host calls a media item, in parts, so each surface can show as much as fits: an
 * episode's series, season and episode number, a track's artist and album, and the year.
 *
 * <p>Only {@code title} is required. Text parts are trimmed by the host; the plugin shows them as
 * given and never stores them.
 *
 * @param title   the item's own title, for example {@code The Long Goodbye}; required, not blank
 * @param series  the series an episode belongs to, or {@code null}
 * @param season  the season number of an episode (0 or more), or {@code null}
 * @param episode the episode number within its season (0 or more), or {@code null}
 * @param artist  the artist of a track or album, or {@code null}
 * @param album   the album a track is on, or {@code null}
 * @param year    the year the item was released, or {@code null}
 * @since 1.4
 */
public record MediaTitle(
        String title,
        String series,
        Integer season,
        Integer episode,
        String artist,
        String album,
        Integer year) {

    /** Checks the title and the numbers, naming the part that is wrong. */
    public MediaTitle {
        if (title == null || title.isBlank()) {
            throw new IllegalArgumentException("title is required and must not be blank");
        }
        if (season != null && season < 0) {
            throw new IllegalArgumentException("season must be 0 or more, was " + season);
        }
        if (episode != null && episode < 0) {
            throw new IllegalArgumentException("episode must be 0 or more, was " + episode);
        }
    }

    /**
     * @param title the title
     * @param year  the year, or {@code null}
     * @return a title of a film, audiobook or anything else without series or album
     */
    public static MediaTitle of(String title, Integer year) {
        return new MediaTitle(title, null, null, null, null, null, year);
    }

    /**
     * @return an episode's title: its series, season and episode number, its own title, and year
     */
    public static MediaTitle episode(String series, int season, int episode, String title, Integer year) {
        return new MediaTitle(title, series, season, episode, null, null, year);
    }

    /**
     * @return a track's title: its artist, album, own title and year
     */
    public static MediaTitle track(String artist, String album, String title, Integer year) {
        return new MediaTitle(title, null, null, null, artist, album, year);
    }
}
