package org.revenge.analytics.internal.admin.shell.karaf;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.revenge.analytics.internal.admin.shell.CommandTexts;
import org.revenge.analytics.internal.admin.shell.KarafCommandLine;

/** {@code analytics:disable}: see {@link CommandTexts#DISABLE}. */
@Command(scope = "analytics", name = "disable", description = CommandTexts.DISABLE)
@Service
public class DisableAction extends AnalyticsAction {

    @Override
    void arguments(KarafCommandLine line) {

    }
}
