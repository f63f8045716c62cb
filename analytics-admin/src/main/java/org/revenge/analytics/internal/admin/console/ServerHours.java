package org.revenge.analytics.internal.admin.console;

import static org.revenge.analytics.internal.admin.console.Html.escape;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.revenge.analytics.internal.admin.console.Svg.Point;
import org.revenge.analytics.internal.admin.console.Svg.Series;
import org.revenge.analytics.internal.admin.shell.Formats;
import org.revenge.analytics.spi.MetricHour;

/**
 * The server's last hours on the console page, from the hourly system metrics: a chart for each
 * of the few an operator watches (heap, the recording path's write lag, the database's size), and
 * a table of every metric, the gauges of other bundles included.
 */
final class ServerHours {

    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("HH", Locale.ROOT);
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:00", Locale.ROOT);
    private static final long MIB = 1L << 20;

    /** A charted metric: its name, the chart's name and caption, and the unit its values are divided into. */
    private record Charted(String metric, String chart, String caption, long unit, String unitName) {
    }

    private static final List<Charted> CHARTED = List.of(
            new Charted("jvm.heap.used.bytes", "server-heap", "Heap in use (MiB), average and peak of each hour", MIB, "MiB"),
            new Charted("ingest.write.lag.ms", "server-write-lag", "Recording's write lag (ms), peak of each hour", 1, "ms"),
            new Charted("db.size.bytes", "server-database", "Database size (MiB)", MIB, "MiB"));

    private ServerHours() {
    }

    static void render(StringBuilder html, List<MetricHour> hours, ZoneId zone) {
        html.append("<h2>Server, last 24 hours</h2>");
        Map<String, List<MetricHour>> byMetric = new LinkedHashMap<>();
        hours.forEach(hour -> byMetric.computeIfAbsent(hour.metric(), name -> new ArrayList<>()).add(hour));
        if (byMetric.isEmpty()) {
            html.append("<p id=\"server-metrics\">No system metrics yet: the plugin samples them every minute "
                    + "(metrics.sample.sec) while recording is enabled.</p>");
            return;
        }
        html.append("<div class=\"grid\">");
        for (Charted charted : CHARTED) {
            List<MetricHour> series = byMetric.get(charted.metric());
            if (series == null) {
                continue; // not sampled in these hours (recording was off); the table says what was
            }
            List<String> labels = new ArrayList<>();
            List<Point> peaks = new ArrayList<>();
            List<Point> averages = new ArrayList<>();
            for (MetricHour hour : series) {
                String when = WHEN.format(hour.hour().atZone(zone));
                labels.add(HOUR.format(hour.hour().atZone(zone)));
                peaks.add(point(hour.max(), charted, when + ": peak "));
                averages.add(point(hour.average(), charted, when + ": average "));
            }
            List<Series> lines = charted.metric().equals("jvm.heap.used.bytes")
                    ? List.of(new Series("average", averages), new Series("peak", peaks))
                    : List.of(new Series(charted.metric().equals("db.size.bytes") ? "size" : "peak", peaks));
            html.append(Svg.lines(charted.chart(), charted.caption(), labels, lines));
        }
        html.append("</div>");
        table(html, byMetric, zone);
    }

    private static Point point(double value, Charted charted, String title) {
        long shown = Math.round(value / charted.unit());
        return new Point("", shown, title + Formats.count(shown) + " " + charted.unitName());
    }

    /** Every metric: its latest hour's average, and the period's lowest, mean and highest sample. */
    private static void table(StringBuilder html, Map<String, List<MetricHour>> byMetric, ZoneId zone) {
        html.append("<div class=\"table-scroll\"><table class=\"figures\" id=\"server-metrics\"><tr><th>Metric</th>"
                + "<th>Latest hour</th><th>Its average</th><th>Lowest</th><th>Mean</th><th>Highest</th><th>Samples</th></tr>");
        byMetric.forEach((metric, series) -> {
            MetricHour latest = series.get(series.size() - 1);
            double min = Double.MAX_VALUE;
            double max = -Double.MAX_VALUE;
            double sum = 0;
            long samples = 0;
            for (MetricHour hour : series) {
                min = Math.min(min, hour.min());
                max = Math.max(max, hour.max());
                sum += hour.average() * hour.samples();
                samples += hour.samples();
            }
            html.append("<tr><td>").append(escape(metric)).append("</td><td>").append(escape(WHEN.format(latest.hour().atZone(zone))))
                    .append("</td><td class=\"n\">").append(number(latest.average())).append("</td><td class=\"n\">").append(number(min))
                    .append("</td><td class=\"n\">").append(number(samples == 0 ? 0 : sum / samples)).append("</td><td class=\"n\">")
                    .append(number(max)).append("</td><td class=\"n\">").append(Formats.count(samples)).append("</td></tr>");
        });
        html.append("</table></div>");
    }

    /** Whole numbers as counts, fractions (a load average) to two places. */
    private static String number(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Formats.count((long) value)
                : String.format(Locale.ROOT, "%,.2f", value);
    }
}
