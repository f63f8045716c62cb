package org.revenge.analytics.internal.admin.shell.karaf;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.revenge.analytics.internal.admin.shell.CommandTexts;
import org.revenge.analytics.internal.admin.shell.KarafCommandLine;

/** {@code analytics:jobs}: see {@link CommandTexts#JOBS}. */
@Command(scope = "analytics", name = "jobs", description = CommandTexts.JOBS)
@Service
public class JobsAction extends AnalyticsAction {

    @Option(name = "--limit", description = "runs shown, 1 to 1000 (default 20)")
    String limit;

    @Override
    void arguments(KarafCommandLine line) {
        line.option("limit", limit);
    }
}
