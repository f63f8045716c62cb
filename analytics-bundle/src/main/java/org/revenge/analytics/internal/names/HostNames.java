package org.revenge.analytics.internal.names;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Function;

import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.revenge.analytics.spi.AnalyticsNames;
import org.revenge.analytics.spi.CatalogueNames;
import org.revenge.analytics.spi.InvalidInputException;
import org.revenge.analytics.spi.MediaTitle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * {@link AnalyticsNames} over the host's {@link CatalogueNames} services (whiteboard): asks them in
 * ranking order, keeps titles and library names in a bounded cache, and asks for user names every
 * time, so no user's name is kept. A host service that throws counts as not naming the thing; it is
 * logged once per service, not on every call.
 */
@Component(service = AnalyticsNames.class, configurationPid = NamesConfiguration.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
public final class HostNames implements AnalyticsNames {

    private static final Logger LOG = LoggerFactory.getLogger(HostNames.class);

    /** The host's services, the highest ranking first (then the oldest). */
    private final Map<Rank, Named> catalogues = new ConcurrentSkipListMap<>();
    private final Cache<UUID, Optional<MediaTitle>> titles;
    private final Cache<UUID, Optional<String>> libraries;

    @Activate
    public HostNames(NamesConfiguration config) {
        this(config.cache_size(), Duration.ofMinutes(config.cache_minutes()));
    }

    /** Outside a framework (tests, the benchmark): add services with {@link #add}. */
    public HostNames(int cacheSize, Duration cacheLifetime) {
        // evictions run on the caller's thread, so a bound (even 0) holds the moment a name is added
        this.titles = Caffeine.newBuilder().maximumSize(cacheSize).expireAfterWrite(cacheLifetime).executor(Runnable::run).build();
        this.libraries = Caffeine.newBuilder().maximumSize(cacheSize).expireAfterWrite(cacheLifetime).executor(Runnable::run).build();
    }

    /** Names nothing: every id is shown short. */
    public static HostNames none() {
        return new HostNames(0, Duration.ofMinutes(1));
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addCatalogue(CatalogueNames catalogue, Map<String, Object> properties) {
        catalogues.put(Rank.of(properties), new Named(catalogue, catalogue.getClass().getName()));
        forget();
    }

    void removeCatalogue(CatalogueNames catalogue, Map<String, Object> properties) {
        catalogues.remove(Rank.of(properties));
        forget();
    }

    /** Adds a host service outside a framework, ranked below those added before. */
    public void add(CatalogueNames catalogue) {
        catalogues.put(new Rank(0, catalogues.size() + 1L), new Named(catalogue, catalogue.getClass().getName()));
        forget();
    }

    @Override
    public String nameOfMedia(UUID mediaId) {
        return titleOf(mediaId).map(TitleLine::of).orElseGet(() -> shortId(mediaId));
    }

    @Override
    public Optional<MediaTitle> titleOf(UUID mediaId) {
        required(mediaId, "mediaId");
        return cached(titles, mediaId, id -> ask(catalogue -> catalogue.mediaTitle(id)));
    }

    @Override
    public String nameOfLibrary(UUID libraryId) {
        required(libraryId, "libraryId");
        return cached(libraries, libraryId, id -> ask(catalogue -> catalogue.libraryName(id)))
                .filter(name -> !name.isBlank()).map(String::strip).orElseGet(() -> shortId(libraryId));
    }

    @Override
    public String nameOfUser(UUID userId) {
        required(userId, "userId");
        return ask(catalogue -> catalogue.userDisplayName(userId)).value().filter(name -> !name.isBlank()).map(String::strip)
                .orElseGet(() -> shortId(userId));
    }

    /** @return the first 8 characters of the id */
    public static String shortId(UUID id) {
        return id.toString().substring(0, SHORT_ID_LENGTH);
    }

    /** A cached answer, or the host's; an answer given while a host service failed is not kept. */
    private static <T> Optional<T> cached(Cache<UUID, Optional<T>> cache, UUID id, Function<UUID, Answer<T>> ask) {
        Optional<T> known = cache.getIfPresent(id);
        if (known != null) {
            return known;
        }
        Answer<T> answer = ask.apply(id);
        if (answer.certain()) {
            cache.put(id, answer.value());
        }
        return answer.value();
    }

    private <T> Answer<T> ask(Function<CatalogueNames, Optional<T>> question) {
        boolean certain = true;
        for (Named named : catalogues.values()) {
            try {
                Optional<T> answer = question.apply(named.catalogue());
                named.failed = false;
                if (answer != null && answer.isPresent()) {
                    return new Answer<>(answer, true);
                }
            } catch (RuntimeException e) {
                certain = false;
                if (!named.failed) {
                    named.failed = true;
                    LOG.warn("The host's CatalogueNames service {} failed to name something ({}); what it would name is shown "
                            + "by short id until it answers again", named.label(), e.toString());
                }
            }
        }
        return new Answer<>(Optional.empty(), certain);
    }

    /** What the host services said, and whether all of them answered (only then is it worth keeping). */
    private record Answer<T>(Optional<T> value, boolean certain) {
    }

    private void forget() {
        titles.invalidateAll();
        libraries.invalidateAll();
    }

    private static void required(UUID id, String name) {
        if (id == null) {
            throw new InvalidInputException(name, "is required");
        }
    }

    /** A host service's place: higher ranking first, then the lower service id. */
    private record Rank(int ranking, long serviceId) implements Comparable<Rank> {

        static Rank of(Map<String, Object> properties) {
            Object ranking = properties.get(Constants.SERVICE_RANKING);
            Object id = properties.get(Constants.SERVICE_ID);
            return new Rank(ranking instanceof Integer value ? value : 0, id instanceof Long value ? value : 0L);
        }

        @Override
        public int compareTo(Rank other) {
            int byRanking = Integer.compare(other.ranking, ranking);
            return byRanking != 0 ? byRanking : Long.compare(serviceId, other.serviceId);
        }
    }

    private static final class Named {
        private final CatalogueNames catalogue;
        private final String label;
        private volatile boolean failed;

        Named(CatalogueNames catalogue, String label) {
            this.catalogue = catalogue;
            this.label = label;
        }

        CatalogueNames catalogue() {
            return catalogue;
        }

        String label() {
            return label;
        }
    }
}
