package org.revenge.analytics.internal.config;

import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.BitSet;

/**
 * A five-field cron expression (minute, hour, day of month, month, day of week), as in
 * {@code 0 3 * * *}: each field is {@code *}, a number, a range {@code a-b}, a step {@code * /n} or
 * {@code a-b/n}, or a comma-separated list of these. Day of week 0 and 7 are Sunday. When both day
 * fields are restricted, a time matches if either does, as in classic cron. Times are evaluated in
 * the zone of the {@link ZonedDateTime} given, so a schedule follows daylight saving time.
 */
public final class CronSchedule {

    private static final int SEARCH_MINUTES = 366 * 24 * 60 * 4;

    private final String expression;
    private final BitSet minutes;
    private final BitSet hours;
    private final BitSet daysOfMonth;
    private final BitSet months;
    private final BitSet daysOfWeek;
    private final boolean dayOfMonthRestricted;
    private final boolean dayOfWeekRestricted;

    /**
     * @param attribute  the configuration attribute, for error messages
     * @param expression the five fields
     * @throws ConfigurationException naming the attribute if the expression is malformed
     */
    public CronSchedule(String attribute, String expression) {
        this.expression = expression == null ? "" : expression.strip();
        String[] fields = this.expression.split("\\s+");
        if (fields.length != 5) {
            throw new ConfigurationException(attribute, expression,
                    "must have five fields: minute hour day-of-month month day-of-week, e.g. 0 3 * * *");
        }
        minutes = field(attribute, fields[0], 0, 59, "minute");
        hours = field(attribute, fields[1], 0, 23, "hour");
        daysOfMonth = field(attribute, fields[2], 1, 31, "day of month");
        months = field(attribute, fields[3], 1, 12, "month");
        daysOfWeek = field(attribute, fields[4], 0, 7, "day of week");
        if (daysOfWeek.get(7)) {
            daysOfWeek.set(0);
        }
        dayOfMonthRestricted = !fields[2].equals("*");
        dayOfWeekRestricted = !fields[4].equals("*");
    }

    /** @return the first matching minute strictly after {@code time} */
    public ZonedDateTime next(ZonedDateTime time) {
        ZonedDateTime candidate = time.truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
        for (int i = 0; i < SEARCH_MINUTES; i++, candidate = candidate.plusMinutes(1)) {
            if (matches(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("cron expression '" + expression + "' never fires");
    }

    /** @return the last matching minute at or before {@code time} */
    public ZonedDateTime previous(ZonedDateTime time) {
        ZonedDateTime candidate = time.truncatedTo(ChronoUnit.MINUTES);
        for (int i = 0; i < SEARCH_MINUTES; i++, candidate = candidate.minusMinutes(1)) {
            if (matches(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("cron expression '" + expression + "' never fires");
    }

    private boolean matches(ZonedDateTime time) {
        if (!minutes.get(time.getMinute()) || !hours.get(time.getHour()) || !months.get(time.getMonthValue())) {
            return false;
        }
        boolean dayOfMonth = daysOfMonth.get(time.getDayOfMonth());
        boolean dayOfWeek = daysOfWeek.get(time.getDayOfWeek().getValue() % 7);
        if (dayOfMonthRestricted && dayOfWeekRestricted) {
            return dayOfMonth || dayOfWeek;
        }
        return dayOfMonth && dayOfWeek;
    }

    @Override
    public String toString() {
        return expression;
    }

    private static BitSet field(String attribute, String text, int min, int max, String name) {
        BitSet values = new BitSet(max + 1);
        for (String part : text.split(",")) {
            String range = part;
            int step = 1;
            int slash = part.indexOf('/');
            if (slash >= 0) {
                range = part.substring(0, slash);
                step = number(attribute, part.substring(slash + 1), 1, max, name + " step");
            }
            int from;
            int to;
            if (range.equals("*")) {
                from = min;
                to = max;
            } else if (range.contains("-")) {
                String[] ends = range.split("-", 2);
                from = number(attribute, ends[0], min, max, name);
                to = number(attribute, ends[1], min, max, name);
                if (from > to) {
                    throw new ConfigurationException(attribute, text, "the " + name + " range " + range + " is backwards");
                }
            } else {
                from = number(attribute, range, min, max, name);
                to = slash >= 0 ? max : from;
            }
            for (int value = from; value <= to; value += step) {
                values.set(value);
            }
        }
        return values;
    }

    private static int number(String attribute, String text, int min, int max, String name) {
        try {
            int value = Integer.parseInt(text);
            if (value < min || value > max) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw new ConfigurationException(attribute, text, "the " + name + " must be a number from " + min + " to " + max);
        }
    }
}
