package org.revenge.analytics.internal.admin.shell.karaf;

import java.time.Clock;
import java.time.ZoneId;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.revenge.analytics.internal.admin.shell.AnalyticsCommands;
import org.revenge.analytics.internal.admin.names.ShownNames;
import org.revenge.analytics.internal.admin.shell.KarafCommandLine;
import org.revenge.analytics.spi.AnalyticsAdmin;
import org.revenge.analytics.spi.AnalyticsNames;
import org.revenge.analytics.spi.AnalyticsService;

/**
 * What every action shares: the services Karaf injects, and running the shared command logic with
 * what Karaf parsed. An action is its annotations and {@link #arguments}: adding a command is one
 * small class here and its logic in {@link AnalyticsCommands}.
 */
abstract class AnalyticsAction implements Action {

    @Reference
    AnalyticsService analytics;

    /** Optional: with an analytics bundle older than SPI 1.3 the read-only commands still work. */
    @Reference(optional = true)
    AnalyticsAdmin admin;

    /** Optional: without it (an analytics bundle older than SPI 1.4) the commands show short ids. */
    @Reference(optional = true)
    AnalyticsNames names;

    @Option(name = "--no-format", description = "print tables plain, columns separated by tabs, for scripts")
    boolean noFormat;

    /** Hands the action's options and arguments on, as the command logic names them. */
    abstract void arguments(KarafCommandLine line);

    @Override
    public Object execute() throws Exception {
        String name = getClass().getAnnotation(Command.class).name();
        KarafCommandLine line = KarafCommandLine.of(name);
        arguments(line);
        AnalyticsAdmin service = admin;
        AnalyticsNames hostNames = names;
        new AnalyticsCommands(analytics, () -> service, Clock.systemDefaultZone(), ZoneId.systemDefault(),
                header -> new KarafTable(!noFormat, header), ShownNames.of(() -> hostNames))
                .run(name, line, System.out);
        System.out.flush();
        return null;
    }
}
