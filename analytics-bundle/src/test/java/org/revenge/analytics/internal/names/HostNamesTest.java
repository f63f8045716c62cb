package org.revenge.analytics.internal.names;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Constants;
import org.revenge.analytics.spi.CatalogueNames;
import org.revenge.analytics.spi.InvalidInputException;
import org.revenge.analytics.spi.MediaTitle;

class HostNamesTest {

    static final UUID ITEM = UUID.fromString("be6764d1-0000-4000-8000-000000000001");
    static final UUID LIBRARY = UUID.fromString("3e6f232d-0000-4000-8000-000000000002");
    static final UUID USER = UUID.fromString("7a1b2c3d-0000-4000-8000-000000000003");

    /** A host catalogue that counts how often it is asked. */
    static final class Counting implements CatalogueNames {
        final AtomicInteger titleQuestions = new AtomicInteger();
        final AtomicInteger userQuestions = new AtomicInteger();
        volatile String title = "Quiet River";
        volatile boolean failing;

        @Override
        public Optional<MediaTitle> mediaTitle(UUID mediaId) {
            titleQuestions.incrementAndGet();
            if (failing) {
                throw new IllegalStateException("catalogue is reindexing");
            }
            return mediaId.equals(ITEM) ? Optional.of(MediaTitle.of(title, 2004)) : Optional.empty();
        }

        @Override
        public Optional<String> libraryName(UUID libraryId) {
            return libraryId.equals(LIBRARY) ? Optional.of(" Movies ") : Optional.empty();
        }

        @Override
        public Optional<String> userDisplayName(UUID userId) {
            userQuestions.incrementAndGet();
            return userId.equals(USER) ? Optional.of("Alice") : Optional.empty();
        }
    }

    @Nested
    class WithoutAHostService {

        @Test
        void everyIdIsShownByItsFirstEightCharacters() {
            HostNames names = HostNames.none();

            assertThat(names.nameOfMedia(ITEM)).isEqualTo("be6764d1");
            assertThat(names.nameOfLibrary(LIBRARY)).isEqualTo("3e6f232d");
            assertThat(names.nameOfUser(USER)).isEqualTo("7a1b2c3d");
            assertThat(names.titleOf(ITEM)).isEmpty();
        }

        @Test
        void aMissingIdIsRefusedByName() {
            assertThatThrownBy(() -> HostNames.none().nameOfMedia(null))
                    .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("mediaId"));
        }
    }

    @Nested
    class WithAHostService {

        @Test
        void namesWhatTheHostKnowsAndShortensTheRest() {
            HostNames names = new HostNames(100, Duration.ofMinutes(5));
            names.add(new Counting());

            assertThat(names.nameOfMedia(ITEM)).isEqualTo("Quiet River (2004)");
            assertThat(names.nameOfLibrary(LIBRARY)).isEqualTo("Movies");
            assertThat(names.nameOfUser(USER)).isEqualTo("Alice");
            assertThat(names.nameOfMedia(LIBRARY)).isEqualTo("3e6f232d");
            assertThat(names.nameOfUser(ITEM)).isEqualTo("be6764d1");
        }

        @Test
        void titlesAreCachedButUserNamesAreAskedEveryTime() {
            HostNames names = new HostNames(100, Duration.ofMinutes(5));
            Counting host = new Counting();
            names.add(host);

            names.nameOfMedia(ITEM);
            host.title = "Renamed";
            names.nameOfMedia(ITEM);
            names.nameOfUser(USER);
            names.nameOfUser(USER);

            assertThat(names.nameOfMedia(ITEM)).isEqualTo("Quiet River (2004)");
            assertThat(host.titleQuestions).hasValue(1);
            assertThat(host.userQuestions).hasValue(2);
        }

        @Test
        void aCacheOfSizeZeroAsksTheHostEveryTime() {
            HostNames names = new HostNames(0, Duration.ofMinutes(5));
            Counting host = new Counting();
            names.add(host);

            names.nameOfMedia(ITEM);
            host.title = "Renamed";

            assertThat(names.nameOfMedia(ITEM)).isEqualTo("Renamed (2004)");
        }

        @Test
        void aFailingHostCountsAsNoNameAndItsSilenceIsNotKept() {
            HostNames names = new HostNames(100, Duration.ofMinutes(5));
            Counting host = new Counting();
            host.failing = true;
            names.add(host);

            assertThat(names.nameOfMedia(ITEM)).isEqualTo("be6764d1");
            host.failing = false;

            assertThat(names.nameOfMedia(ITEM)).isEqualTo("Quiet River (2004)");
        }

        @Test
        void theHigherRankedServiceIsAskedFirstAndARegistrationClearsTheCache() {
            HostNames names = new HostNames(100, Duration.ofMinutes(5));
            names.addCatalogue(new Counting(), Map.of(Constants.SERVICE_ID, 1L));
            assertThat(names.nameOfMedia(ITEM)).isEqualTo("Quiet River (2004)");
            CatalogueNames preferred = new CatalogueNames() {
                @Override
                public Optional<MediaTitle> mediaTitle(UUID mediaId) {
                    return Optional.of(MediaTitle.of("The Preferred Title", null));
                }
            };

            names.addCatalogue(preferred, Map.of(Constants.SERVICE_ID, 2L, Constants.SERVICE_RANKING, 10));

            assertThat(names.nameOfMedia(ITEM)).isEqualTo("The Preferred Title");
            assertThat(names.nameOfLibrary(LIBRARY)).as("the preferred service names no library; the next one does")
                    .isEqualTo("Movies");
            names.removeCatalogue(preferred, Map.of(Constants.SERVICE_ID, 2L, Constants.SERVICE_RANKING, 10));
            assertThat(names.nameOfMedia(ITEM)).isEqualTo("Quiet River (2004)");
        }
    }

    @Nested
    class TitleLines {

        @Test
        void anEpisodeShowsItsSeriesSeasonAndEpisode() {
            assertThat(TitleLine.of(MediaTitle.episode("Salt and Stone", 2, 8, "Quiet River", 2021)))
                    .isEqualTo("Salt and Stone S2E8 · Quiet River (2021)");
        }

        @Test
        void aTrackShowsItsArtistAndAlbum() {
            assertThat(TitleLine.of(MediaTitle.track("Mono Lake", "Paper Comet", "Lantern", 2019)))
                    .isEqualTo("Mono Lake – Lantern (Paper Comet, 2019)");
            assertThat(TitleLine.of(MediaTitle.track("Mono Lake", null, "Lantern", null))).isEqualTo("Mono Lake – Lantern");
        }

        @Test
        void aTitleNeedsTextAndNumbersNotBelowZero() {
            assertThatThrownBy(() -> MediaTitle.of(" ", 2000)).hasMessageContaining("title");
            assertThatThrownBy(() -> MediaTitle.episode("S", -1, 1, "t", null)).hasMessageContaining("season");
        }
    }
}
