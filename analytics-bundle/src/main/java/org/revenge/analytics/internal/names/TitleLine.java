package org.revenge.analytics.internal.names;

import org.revenge.analytics.spi.MediaTitle;

/**
 * A {@link MediaTitle} as one line: {@code Salt and Stone S2E8 · Quiet River (2021)},
 * {@code Mono Lake – Lantern (Paper Comet, 2019)}, {@code The Golden Orchard (2004)}.
 */
final class TitleLine {

    private TitleLine() {
    }

    static String of(MediaTitle title) {
        StringBuilder line = new StringBuilder();
        if (present(title.series())) {
            line.append(title.series().strip());
            if (title.season() != null) {
                line.append(" S").append(title.season());
            }
            if (title.episode() != null) {
                line.append(title.season() == null ? " E" : "E").append(title.episode());
            }
            line.append(" · ");
        } else if (present(title.artist())) {
            line.append(title.artist().strip()).append(" – ");
        }
        line.append(title.title().strip());
        String album = present(title.album()) ? title.album().strip() : null;
        if (album != null || title.year() != null) {
            line.append(" (");
            if (album != null) {
                line.append(album);
            }
            if (title.year() != null) {
                line.append(album == null ? "" : ", ").append(title.year());
            }
            line.append(')');
        }
        return line.toString();
    }

    private static boolean present(String text) {
        return text != null && !text.isBlank();
    }
}
