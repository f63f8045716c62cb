// The console page's interactive chart of the days: a period selector and a measure toggle over a
// uPlot chart, fed by days.json below the page (same login). A day, clicked on the chart or chosen
// in the list beside it, opens its plays from day.json, fifty at a time. An item's bar in a ranking
// (clicked, or reached with Tab and opened with Enter) opens its view from item.json. Without this script the page keeps
// its server-drawn SVG, which the script hides only once it can draw.
(function () {
  'use strict';
  // the script tags come before the fallback chart in the page: start once the page is parsed
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }

  function start() {
  var box = document.getElementById('interactive');
  if (!box || typeof uPlot === 'undefined' || !window.fetch) {
    return;
  }
  var base = box.dataset.base;
  var period = document.getElementById('period');
  var range = document.getElementById('custom-range');
  var from = document.getElementById('range-from');
  var to = document.getElementById('range-to');
  var apply = document.getElementById('range-apply');
  var summary = document.getElementById('days-summary');
  var error = document.getElementById('days-error');
  var chart = document.getElementById('days-chart');
  var dayPick = document.getElementById('day-pick');
  var dayBox = document.getElementById('day-plays');
  var dayTitle = document.getElementById('day-title');
  var dayError = document.getElementById('day-error');
  var dayTable = document.getElementById('day-table');
  var dayMore = document.getElementById('day-more');
  var itemView = document.getElementById('item-view');
  var itemTitle = document.getElementById('item-title');
  var itemSummary = document.getElementById('item-summary');
  var itemError = document.getElementById('item-error');
  var itemChart = document.getElementById('item-chart');
  var itemPlot = null;
  var itemAsked = 0;
  var days = [];
  var plot = null;
  var asked = 0;
  var dayAsked = 0;
  var dayNext = null;
  var dayShown = 0;

  box.hidden = false;
  var fallback = document.querySelector('figure.chart[data-chart="plays-by-day"]');
  if (fallback) {
    fallback.hidden = true;
  }

  function measure() {
    return document.querySelector('input[name="measure"]:checked').value;
  }

  function colour(name) {
    return getComputedStyle(document.getElementById('revenge-analytics')).getPropertyValue(name).trim() || '#3b7dd8';
  }

  function draw() {
    var shown = measure();
    var watch = shown === 'watch';
    var users = shown === 'users';
    var peak = shown === 'peak';
    var xs = days.map(function (d) { return Date.parse(d.date + 'T00:00:00Z') / 1000; });
    var ys = days.map(function (d) { return watch ? Math.round(d.watchTimeSec / 360) / 10 : users ? d.distinctUsers : peak ? d.peakStreams : d.plays; });
    var total = ys.reduce(function (a, b) { return a + b; }, 0);
    total = watch ? Math.round(total * 10) / 10 : total;
    var label = period.value === 'custom' ? from.value + ' to ' + to.value : period.options[period.selectedIndex].text;
    var span = ' over ' + days.length + (days.length === 1 ? ' day' : ' days') + ' (' + label + ')';
    if (users) {
      // users are not added up across days: the same person plays on many days
      total = ys.reduce(function (a, b) { return Math.max(a, b); }, 0);
      summary.textContent = 'at most ' + total + (total === 1 ? ' user' : ' users') + ' a day' + span;
    } else if (peak) {
      // nor are the plays at once: the period's figure is its busiest moment
      total = ys.reduce(function (a, b) { return Math.max(a, b); }, 0);
      summary.textContent = 'at most ' + total + (total === 1 ? ' play' : ' plays') + ' at once' + span;
    } else {
      summary.textContent = (watch ? total + ' watch hours' : total + ' plays') + span;
    }
    summary.dataset.total = String(total);
    summary.dataset.days = String(days.length);
    summary.dataset.measure = shown;
    var opts = dailyBars(chart, 240, watch ? 'watch hours' : users ? 'distinct users' : peak ? 'most plays at once' : 'plays', 50, 40);
    if (plot) {
      plot.destroy();
    }
    plot = new uPlot(opts, [xs, ys], chart);
    chart.dataset.drawn = String(days.length);
    listDays();
  }

  // uPlot's options for one series of bars a day: whole days on a UTC time axis, half a day of room
  // at each end, counts from zero, as wide as the element that holds the chart
  function dailyBars(holder, height, label, axisSize, widestBar) {
    return {
      width: Math.max(260, holder.clientWidth),
      height: height,
      tzDate: function (ts) { return uPlot.tzDate(new Date(ts * 1e3), 'UTC'); },
      legend: { show: false },
      cursor: { drag: { x: false, y: false } },
      scales: {
        x: { time: true, range: function (u, min, max) { return [min - 43200, max + 43200]; } },
        y: { range: function (u, min, max) { return [0, max > 0 ? max * 1.1 : 1]; } }
      },
      axes: [
        {
          stroke: colour('--axis'), grid: { stroke: colour('--grid') }, space: 70,
          incrs: [86400, 2 * 86400, 7 * 86400, 14 * 86400, 30 * 86400, 91 * 86400, 182 * 86400, 365 * 86400],
          values: function (u, splits) {
            return splits.map(function (ts) { return new Date(ts * 1000).toISOString().slice(0, 10); });
          }
        },
        { stroke: colour('--axis'), grid: { stroke: colour('--grid') }, size: axisSize }
      ],
      series: [
        {},
        {
          label: label,
          fill: colour('--bar'),
          stroke: colour('--bar'),
          paths: uPlot.paths.bars({ size: [0.7, widestBar] }),
          points: { show: false }
        }
      ]
    };
  }

  // the days with plays, latest first, for the keyboard's way into a day
  function listDays() {
    var chosen = dayPick.value;
    dayPick.textContent = '';
    days.slice().reverse().forEach(function (d) {
      if (d.plays > 0) {
        var option = document.createElement('option');
        option.value = d.date;
        option.textContent = d.date + ' (' + d.plays + (d.plays === 1 ? ' play)' : ' plays)');
        dayPick.appendChild(option);
      }
    });
    if (chosen) {
      dayPick.value = chosen;
    }
  }

  // the item's period: the chosen one, in whole days (a custom range or hours show the last 30 days)
  function itemPeriod() {
    var p = period.value;
    return p === 'all' || /^P\d+D$/.test(p) ? p : 'P30D';
  }

  function drawItem(item) {
    var xs = item.days.map(function (d) { return Date.parse(d.date + 'T00:00:00Z') / 1000; });
    var ys = item.days.map(function (d) { return d.plays; });
    if (itemPlot) {
      itemPlot.destroy();
      itemPlot = null;
    }
    itemChart.dataset.drawn = String(xs.length);
    if (!xs.length) {
      return;
    }
    itemPlot = new uPlot(dailyBars(itemChart, 180, 'plays', 40, 30), [xs, ys], itemChart);
  }

  function openItem(key, name) {
    var parts = key.split('/');
    var ask = ++itemAsked;
    var chosen = itemPeriod();
    itemView.hidden = false;
    itemError.textContent = '';
    itemTitle.textContent = name;
    itemSummary.textContent = 'Loading...';
    getJson(base + '/item.json?libraryId=' + encodeURIComponent(parts[0]) + '&mediaId=' + encodeURIComponent(parts[1])
        + '&period=' + encodeURIComponent(chosen))
      .then(function (answer) {
        if (ask !== itemAsked) {
          return;
        }
        if (!answer.ok) {
          itemError.textContent = (answer.body.field ? answer.body.field + ': ' : '') + answer.body.reason;
          itemSummary.textContent = '';
          return;
        }
        var item = answer.body;
        var rate = item.plays ? Math.round(1000 * item.completedPlays / item.plays) / 10 : 0;
        itemTitle.textContent = item.title + ' in ' + item.libraryName;
        itemSummary.textContent = item.plays + (item.plays === 1 ? ' play' : ' plays') + ' by ' + item.distinctUsers
            + (item.distinctUsers === 1 ? ' user' : ' users') + ', ' + item.completedPlays + ' watched to the end (' + rate + ' %), '
            + Math.round(item.watchTimeSec / 360) / 10 + ' watch hours over '
            + (chosen === 'all' ? 'all time' : chosen.slice(1, -1) + ' days');
        itemView.dataset.item = key;
        itemView.dataset.plays = String(item.plays);
        itemView.dataset.users = String(item.distinctUsers);
        drawItem(item);
        itemView.focus();
        itemView.scrollIntoView({ block: 'nearest' });
      })
      .catch(function (e) {
        itemError.textContent = 'The item could not be loaded: ' + e;
      });
  }

  // one of the page's JSON figures, behind its login: the status with the body, an error's too
  function getJson(url) {
    return fetch(url, { credentials: 'same-origin' }).then(function (response) {
      return response.json().then(function (body) { return { ok: response.ok, body: body }; });
    });
  }

  function cell(row, text) {
    var td = document.createElement('td');
    td.textContent = text === null || text === undefined ? '-' : String(text);
    row.appendChild(td);
  }

  function openDay(date, next) {
    var ask = ++dayAsked;
    var query = 'date=' + encodeURIComponent(date);
    if (next) {
      query += '&after=' + encodeURIComponent(next.after) + '&afterUser=' + encodeURIComponent(next.afterUser);
    } else {
      dayShown = 0;
      dayTable.textContent = '';
      var head = document.createElement('tr');
      ['Started', 'User', 'Item', 'Library', 'Client', 'Watched (min)', 'Completed'].forEach(function (name) {
        var th = document.createElement('th');
        th.textContent = name;
        head.appendChild(th);
      });
      dayTable.appendChild(head);
    }
    dayBox.hidden = false;
    dayError.textContent = '';
    dayMore.hidden = true;
    dayTitle.textContent = 'Plays of ' + date + ': loading...';
    getJson(base + '/day.json?' + query)
      .then(function (answer) {
        if (ask !== dayAsked) {
          return;
        }
        if (!answer.ok) {
          dayError.textContent = (answer.body.field ? answer.body.field + ': ' : '') + answer.body.reason;
          dayTitle.textContent = 'Plays of ' + date;
          return;
        }
        answer.body.plays.forEach(function (play) {
          var row = document.createElement('tr');
          cell(row, play.startedAt.slice(11, 16));
          cell(row, play.userName);
          cell(row, play.title);
          cell(row, play.libraryName);
          cell(row, play.clientType);
          cell(row, Math.round(play.durationSec / 6) / 10);
          cell(row, play.completed ? 'yes' : 'no');
          dayTable.appendChild(row);
        });
        dayShown += answer.body.plays.length;
        dayNext = answer.body.next;
        dayMore.hidden = !dayNext;
        dayBox.dataset.date = date;
        dayBox.dataset.shown = String(dayShown);
        dayTitle.textContent = 'Plays of ' + date + ' (times in UTC): ' + dayShown
            + (dayNext ? ' shown, more below' : (dayShown === 1 ? ' play' : ' plays'));
      })
      .catch(function (e) {
        dayError.textContent = 'The plays could not be loaded: ' + e;
      });
  }

  function load() {
    var query;
    if (period.value === 'custom') {
      if (!from.value || !to.value) {
        error.textContent = 'Choose both days of the range.';
        return;
      }
      query = 'from=' + encodeURIComponent(from.value) + '&to=' + encodeURIComponent(to.value);
    } else {
      query = 'period=' + encodeURIComponent(period.value);
    }
    var ask = ++asked;
    summary.textContent = 'Loading...';
    getJson(base + '/days.json?' + query)
      .then(function (answer) {
        if (ask !== asked) {
          return; // a later choice is on its way
        }
        if (!answer.ok) {
          error.textContent = (answer.body.field ? answer.body.field + ': ' : '') + answer.body.reason;
          summary.textContent = '';
          return;
        }
        error.textContent = '';
        days = answer.body;
        draw();
      })
      .catch(function (e) {
        error.textContent = 'The figures could not be loaded: ' + e;
      });
  }

  period.addEventListener('change', function () {
    range.hidden = period.value !== 'custom';
    if (period.value !== 'custom') {
      load();
    }
  });
  apply.addEventListener('click', load);
  chart.addEventListener('click', function () {
    var i = plot ? plot.cursor.idx : null;
    if (i !== null && i !== undefined && days[i]) {
      dayPick.value = days[i].date;
      openDay(days[i].date, null);
    }
  });
  function itemOf(target) {
    return target && target.getAttribute && target.getAttribute('data-item') ? target : null;
  }
  document.addEventListener('click', function (e) {
    var bar = itemOf(e.target);
    if (bar) {
      openItem(bar.getAttribute('data-item'), bar.getAttribute('aria-label').split(' [')[0]);
    }
  });
  document.addEventListener('keydown', function (e) {
    var bar = itemOf(e.target);
    if (bar && (e.key === 'Enter' || e.key === ' ')) {
      e.preventDefault();
      openItem(bar.getAttribute('data-item'), bar.getAttribute('aria-label').split(' [')[0]);
    }
  });
  document.getElementById('day-open').addEventListener('click', function () {
    if (dayPick.value) {
      openDay(dayPick.value, null);
    }
  });
  dayMore.addEventListener('click', function () {
    if (dayNext) {
      openDay(dayBox.dataset.date, dayNext);
    }
  });
  Array.prototype.forEach.call(document.querySelectorAll('input[name="measure"]'), function (input) {
    input.addEventListener('change', draw);
  });
  window.addEventListener('resize', function () {
    if (days.length) {
      draw();
    }
  });
  if (window.matchMedia) {
    window.matchMedia('(prefers-color-scheme: dark)').addEventListener('change', function () {
      if (days.length) {
        draw();
      }
    });
  }
  load();
  }
}());
