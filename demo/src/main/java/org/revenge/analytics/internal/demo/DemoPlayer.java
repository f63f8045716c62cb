package org.revenge.analytics.internal.demo;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.metatype.annotations.Designate;
import org.revenge.analytics.spi.AnalyticsService;
import org.revenge.analytics.spi.CatalogueNames;
import org.revenge.analytics.spi.SystemStats;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Acts as the media server's player: posts on EventAdmin what a host posts while people watch and
 * listen, so that Revenge Analytics has something to count. On its first start it posts some weeks
 * of history (once: a marker in the bundle's data area remembers how far it got), then live traffic.
 * It waits for {@link AnalyticsService} before posting anything, since EventAdmin delivers only to
 * handlers that are registered; after that it plays on whether Analytics is there or not, as a host would.
 */
@Component(configurationPid = DemoConfiguration.PID, service = {})
@Designate(ocd = DemoConfiguration.class)
public final class DemoPlayer {

    private static final Logger LOG = LoggerFactory.getLogger(DemoPlayer.class);
    private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm");

    private final EventAdmin eventAdmin;
    private final DemoSettings settings;
    private final Clock clock;
    private final ZoneId zone;
    private final Catalogue catalogue;
    private final LiveTraffic live;
    private final File historyMarker;
    private final ScheduledExecutorService worker;
    private ServiceRegistration<CatalogueNames> names;
    private volatile AnalyticsService analytics;
    /** Written only by the worker thread. */
    private volatile boolean playing;
    private boolean waitingLogged;
    private Instant nextReport;

    @Activate
    public DemoPlayer(BundleContext context, @Reference EventAdmin eventAdmin, DemoConfiguration config) {
        this(eventAdmin, checked(config), Clock.systemUTC(), ZoneId.systemDefault(), context.getDataFile("history.properties"));
        // names its items, libraries and users for Analytics' surfaces, as a host registers its catalogue
        names = context.registerService(CatalogueNames.class, new DemoNames(catalogue), null);
        worker.scheduleWithFixedDelay(this::tickSafely, 0, 1, TimeUnit.SECONDS);
        LOG.info("Demo player ready: {} users, {} new sessions a minute, {} days of history, {} bad events an hour. "
                + "It starts playing once Revenge Analytics is up", settings.users(), settings.sessionsPerMinute(),
                settings.backfillDays(), settings.badEventsPerHour());
    }

    DemoPlayer(EventAdmin eventAdmin, DemoSettings settings, Clock clock, ZoneId zone, File historyMarker) {
        this.eventAdmin = eventAdmin;
        this.settings = settings;
        this.clock = clock;
        this.zone = zone;
        this.historyMarker = historyMarker;
        this.catalogue = new Catalogue(settings.users());
        this.live = new LiveTraffic(catalogue, settings, zone, new Random());
        this.worker = Executors.newSingleThreadScheduledExecutor(runnable -> new Thread(runnable, "revenge-demo-player"));
    }

    private static DemoSettings checked(DemoConfiguration config) {
        try {
            return DemoSettings.from(config);
        } catch (IllegalArgumentException e) {
            LOG.error("Demo player not started: configuration {}, {}. Fix it in etc/{}.cfg.", DemoConfiguration.PID,
                    e.getMessage(), DemoConfiguration.PID);
            throw e;
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void bindAnalytics(AnalyticsService service) {
        analytics = service;
    }

    void unbindAnalytics(AnalyticsService service) {
        if (analytics == service) {
            analytics = null;
        }
    }

    @Deactivate
    void stop() throws InterruptedException {
        if (names != null) {
            try {
                names.unregister();
            } catch (IllegalStateException alreadyGone) {
                // the framework unregisters a stopping bundle's services itself
            }
        }
        worker.shutdownNow();
        worker.awaitTermination(10, TimeUnit.SECONDS);
        if (playing) {
            LOG.info("Demo player stopped; the sessions it left playing end as abandoned ones");
        }
    }

    private void tickSafely() {
        try {
            tick();
        } catch (RuntimeException e) {
            LOG.warn("Demo player tick failed; it goes on: {}", e.toString(), e);
        }
    }

    /** One step of the worker: start playing once Analytics is there, then post what is due. */
    void tick() {
        Instant now = clock.instant();
        if (!playing) {
            if (analytics == null) {
                if (!waitingLogged) {
                    LOG.info("Demo player waits for Revenge Analytics to start before posting anything");
                    waitingLogged = true;
                }
                return;
            }
            playing = true;
            postHistory(now);
            live.begin(now);
            nextReport = now.plusSeconds(Math.max(10, settings.reportIntervalSec() / 2));
            LOG.info("Demo player plays live now: about {} new sessions a minute by {} users", settings.sessionsPerMinute(),
                    settings.users());
        }
        live.tick(now, this::post);
        if (settings.reportIntervalSec() > 0 && !now.isBefore(nextReport)) {
            nextReport = now.plusSeconds(settings.reportIntervalSec());
            report(now);
        }
    }

    private void post(Posting posting) {
        eventAdmin.postEvent(new Event(posting.topic(), posting.properties()));
        if (posting.narration() != null) {
            Instant now = clock.instant();
            if (posting.at().isBefore(now.minus(Duration.ofMinutes(1)))) {
                LOG.info("(at {}) {}", HH_MM.format(posting.at().atZone(zone)), posting.narration());
            } else {
                LOG.info(posting.narration());
            }
        }
    }

    /** Posts the days of history not posted before, up to yesterday; today is live traffic's. */
    private void postHistory(Instant now) {
        LocalDate today = LocalDate.ofInstant(now, zone);
        LocalDate from = today.minusDays(settings.backfillDays());
        Properties marker = readMarker();
        String postedThrough = marker.getProperty("posted.through");
        if (postedThrough != null && String.valueOf(settings.users()).equals(marker.getProperty("users"))) {
            LocalDate next = LocalDate.parse(postedThrough).plusDays(1);
            if (next.isAfter(from)) {
                from = next;
            }
        }
        if (!from.isBefore(today)) {
            if (settings.backfillDays() > 0) {
                LOG.info("History up to {} was posted before; not posting it again", postedThrough);
            }
            return;
        }
        History history = new History(catalogue, zone);
        int sessions = 0;
        int events = 0;
        for (LocalDate day = from; day.isBefore(today); day = day.plusDays(1)) {
            History.Day posted = history.of(day);
            sessions += posted.sessions();
            events += posted.postings().size();
            // a session that began late yesterday may end after now: its last events wait for their time
            for (Posting posting : posted.postings()) {
                if (posting.at().isAfter(now)) {
                    live.schedule(List.of(posting));
                } else {
                    post(posting);
                }
            }
        }
        LOG.info("Posted the history from {} to {}: {} sessions by {} users and a scan a day of {} libraries ({} events). "
                + "Analytics records it within seconds", from, today.minusDays(1), sessions, settings.users(),
                catalogue.libraries().size(), events);
        marker.setProperty("posted.through", today.minusDays(1).toString());
        marker.setProperty("users", String.valueOf(settings.users()));
        writeMarker(marker);
    }

    private void report(Instant now) {
        AnalyticsService service = analytics;
        if (service == null) {
            LOG.info("Revenge Analytics is not there right now; the demo player plays on ({} users playing)",
                    live.playing(now));
            return;
        }
        try {
            SystemStats stats = service.getSystemStats();
            LOG.info("Analytics counts {} plays in the last 7 days ({} today, {} hours watched), {} users, {} sessions "
                    + "playing; {} bad events refused since it started", stats.plays7d(), stats.playsToday(),
                    stats.watchTimeSec7d() / 3600, stats.users(), stats.activeSessions(), stats.ingest().rejected());
        } catch (RuntimeException e) {
            LOG.info("Analytics does not answer right now: {}", e.getMessage());
        }
    }

    private Properties readMarker() {
        Properties marker = new Properties();
        if (historyMarker != null && historyMarker.isFile()) {
            try (InputStream in = Files.newInputStream(historyMarker.toPath())) {
                marker.load(in);
            } catch (IOException e) {
                LOG.warn("Cannot read {}; posting the whole history again (Analytics ignores what it already has): {}",
                        historyMarker, e.toString());
            }
        }
        return marker;
    }

    private void writeMarker(Properties marker) {
        if (historyMarker == null) {
            return;
        }
        try (OutputStream out = Files.newOutputStream(historyMarker.toPath())) {
            marker.store(out, "How far the demo player has posted history");
        } catch (IOException e) {
            LOG.warn("Cannot write {}; the next start posts the history again: {}", historyMarker, e.toString());
        }
    }
}
