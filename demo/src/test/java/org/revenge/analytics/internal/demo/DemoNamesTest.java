package org.revenge.analytics.internal.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.revenge.analytics.spi.MediaTitle;

class DemoNamesTest {

    private final Catalogue catalogue = new Catalogue(14);
    private final DemoNames names = new DemoNames(catalogue);

    @Test
    void everyItemIsTitledInPartsAsTheLogNamesIt() {
        Catalogue.Library shows = catalogue.libraries().get(1);
        Catalogue.Item episode = shows.items().get(6);
        MediaTitle title = names.mediaTitle(episode.id()).orElseThrow();

        assertThat(episode.title()).isEqualTo(title.series() + " S" + title.season() + "E" + title.episode());
        assertThat(title.series()).isEqualTo("Salt and Stone");
        assertThat(title.title()).isNotBlank();
        Catalogue.Item track = catalogue.libraries().get(2).items().get(0);
        assertThat(names.mediaTitle(track.id()).orElseThrow().album()).isEqualTo("Low Tide");
        assertThat(catalogue.libraries()).allSatisfy(library -> library.items()
                .forEach(item -> assertThat(names.mediaTitle(item.id())).contains(item.name())));
    }

    @Test
    void librariesAndUsersAreNamedAndStrangersAreNot() {
        assertThat(names.libraryName(catalogue.libraries().get(0).id())).contains("Movies");
        assertThat(names.userDisplayName(catalogue.listeners().get(0).id())).contains("Alice");
        assertThat(names.userDisplayName(catalogue.listeners().get(13).id())).contains("Guest14");
        assertThat(names.mediaTitle(UUID.randomUUID())).isEmpty();
        assertThat(names.libraryName(UUID.randomUUID())).isEmpty();
    }
}
