package org.revenge.analytics.internal.admin.shell.karaf;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.revenge.analytics.internal.admin.shell.CommandTexts;
import org.revenge.analytics.internal.admin.shell.KarafCommandLine;

/** {@code analytics:status}: see {@link CommandTexts#STATUS}. */
@Command(scope = "analytics", name = "status", description = CommandTexts.STATUS)
@Service
public class StatusAction extends AnalyticsAction {

    @Override
    void arguments(KarafCommandLine line) {

    }
}
