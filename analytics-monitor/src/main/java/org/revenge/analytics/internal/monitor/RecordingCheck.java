package org.revenge.analytics.internal.monitor;

import org.apache.felix.hc.api.FormattingResultLog;
import org.apache.felix.hc.api.HealthCheck;
import org.apache.felix.hc.api.Result;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.revenge.analytics.spi.AnalyticsAdmin;

/**
 * Recording switched off is a WARN: deliberate (an admin ran {@code analytics:disable}), yet plays
 * go unrecorded meanwhile, which a monitoring screen should show rather than hide.
 */
@Component(service = HealthCheck.class, property = {
        HealthCheck.NAME + "=Revenge Analytics recording",
        HealthCheck.TAGS + "=" + Checks.TAG,
        HealthCheck.MBEAN_NAME + "=analytics-recording"})
public final class RecordingCheck implements HealthCheck {

    private final AnalyticsAdmin admin;

    @Activate
    public RecordingCheck(@Reference AnalyticsAdmin admin) {
        this.admin = admin;
    }

    @Override
    public Result execute() {
        FormattingResultLog log = new FormattingResultLog();
        if (admin.isEnabled()) {
            log.info("Recording is on");
        } else {
            log.warn("Recording is switched off (enabled = false): host events are ignored and jobs pause until "
                    + "analytics:enable");
        }
        return new Result(log);
    }
}
