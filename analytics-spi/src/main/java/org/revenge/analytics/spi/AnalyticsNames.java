package org.revenge.analytics.spi;

import java.util.Optional;
import java.util.UUID;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The names the host gives through its {@link CatalogueNames} services, as the plugin's surfaces
 * show them. Registered by the analytics bundle; the admin surfaces, and any other bundle that
 * shows analytics to people, call it rather than the host's services directly, so every surface
 * names things alike and shares one bounded cache of titles.
 *
 * <p>Each {@code nameOf...} method returns the host's name, or the first 8 characters of the id
 * when no host service names it (none registered, the item unknown, or the host failed).
 *
 * @since 1.4
 */
@ProviderType
public interface AnalyticsNames {

    /** How many characters of an id are shown where the host gives no name. */
    int SHORT_ID_LENGTH = 8;

    /**
     * @param mediaId a media item; required
     * @return its title as one line, for example {@code Salt and Stone S2E8 · Quiet River (2021)}
     *         or {@code Mono Lake – Paper Comet – Lantern (2019)}, or the short id
     */
    String nameOfMedia(UUID mediaId);

    /**
     * @param mediaId a media item; required
     * @return the host's title in parts, or empty when the host does not name the item
     */
    Optional<MediaTitle> titleOf(UUID mediaId);

    /**
     * @param libraryId a library; required
     * @return its name, or the short id
     */
    String nameOfLibrary(UUID libraryId);

    /**
     * @param userId a user; required
     * @return the user's display name, asked from the host each time (never stored nor cached), or the short id
     */
    String nameOfUser(UUID userId);
}
