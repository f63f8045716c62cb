package org.revenge.analytics.internal.admin.shell.karaf;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.revenge.analytics.internal.admin.shell.CommandTexts;
import org.revenge.analytics.internal.admin.shell.KarafCommandLine;

/** {@code analytics:enable}: see {@link CommandTexts#ENABLE}. */
@Command(scope = "analytics", name = "enable", description = CommandTexts.ENABLE)
@Service
public class EnableAction extends AnalyticsAction {

    @Override
    void arguments(KarafCommandLine line) {

    }
}
