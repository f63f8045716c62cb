package org.revenge.analytics.internal.admin.shell.karaf;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.revenge.analytics.internal.admin.shell.CommandTexts;
import org.revenge.analytics.internal.admin.shell.KarafCommandLine;

/** {@code analytics:opt-in}: see {@link CommandTexts#OPT_IN}. */
@Command(scope = "analytics", name = "opt-in", description = CommandTexts.OPT_IN)
@Service
public class OptInAction extends AnalyticsAction {

    @Argument(index = 0, name = "USER-ID", description = "the user's UUID", required = true)
    @Completion(UserIdCompleter.class)
    String user;

    @Override
    void arguments(KarafCommandLine line) {
        line.positional(user);
    }
}
