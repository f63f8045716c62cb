package org.revenge.analytics.internal.admin.shell.karaf;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.revenge.analytics.internal.admin.shell.CommandTexts;
import org.revenge.analytics.internal.admin.shell.KarafCommandLine;

/** {@code analytics:user}: see {@link CommandTexts#USER}. */
@Command(scope = "analytics", name = "user", description = CommandTexts.USER)
@Service
public class UserAction extends AnalyticsAction {

    @Argument(index = 0, name = "USER-ID", description = "the user's UUID", required = true)
    @Completion(UserIdCompleter.class)
    String user;

    @Option(name = "--period", description = "the totals' period: 24h, 7d, 4w, P30D, all (default 30d)")
    @Completion(PeriodCompleter.class)
    String period;

    @Option(name = "--limit", description = "recently watched items and latest plays shown, 1 to 1000 (default 10)")
    String limit;

    @Override
    void arguments(KarafCommandLine line) {
        line.positional(user).option("period", period).option("limit", limit);
    }
}
