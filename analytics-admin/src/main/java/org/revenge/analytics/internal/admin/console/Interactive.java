package org.revenge.analytics.internal.admin.console;

import static org.revenge.analytics.internal.admin.console.Html.escape;

/**
 * The page's interactive part: a period selector (24 hours, 7, 30, 90, 365 days, all time, a
 * custom range) and a toggle between plays, watch hours, distinct users and the most plays at once over a uPlot chart of the days, which
 * {@code res/console.js} draws from {@code days.json}; a day (clicked on the chart, or chosen in a
 * list for the keyboard) opens its plays from {@code day.json}, fifty at a time; an item's bar in
 * a ranking (clicked, or reached with Tab and opened with Enter) opens the item's view from
 * {@code item.json}: its plays, users and completion over the chosen period, and its days. It stays hidden until the script runs, and
 * the script hides the server-drawn SVG of the days it replaces, so without script the page is
 * what it was. Also the page's dark colours (from {@code prefers-color-scheme}) and its layout at a
 * phone's width.
 */
final class Interactive {

    /** Dark mode and narrow screens; the light colours are the page's own. */
    static final String STYLE = """
            <style>
            #revenge-analytics svg { max-width: 100%; height: auto; }
            #revenge-analytics .table-scroll { overflow-x: auto; max-width: 100%; }
            #revenge-analytics #interactive { margin: 0 0 16px; padding: 8px; border: 1px solid #e3e3e3; border-radius: 6px; background: #fff; }
            #revenge-analytics #interactive .controls { display: flex; flex-wrap: wrap; gap: 8px 16px; align-items: center; font-size: 13px; }
            #revenge-analytics #interactive fieldset { border: 0; padding: 0; margin: 0; display: flex; gap: 10px; }
            #revenge-analytics #interactive :focus-visible { outline: 2px solid #3b7dd8; outline-offset: 2px; }
            #revenge-analytics #days-summary { font-size: 13px; margin: 6px 0; }
            #revenge-analytics #days-chart { width: 100%; min-height: 240px; }
            #revenge-analytics #days-error, #revenge-analytics #day-error { color: #d64545; }
            #revenge-analytics #days-chart, #revenge-analytics rect[data-item] { cursor: pointer; }
            #revenge-analytics #item-chart { width: 100%; min-height: 180px; }
            #revenge-analytics { --bar: #3b7dd8; --axis: #555; --grid: #e3e3e3; }
            @media (max-width: 640px) {
              #revenge-analytics .card { min-width: 0; flex: 1 1 40%; }
              #revenge-analytics .grid { display: block; }
              #revenge-analytics table.figures { display: block; overflow-x: auto; max-width: 100%; }
              #revenge-analytics .state { flex-wrap: wrap; }
            }
            @media (prefers-color-scheme: dark) {
              #revenge-analytics { color: #e6edf3; background: #0d1117; --bar: #58a6ff; --axis: #c9d1d9; --grid: #30363d; }
              #revenge-analytics .card, #revenge-analytics figure.chart, #revenge-analytics #interactive { background: #161b22; border-color: #30363d; }
              #revenge-analytics .card .label, #revenge-analytics p { color: #c9d1d9 !important; }
              #revenge-analytics .state.on { background: #12261a; border-color: #2e9e6a; }
              #revenge-analytics .state.off { background: #2d1215; border-color: #d64545; }
              #revenge-analytics .flash { background: #2b2410; }
              #revenge-analytics table.figures th, #revenge-analytics table.figures td { border-color: #30363d; }
              #revenge-analytics svg text { fill: #c9d1d9; }
              #revenge-analytics select, #revenge-analytics input, #revenge-analytics button { background: #0d1117; color: #e6edf3; border: 1px solid #30363d; }
            }
            </style>
            """;

    private Interactive() {
    }

    /** @param page the page's address, which the script's files and figures are below */
    static String section(String page) {
        String base = escape(page);
        return "<link rel=\"stylesheet\" href=\"" + base + "/res/uPlot.min.css\">"
                + "<section id=\"interactive\" hidden data-base=\"" + base + "\" aria-labelledby=\"interactive-title\">"
                + "<h3 id=\"interactive-title\" style=\"font-size:13px;margin:0 0 6px\">Activity by day</h3>"
                + "<div class=\"controls\"><label>Period <select id=\"period\">"
                + "<option value=\"PT24H\">24 hours</option><option value=\"P7D\">7 days</option>"
                + "<option value=\"P30D\" selected>30 days</option><option value=\"P90D\">90 days</option>"
                + "<option value=\"P365D\">365 days</option><option value=\"all\">all time (" + ConsoleRequests.MOST_DAYS
                + " days)</option><option value=\"custom\">custom range</option></select></label>"
                + "<span id=\"custom-range\" hidden><label>from <input type=\"date\" id=\"range-from\"></label> "
                + "<label>to <input type=\"date\" id=\"range-to\"></label> <button type=\"button\" id=\"range-apply\">Show</button></span>"
                + "<fieldset><legend class=\"sr\" style=\"position:absolute;left:-9999px\">Measure</legend>"
                + "<label><input type=\"radio\" name=\"measure\" value=\"plays\" checked> plays</label>"
                + "<label><input type=\"radio\" name=\"measure\" value=\"watch\"> watch hours</label>"
                + "<label><input type=\"radio\" name=\"measure\" value=\"users\"> distinct users</label>"
                + "<label><input type=\"radio\" name=\"measure\" value=\"peak\"> most plays at once</label></fieldset></div>"
                + "<p id=\"days-summary\" aria-live=\"polite\"></p><p id=\"days-error\" role=\"alert\"></p>"
                + "<div id=\"days-chart\" title=\"Click a day to list its plays\"></div>"
                + "<div class=\"controls\"><label>Plays of <select id=\"day-pick\"></select></label>"
                + " <button type=\"button\" id=\"day-open\">Show</button></div>"
                + "<div id=\"day-plays\" hidden><h4 id=\"day-title\" style=\"font-size:13px;margin:10px 0 4px\"></h4>"
                + "<p id=\"day-error\" role=\"alert\"></p><div class=\"table-scroll\"><table class=\"figures\" id=\"day-table\"></table></div>"
                + "<button type=\"button\" id=\"day-more\" hidden>More plays</button></div>"
                + "<div id=\"item-view\" hidden tabindex=\"-1\"><h4 id=\"item-title\" style=\"font-size:13px;margin:10px 0 4px\"></h4>"
                + "<p id=\"item-summary\" aria-live=\"polite\"></p><p id=\"item-error\" role=\"alert\"></p><div id=\"item-chart\"></div>"
                + "</div></section>"
                + "<script src=\"" + base + "/res/uPlot.iife.min.js\"></script>"
                + "<script src=\"" + base + "/res/console.js\"></script>";
    }
}
