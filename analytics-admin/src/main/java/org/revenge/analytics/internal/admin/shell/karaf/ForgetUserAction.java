package org.revenge.analytics.internal.admin.shell.karaf;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.revenge.analytics.internal.admin.shell.CommandTexts;
import org.revenge.analytics.internal.admin.shell.KarafCommandLine;

/** {@code analytics:forget-user}: see {@link CommandTexts#FORGET_USER}. */
@Command(scope = "analytics", name = "forget-user", description = CommandTexts.FORGET_USER)
@Service
public class ForgetUserAction extends AnalyticsAction {

    @Argument(index = 0, name = "USER-ID", description = "the user's UUID", required = true)
    @Completion(UserIdCompleter.class)
    String user;

    @Option(name = "--force", description = "really erase; without it the command only says what would go")
    boolean force;

    @Override
    void arguments(KarafCommandLine line) {
        line.positional(user).flag("force", force);
    }
}
