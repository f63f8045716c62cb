package org.revenge.analytics.spi;

import java.util.Optional;
import java.util.UUID;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Names what the plugin only knows by id. The host registers an implementation as an OSGi service
 * (whiteboard); the console page, the shell, the HTTP API and the exports then show names where
 * ids were, and short ids (the first 8 characters) where the host gives no name. Several services
 * may be registered: they are asked in service ranking order, and the first name wins.
 *
 * <p>Calls come from the plugin's request threads while a page or an export is built, so they must
 * return quickly from the host's own catalogue and never block on the network. An exception counts
 * as "no name". The plugin never stores a user's name; it may keep media titles and library names
 * in a bounded in-memory cache for a while, so a renamed item shows its new name within the cache's
 * time.
 *
 * <p>Each method has a default that names nothing, so a host may name only what it knows.
 *
 * @since 1.4
 */
@ConsumerType
public interface CatalogueNames {

    /**
     * @param mediaId the host's id of a media item
     * @return its title, or empty if the host does not know the item
     */
    default Optional<MediaTitle> mediaTitle(UUID mediaId) {
        return Optional.empty();
    }

    /**
     * @param libraryId the host's id of a library
     * @return its name, for example {@code Movies}, or empty
     */
    default Optional<String> libraryName(UUID libraryId) {
        return Optional.empty();
    }

    /**
     * @param userId the host's id of a user
     * @return the name the host shows for the user, or empty; never stored by the plugin
     */
    default Optional<String> userDisplayName(UUID userId) {
        return Optional.empty();
    }
}
