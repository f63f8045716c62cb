package org.revenge.analytics.internal.admin.shell;

import java.io.PrintStream;
import java.time.ZoneId;
import java.util.List;

import org.revenge.analytics.spi.AnalyticsAdmin;
import org.revenge.analytics.spi.QuarantinedRecord;
import org.revenge.analytics.internal.admin.audit.AuditLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code analytics:quarantine}: lists the records the recording path set aside, re-drives one
 * through the writer or discards it. Its own class, with no shell types, so that both shells (Gogo
 * and Karaf's actions) only parse the arguments and call it.
 */
final class QuarantineCommand {

    private static final Logger AUDIT = LoggerFactory.getLogger(AuditLog.LOGGER);

    private final AnalyticsAdmin admin;
    private final ZoneId zone;
    private final Table.Maker tables;

    QuarantineCommand(AnalyticsAdmin admin, ZoneId zone, Table.Maker tables) {
        this.admin = admin;
        this.zone = zone;
        this.tables = tables;
    }

    /** Lists the oldest entries, with how many there are in all. */
    void list(int limit, PrintStream out) {
        long count = admin.countQuarantined();
        if (count == 0) {
            out.println("The quarantine is empty: every record the writer took was stored.");
            return;
        }
        List<QuarantinedRecord> records = admin.getQuarantined(limit);
        out.println(Formats.count(count) + " records in quarantine" + (records.size() < count ? ", the oldest "
                + records.size() + ":" : ":"));
        Table table = tables.create("ID", "KIND", "SET ASIDE", "REASON").right(0);
        records.forEach(r -> table.row(String.valueOf(r.id()), r.kind(), Formats.time(r.quarantinedAt(), zone), r.reason()));
        table.print(out, "  ");
        records.forEach(r -> out.println("  " + r.id() + ": " + r.content()));
        out.println("Re-drive one with " + CommandSpec.SCOPE + ":quarantine redrive ID once its cause is fixed, or discard it "
                + "with " + CommandSpec.SCOPE + ":quarantine discard ID.");
    }

    void redrive(long id, PrintStream out) {
        admin.redriveQuarantined(id);
        AUDIT.info("{} re-drove quarantined record {} (shell analytics:quarantine)", Actor.current(), id);
        out.println("Record " + id + " is handed back to the writer; its entry goes once it is stored (if it fails again, "
                + "it comes back with the new reason).");
    }

    void discard(long id, PrintStream out) {
        if (!admin.discardQuarantined(id)) {
            throw new CommandException("ID: no quarantined record has the id " + id);
        }
        AUDIT.info("{} discarded quarantined record {} (shell analytics:quarantine)", Actor.current(), id);
        out.println("Record " + id + " is discarded: what it held is never stored.");
    }
}
