package org.revenge.analytics.internal.admin.shell.karaf;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.revenge.analytics.internal.admin.shell.CommandTexts;
import org.revenge.analytics.internal.admin.shell.KarafCommandLine;

/** {@code analytics:run-job}: see {@link CommandTexts#RUN_JOB}. */
@Command(scope = "analytics", name = "run-job", description = CommandTexts.RUN_JOB)
@Service
public class RunJobAction extends AnalyticsAction {

    @Argument(index = 0, name = "KIND", description = "a job kind, e.g. analytics.aggregate_daily", required = true)
    @Completion(JobKindCompleter.class)
    String kind;

    @Override
    void arguments(KarafCommandLine line) {
        line.positional(kind);
    }
}
