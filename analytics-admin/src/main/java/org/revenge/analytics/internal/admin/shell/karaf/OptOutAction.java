package org.revenge.analytics.internal.admin.shell.karaf;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.revenge.analytics.internal.admin.shell.CommandTexts;
import org.revenge.analytics.internal.admin.shell.KarafCommandLine;

/** {@code analytics:opt-out}: see {@link CommandTexts#OPT_OUT}. */
@Command(scope = "analytics", name = "opt-out", description = CommandTexts.OPT_OUT)
@Service
public class OptOutAction extends AnalyticsAction {

    @Argument(index = 0, name = "USER-ID", description = "the user's UUID; without it, lists who opted out")
    @Completion(UserIdCompleter.class)
    String user;

    @Override
    void arguments(KarafCommandLine line) {
        line.positional(user);
    }
}
