package org.revenge.analytics.internal.admin.console;

import static org.revenge.analytics.internal.admin.console.Html.escape;

import java.time.DayOfWeek;
import java.time.format.TextStyle;
import java.util.List;
import java.util.Locale;

/**
 * The page's charts, drawn on the server as inline SVG, so the page needs no script and nothing
 * from the network. Every chart is a {@code <figure class="chart" data-chart="NAME" data-points="N">},
 * where N counts the marks that carry a value above zero; every such mark has class {@code mark},
 * a {@code data-value} and a {@code <title>} that a browser shows on hover.
 */
final class Svg {

    private static final String BAR = "#3b7dd8";
    private static final String BAR_ALT = "#2e9e6a";
    private static final String AXIS = "#888";
    private static final String[] SERIES = {"#1f5fae", "#e07b39", "#2e9e6a", "#b34fb3", "#c9a227", "#d64545", "#4fb3b3", "#7a7a7a"};

    /**
     * One value with its axis label and its hover text, and for a bar that opens an item's view on
     * the page, the item ({@code libraryId/mediaId}).
     */
    record Point(String label, long value, String title, String item) {

        /** A point that opens nothing. */
        Point(String label, long value, String title) {
            this(label, value, title, null);
        }
    }

    /** One line of a line chart: its name and its points, oldest first. */
    record Series(String name, List<Point> points) {
    }

    private Svg() {
    }

    /** Vertical bars, one per point, with every {@code labelEvery}-th label under the axis. */
    static String columns(String name, String caption, List<Point> points, int labelEvery) {
        int width = 720;
        int height = 220;
        int left = 44;
        int bottom = 28;
        int top = 10;
        long max = Math.max(1, points.stream().mapToLong(Point::value).max().orElse(0));
        double slot = (width - left - 8) / (double) Math.max(1, points.size());
        StringBuilder svg = open(width, height);
        axes(svg, left, top, width, height - bottom, max);
        int marks = 0;
        for (int i = 0; i < points.size(); i++) {
            Point p = points.get(i);
            double h = (height - bottom - top) * (p.value() / (double) max);
            double x = left + i * slot + slot * 0.15;
            if (p.value() > 0) {
                marks++;
                svg.append(String.format(Locale.ROOT,
                        "<rect class=\"mark\" data-value=\"%d\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"><title>%s</title></rect>",
                        p.value(), x, height - bottom - h, slot * 0.7, h, BAR, escape(p.title())));
            }
            if (labelEvery > 0 && i % labelEvery == 0) {
                svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" font-size=\"10\" fill=\"#555\">%s</text>",
                        left + i * slot, height - 10, escape(p.label())));
            }
        }
        return figure(name, caption, marks, svg.append("</svg>"));
    }

    /** Horizontal bars, longest first as given, each labelled on the left and valued on the right. */
    static String bars(String name, String caption, List<Point> points) {
        int width = 460;
        int row = 20;
        int labelWidth = 150;
        int height = Math.max(1, points.size()) * row + 8;
        long max = Math.max(1, points.stream().mapToLong(Point::value).max().orElse(0));
        StringBuilder svg = open(width, height);
        int marks = 0;
        for (int i = 0; i < points.size(); i++) {
            Point p = points.get(i);
            double w = (width - labelWidth - 60) * (p.value() / (double) max);
            int y = 4 + i * row;
            svg.append(String.format(Locale.ROOT, "<text x=\"0\" y=\"%d\" font-size=\"11\" fill=\"#333\">%s</text>",
                    y + 13, escape(shorten(p.label(), 24))));
            if (p.value() > 0) {
                marks++;
                String opens = p.item() == null ? ""
                        : " data-item=\"" + escape(p.item()) + "\" tabindex=\"0\" role=\"button\" aria-label=\"" + escape(p.title()) + "\"";
                svg.append(String.format(Locale.ROOT,
                        "<rect class=\"mark\"%s data-value=\"%d\" x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\"><title>%s</title></rect>",
                        opens, p.value(), labelWidth, y + 2, Math.max(1.0, w), row - 6, BAR_ALT, escape(p.title())));
            }
            svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" font-size=\"11\" fill=\"#333\">%s</text>",
                    labelWidth + Math.max(1.0, w) + 4, y + 13, escape(String.format(Locale.ROOT, "%,d", p.value()))));
        }
        if (points.isEmpty()) {
            svg.append("<text x=\"0\" y=\"16\" font-size=\"11\" fill=\"#888\">no data</text>");
        }
        return figure(name, caption, marks, svg.append("</svg>"));
    }

    /**
     * A weekday by hour grid, Monday at the top; a cell's colour deepens with its plays.
     *
     * @param plays plays[weekday 0..6 from Monday][hour 0..23]
     */
    static String heatMap(String name, String caption, long[][] plays) {
        int cell = 24;
        int left = 40;
        int top = 16;
        int width = left + 24 * cell + 4;
        int height = top + 7 * cell + 4;
        long max = 1;
        for (long[] day : plays) {
            for (long value : day) {
                max = Math.max(max, value);
            }
        }
        StringBuilder svg = open(width, height);
        for (int hour = 0; hour < 24; hour += 3) {
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"11\" font-size=\"10\" fill=\"#555\">%02d</text>",
                    left + hour * cell + 4, hour));
        }
        int marks = 0;
        for (int day = 0; day < 7; day++) {
            String dayName = DayOfWeek.of(day + 1).getDisplayName(TextStyle.SHORT, Locale.ENGLISH);
            svg.append(String.format(Locale.ROOT, "<text x=\"0\" y=\"%d\" font-size=\"11\" fill=\"#333\">%s</text>",
                    top + day * cell + 16, dayName));
            for (int hour = 0; hour < 24; hour++) {
                long value = plays[day][hour];
                double share = value / (double) max;
                String fill = value == 0 ? "#f1f3f5" : shade(share);
                String mark = value > 0 ? " class=\"mark\"" : "";
                if (value > 0) {
                    marks++;
                }
                svg.append(String.format(Locale.ROOT,
                        "<rect%s data-value=\"%d\" x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\"><title>%s %02d:00: %,d plays</title></rect>",
                        mark, value, left + hour * cell, top + day * cell, cell - 2, cell - 2, fill, dayName, hour, value));
            }
        }
        return figure(name, caption, marks, svg.append("</svg>"));
    }

    /** Lines over a shared x axis of {@code xLabels}; each series has one point per label. */
    static String lines(String name, String caption, List<String> xLabels, List<Series> series) {
        int width = 720;
        int height = 220;
        int left = 56;
        int bottom = 28;
        int top = 10;
        int legend = 150;
        long max = 1;
        for (Series s : series) {
            for (Point p : s.points()) {
                max = Math.max(max, p.value());
            }
        }
        long niceMax = max + Math.max(1, max / 10);
        double step = (width - left - legend) / (double) Math.max(1, xLabels.size() - 1);
        StringBuilder svg = open(width, height);
        axes(svg, left, top, width - legend + 10, height - bottom, niceMax);
        for (int i = 0; i < xLabels.size(); i++) {
            svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" font-size=\"10\" fill=\"#555\">%s</text>",
                    left + i * step - 10, height - 10, escape(xLabels.get(i))));
        }
        int marks = 0;
        for (int s = 0; s < series.size(); s++) {
            Series line = series.get(s);
            String colour = SERIES[s % SERIES.length];
            StringBuilder path = new StringBuilder();
            for (int i = 0; i < line.points().size(); i++) {
                Point p = line.points().get(i);
                double x = left + i * step;
                double y = height - bottom - (height - bottom - top) * (p.value() / (double) niceMax);
                path.append(i == 0 ? "M" : " L").append(String.format(Locale.ROOT, "%.1f %.1f", x, y));
                if (p.value() > 0) {
                    marks++;
                }
                svg.append(String.format(Locale.ROOT,
                        "<circle class=\"%s\" data-value=\"%d\" cx=\"%.1f\" cy=\"%.1f\" r=\"3.5\" fill=\"%s\"><title>%s</title></circle>",
                        p.value() > 0 ? "mark" : "empty", p.value(), x, y, colour, escape(p.title())));
            }
            svg.append("<path d=\"").append(path).append("\" fill=\"none\" stroke=\"").append(colour).append("\" stroke-width=\"2\"/>");
            svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"10\" height=\"10\" fill=\"%s\"/>"
                    + "<text x=\"%d\" y=\"%d\" font-size=\"11\" fill=\"#333\">%s</text>",
                    width - legend + 20, top + s * 16, colour, width - legend + 34, top + s * 16 + 9, escape(shorten(line.name(), 18))));
        }
        return figure(name, caption, marks, svg.append("</svg>"));
    }

    private static StringBuilder open(int width, int height) {
        return new StringBuilder(4096).append(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" role=\"img\" "
                        + "font-family=\"sans-serif\">", width, height, width, height));
    }

    private static void axes(StringBuilder svg, int left, int top, int right, int baseline, long max) {
        svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\"/>", left, baseline, right, baseline, AXIS));
        svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\"/>", left, top, left, baseline, AXIS));
        for (int i = 0; i <= 2; i++) {
            long value = max * i / 2;
            int y = baseline - (baseline - top) * i / 2;
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"10\" fill=\"#555\" text-anchor=\"end\">%,d</text>",
                    left - 4, y + 4, value));
            if (i > 0) {
                svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#e3e3e3\"/>", left, y, right, y));
            }
        }
    }

    private static String figure(String name, String caption, int marks, StringBuilder svg) {
        return "<figure class=\"chart\" data-chart=\"" + escape(name) + "\" data-points=\"" + marks + "\"><figcaption>"
                + escape(caption) + "</figcaption>" + svg + "</figure>";
    }

    private static String shade(double share) {
        // from a pale to a deep blue
        int r = (int) Math.round(214 - share * (214 - 24));
        int g = (int) Math.round(230 - share * (230 - 78));
        int b = (int) Math.round(250 - share * (250 - 160));
        return String.format(Locale.ROOT, "#%02x%02x%02x", r, g, b);
    }

    static String shorten(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "\u2026";
    }
}
