package org.revenge.analytics.internal.demo;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.revenge.analytics.spi.CatalogueNames;
import org.revenge.analytics.spi.MediaTitle;

/**
 * The demo host's catalogue as a {@link CatalogueNames} service, as a real host would register
 * its own: titles of the items, names of the libraries, and the users' display names, looked up
 * in memory.
 */
final class DemoNames implements CatalogueNames {

    private final Map<UUID, MediaTitle> titles = new HashMap<>();
    private final Map<UUID, String> libraries = new HashMap<>();
    private final Map<UUID, String> users = new HashMap<>();

    DemoNames(Catalogue catalogue) {
        for (Catalogue.Library library : catalogue.libraries()) {
            libraries.put(library.id(), library.name());
            library.items().forEach(item -> titles.put(item.id(), item.name()));
        }
        for (Catalogue.Listener listener : catalogue.listeners()) {
            users.put(listener.id(), Character.toUpperCase(listener.name().charAt(0)) + listener.name().substring(1));
        }
    }

    @Override
    public Optional<MediaTitle> mediaTitle(UUID mediaId) {
        return Optional.ofNullable(titles.get(mediaId));
    }

    @Override
    public Optional<String> libraryName(UUID libraryId) {
        return Optional.ofNullable(libraries.get(libraryId));
    }

    @Override
    public Optional<String> userDisplayName(UUID userId) {
        return Optional.ofNullable(users.get(userId));
    }
}
