package org.revenge.analytics.internal.admin.names;

import java.util.UUID;
import java.util.function.Supplier;

import org.revenge.analytics.spi.AnalyticsNames;

/**
 * The names every admin surface shows for ids: the analytics bundle's {@link AnalyticsNames} when it
 * is there, and short ids (the first 8 characters) when it is not, as with an analytics bundle older
 * than SPI 1.4. A {@code null} id has no name.
 */
public final class ShownNames {

    private static final ShownNames NONE = new ShownNames(() -> null);

    private final Supplier<AnalyticsNames> service;

    private ShownNames(Supplier<AnalyticsNames> service) {
        this.service = service;
    }

    /** @param service the current names service, or a supplier of {@code null} while there is none */
    public static ShownNames of(Supplier<AnalyticsNames> service) {
        return new ShownNames(service);
    }

    /** @return names that show every id short */
    public static ShownNames none() {
        return NONE;
    }

    public String media(UUID mediaId) {
        AnalyticsNames names = service.get();
        return mediaId == null ? null : names == null ? shortId(mediaId) : names.nameOfMedia(mediaId);
    }

    public String library(UUID libraryId) {
        AnalyticsNames names = service.get();
        return libraryId == null ? null : names == null ? shortId(libraryId) : names.nameOfLibrary(libraryId);
    }

    public String user(UUID userId) {
        AnalyticsNames names = service.get();
        return userId == null ? null : names == null ? shortId(userId) : names.nameOfUser(userId);
    }

    /** @return the first 8 characters of the id */
    public static String shortId(UUID id) {
        return id.toString().substring(0, AnalyticsNames.SHORT_ID_LENGTH);
    }
}
