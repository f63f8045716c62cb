package org.revenge.analytics.internal.monitor;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.felix.hc.api.FormattingResultLog;
import org.apache.felix.hc.api.HealthCheck;
import org.apache.felix.hc.api.Result;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.revenge.analytics.spi.AnalyticsAdmin;
import org.revenge.analytics.spi.AnalyticsException;
import org.revenge.analytics.spi.QuarantinedRecord;

/**
 * Nothing quarantined. A record in the quarantine is a play, scan or session the writer could not
 * store and set aside (docs/QUARANTINE.md): recording goes on, but what the record holds is missing
 * from the figures until an admin re-drives or discards it. That is a WARN, with the count, the
 * kinds and the oldest entries' reasons, so the operator knows what to look at.
 */
@Component(service = HealthCheck.class, property = {
        HealthCheck.NAME + "=Revenge Analytics quarantine",
        HealthCheck.TAGS + "=" + Checks.TAG,
        HealthCheck.MBEAN_NAME + "=analytics-quarantine"})
public final class QuarantineCheck implements HealthCheck {

    /** The oldest entries read to name their kinds and reasons: enough to say what went wrong. */
    static final int SHOWN = 20;

    private final AnalyticsAdmin admin;

    @Activate
    public QuarantineCheck(@Reference AnalyticsAdmin admin) {
        this.admin = admin;
    }

    @Override
    public Result execute() {
        FormattingResultLog log = new FormattingResultLog();
        long count;
        List<QuarantinedRecord> oldest;
        try {
            count = admin.countQuarantined();
            oldest = count == 0 ? List.of() : admin.getQuarantined(SHOWN);
        } catch (AnalyticsException e) {
            log.warn("No quarantine figures: {} (see the database check)", e.getMessage());
            return new Result(log);
        }
        if (count == 0) {
            log.info("The quarantine is empty: every record the writer took was stored");
            return new Result(log);
        }
        Map<String, Long> byKind = new TreeMap<>();
        oldest.forEach(record -> byKind.merge(record.kind(), 1L, Long::sum));
        log.warn("{} in quarantine: the writer could not store them, so what they hold is missing from the "
                + "figures until an admin re-drives or discards them (analytics:quarantine, docs/QUARANTINE.md)",
                count == 1 ? "1 record is" : count + " records are");
        log.info("The oldest {} by kind: {}", oldest.size(), byKind);
        for (QuarantinedRecord record : oldest) {
            log.info("Entry {} ({}, set aside {}): {}", record.id(), record.kind(), record.quarantinedAt(), record.reason());
        }
        return new Result(log);
    }
}
