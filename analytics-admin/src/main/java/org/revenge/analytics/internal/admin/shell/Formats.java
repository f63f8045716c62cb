package org.revenge.analytics.internal.admin.shell;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** How figures read in a terminal: grouped counts, hours with one decimal, sizes in binary units, local times to the minute. */
public final class Formats {

    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT);

    private Formats() {
    }

    public static String count(long value) {
        return String.format(Locale.ROOT, "%,d", value);
    }

    public static String hours(long seconds) {
        return String.format(Locale.ROOT, "%,.1f", seconds / 3600.0);
    }

    public static String bytes(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB"};
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }

    public static String time(Instant instant, ZoneId zone) {
        return instant == null ? "-" : MINUTE.format(instant.atZone(zone));
    }

    public static String duration(Duration duration) {
        if (duration == null) {
            return "-";
        }
        long millis = duration.toMillis();
        if (millis < 1000) {
            return millis + " ms";
        }
        if (millis < 60_000) {
            return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
        }
        if (millis < 3_600_000) {
            return (millis / 60_000) + " min " + (millis % 60_000) / 1000 + " s";
        }
        return (millis / 3_600_000) + " h " + (millis % 3_600_000) / 60_000 + " min";
    }

    /** A period as the commands accept it back: {@code 7d}, {@code 24h}, or {@code all time}. */
    public static String period(Duration period) {
        if (period.toDays() >= 36_525) {
            return "all time";
        }
        if (period.toHours() % 24 == 0) {
            return period.toDays() == 1 ? "1 day" : period.toDays() + " days";
        }
        return period.toHours() + " hours";
    }
}
