// The household page: reads the figures from the HTTP API (the same login) and draws them with
// plain elements. Every value goes in through textContent, never as markup.
'use strict';
(function () {
  const api = document.body.dataset.api;
  const DAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
  // the API writes enums (weekdays) in lower case
  const WEEKDAY_KEYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];
  const WEEKDAY_NAMES = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
  const PAGE_SIZE = 25;
  const history = { befores: [null], page: 0, last: [] };

  function el(tag, text, cls) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (cls) node.className = cls;
    return node;
  }

  // What the host calls an item or library (the API writes it beside the id: title, libraryName),
  // else the id's first block; the whole id in the tooltip.
  function label(id, name) {
    if (!id) return '–';
    const named = name && name !== String(id).slice(0, 8);
    const span = el('span', named ? name : String(id).slice(0, 8), named ? 'name' : 'id');
    span.title = id;
    return span;
  }

  function cell(row, content, cls) {
    const td = el('td', null, cls);
    if (content instanceof Node) td.appendChild(content); else td.textContent = content;
    row.appendChild(td);
    return td;
  }

  function duration(seconds) {
    const h = Math.floor(seconds / 3600);
    const m = Math.floor((seconds % 3600) / 60);
    return h > 0 ? h + ' h ' + m + ' min' : m + ' min';
  }

  async function get(path, base) {
    const response = await fetch((base === undefined ? api : base) + path, { credentials: 'same-origin', headers: { Accept: 'application/json' } });
    const body = await response.json();
    if (!response.ok) throw new Error(body.reason || response.statusText);
    return body;
  }

  function setCard(id, value) {
    document.querySelector('#' + id + ' .value').textContent = value;
  }

  function drawDays(days) {
    const box = document.getElementById('by-day');
    box.replaceChildren();
    const max = Math.max(1, ...days.map(d => d.plays));
    days.forEach(d => {
      const bar = el('div', null, 'day mark');
      bar.style.height = (100 * d.plays / max) + '%';
      bar.title = d.date + ': ' + d.plays + ' plays';
      if (d.plays === 0) bar.classList.remove('mark');
      box.appendChild(bar);
    });
  }

  function drawMostWatched(items) {
    const body = document.querySelector('#most-watched tbody');
    body.replaceChildren();
    if (items.length === 0) {
      const row = el('tr');
      cell(row, 'Nothing played in this period.').colSpan = 4;
      body.appendChild(row);
    }
    items.forEach(item => {
      const row = el('tr', null, 'item');
      cell(row, label(item.mediaId, item.title));
      cell(row, label(item.libraryId, item.libraryName));
      cell(row, item.plays, 'n');
      cell(row, duration(item.watchTimeSec), 'n');
      body.appendChild(row);
    });
  }

  function drawHeat(cells) {
    const table = document.getElementById('heat');
    const head = el('tr');
    head.appendChild(el('th'));
    for (let h = 0; h < 24; h++) head.appendChild(el('th', h % 3 === 0 ? h : ''));
    table.tHead.replaceChildren(head);
    const plays = {};
    cells.forEach(c => { plays[c.dayOfWeek + '/' + c.hour] = c.plays; });
    const max = Math.max(1, ...cells.map(c => c.plays));
    const body = table.tBodies[0];
    body.replaceChildren();
    WEEKDAY_KEYS.forEach((day, i) => {
      const row = el('tr');
      row.appendChild(el('th', DAYS[i]));
      for (let h = 0; h < 24; h++) {
        const n = plays[day + '/' + h] || 0;
        const td = cell(row, '', n > 0 ? 'mark' : '');
        td.style.background = n > 0 ? 'rgba(59,125,216,' + (0.15 + 0.85 * n / max) + ')' : '#f2f2f2';
        td.title = DAYS[i] + ' ' + h + ':00: ' + n + ' plays';
      }
      body.appendChild(row);
    });
  }

  function drawBars(id, rows) {
    const list = document.getElementById(id);
    list.replaceChildren();
    rows.forEach(r => {
      const li = el('li', r.text);
      const track = el('div', null, 'track');
      const fill = el('div', null, 'fill mark');
      fill.style.width = Math.round(100 * r.share) + '%';
      track.appendChild(fill);
      li.appendChild(track);
      list.appendChild(li);
    });
    if (rows.length === 0) list.appendChild(el('li', 'No plays in this period.'));
  }

  function fillLibraries(libraries) {
    const select = document.getElementById('history-library');
    const chosen = select.value;
    select.replaceChildren(el('option', 'All'));
    select.options[0].value = '';
    libraries.forEach(library => {
      const option = el('option', library.libraryName || String(library.libraryId).slice(0, 8));
      option.value = library.libraryId;
      select.appendChild(option);
    });
    select.value = chosen;
  }

  async function loadPage() {
    const status = document.getElementById('status');
    status.textContent = 'Loading…';
    try {
      const page = await get('/page?period=' + encodeURIComponent(document.getElementById('period').value));
      document.body.dataset.admin = String(page.admin);
      const heading = document.querySelector('h1');
      if (heading.dataset.whose === 'other' && page.userName && page.userName !== String(page.userId).slice(0, 8)) {
        // someone else's page (an admin's view): the name the host gives the user, the id beside it
        heading.textContent = 'The figures of ' + page.userName + ' (' + page.userId + ')';
      }
      const t = page.totals;
      setCard('card-plays', t.plays);
      setCard('card-watch', duration(t.watchTimeSec));
      setCard('card-completed', t.plays === 0 ? '–' : Math.round(100 * t.completedPlays / t.plays) + ' %');
      setCard('card-items', t.uniqueItems);
      drawDays(t.byDay);
      drawMostWatched(page.mostWatched);
      drawHeat(page.weekdayHours);
      const all = page.completion[0];
      drawBars('completion', all.plays === 0 ? [] : page.completion.map(c => ({
        text: (c.mediaType ? c.mediaType : 'all') + ': ' + Math.round(100 * c.rate) + ' % of ' + c.plays, share: c.rate })));
      const clientPlays = page.clients.reduce((sum, c) => sum + c.plays, 0);
      drawBars('clients', page.clients.map(c => ({ text: c.clientType + ': ' + c.plays + ' plays, ' + duration(c.watchTimeSec),
        share: clientPlays === 0 ? 0 : c.plays / clientPlays })));
      fillLibraries(page.libraries);
      const state = document.getElementById('recording-state');
      state.textContent = page.optedOut ? 'Recording: off, nothing more is recorded about you.' : 'Recording: on.';
      state.dataset.optedOut = String(page.optedOut);
      const keep = document.getElementById('keep-state');
      keep.textContent = page.keepYear ? 'Keep my year: on.' : 'Keep my year: off, your year in review is not kept.';
      keep.dataset.keepYear = String(page.keepYear);
      document.getElementById('keep-year').hidden = page.keepYear;
      document.getElementById('forget-year').hidden = !page.keepYear;
      document.getElementById('opt-out').hidden = page.optedOut;
      document.getElementById('opt-in').hidden = !page.optedOut;
      status.textContent = document.getElementById('period').value === 'all' ? 'Everything stored'
        : 'From ' + new Date(t.from).toLocaleDateString() + ' to now';
      document.body.dataset.loaded = 'page';
    } catch (e) {
      status.textContent = 'Could not load the figures: ' + e.message;
      document.body.dataset.loaded = 'error';
    }
  }

  function dayStart(input, next) {
    if (!input.value) return null;
    const [y, m, d] = input.value.split('-').map(Number);
    return new Date(y, m - 1, d + (next ? 1 : 0)).toISOString();
  }

  async function loadHistory() {
    const query = ['limit=' + PAGE_SIZE];
    const from = dayStart(document.getElementById('history-from'), false);
    const to = dayStart(document.getElementById('history-to'), true);
    const library = document.getElementById('history-library').value;
    const before = history.befores[history.page];
    if (from) query.push('from=' + encodeURIComponent(from));
    if (to) query.push('to=' + encodeURIComponent(to));
    if (library) query.push('library=' + encodeURIComponent(library));
    if (before) query.push('before=' + encodeURIComponent(before));
    const body = document.querySelector('#history tbody');
    const headings = Array.from(document.querySelectorAll('#history thead th')).map(th => th.textContent);
    try {
      const plays = await get('/plays?' + query.join('&'));
      body.replaceChildren();
      plays.forEach(p => {
        const row = el('tr', null, 'play');
        cell(row, new Date(p.startedAt).toLocaleString());
        cell(row, label(p.mediaId, p.title));
        cell(row, label(p.libraryId, p.libraryName));
        cell(row, p.clientType || 'unknown');
        cell(row, duration(p.durationSec), 'n');
        cell(row, p.completed ? 'yes' : 'no');
        // on a phone the cells stack, each under its column's name (household.css)
        Array.from(row.cells).forEach((td, i) => { td.dataset.label = headings[i]; });
        body.appendChild(row);
      });
      if (plays.length === 0) {
        const row = el('tr');
        cell(row, 'No plays here.').colSpan = 6;
        body.appendChild(row);
      }
      history.last = plays;
      document.getElementById('history-page').textContent = 'Page ' + (history.page + 1);
      document.getElementById('history-newer').disabled = history.page === 0;
      document.getElementById('history-older').disabled = plays.length < PAGE_SIZE;
      document.body.dataset.history = String(history.page + 1);
    } catch (e) {
      body.replaceChildren();
      const row = el('tr');
      cell(row, 'Could not load the history: ' + e.message).colSpan = 6;
      body.appendChild(row);
    }
  }

  const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

  function drawYear(box, review, missing) {
    box.replaceChildren();
    if (!review) {
      box.appendChild(el('p', missing));
      return;
    }
    const figures = el('dl');
    const add = (name, value) => { figures.appendChild(el('dt', name)); figures.appendChild(el('dd', value)); };
    add('Plays', review.plays);
    add('Watched', duration(review.watchTimeSec));
    add('Different items', review.distinctItems);
    add('Days with plays', review.activeDays);
    add('Longest streak', review.longestStreakDays + ' days' + (review.longestStreakFrom ? ' from ' + review.longestStreakFrom : ''));
    add('Busiest weekday', review.busiestWeekday ? WEEKDAY_NAMES[WEEKDAY_KEYS.indexOf(review.busiestWeekday)] : '–');
    add('Busiest hour', review.busiestHour < 0 ? '–' : review.busiestHour + ':00');
    add('First play', review.firstPlayAt ? new Date(review.firstPlayAt).toLocaleString() : '–');
    add('Last play', review.lastPlayAt ? new Date(review.lastPlayAt).toLocaleString() : '–');
    if (review.shareOfServerPlays !== null && review.shareOfServerPlays !== undefined) {
      add('Share of the server\'s plays', Math.round(100 * review.shareOfServerPlays) + ' %');
    }
    box.appendChild(figures);
    const months = el('div', null, 'months');
    const max = Math.max(1, ...review.months.map(m => m.plays));
    review.months.forEach(m => {
      const bar = el('div', null, m.plays > 0 ? 'month mark' : 'month');
      bar.style.height = (100 * m.plays / max) + '%';
      bar.title = MONTHS[m.month - 1] + ': ' + m.plays + ' plays';
      months.appendChild(bar);
    });
    box.appendChild(months);
    const table = el('table');
    const head = el('tr');
    ['Top items', 'Library', 'Plays'].forEach(h => head.appendChild(el('th', h)));
    table.appendChild(head);
    review.topItems.forEach(item => {
      const row = el('tr', null, 'top');
      cell(row, label(item.mediaId, item.title));
      cell(row, label(item.libraryId, item.libraryName));
      cell(row, item.plays, 'n');
      table.appendChild(row);
    });
    const scroll = el('div', null, 'scroll');
    scroll.appendChild(table);
    box.appendChild(scroll);
  }

  async function loadYear() {
    const year = document.getElementById('year').value;
    const mine = document.getElementById('year-mine');
    try {
      drawYear(mine, await get('/year-in-review/' + year), '');
    } catch (e) {
      drawYear(mine, null, 'Your year is not kept, so there is no year in review of yours. Turn on "Keep my year" below.');
    }
    try {
      drawYear(document.getElementById('year-server'), document.body.dataset.admin === 'true'
        ? await get('/year-in-review/' + year, '/analytics/api/v1') : null, 'The whole server\'s year is for its admins.');
    } catch (e) {
      drawYear(document.getElementById('year-server'), null, 'Could not load the server\'s year: ' + e.message);
    }
    document.body.dataset.year = year;
  }

  const years = document.getElementById('year');
  for (let y = new Date().getFullYear(); y > new Date().getFullYear() - 5; y--) {
    const option = el('option', y);
    option.value = String(y);
    years.appendChild(option);
  }
  document.getElementById('year-form').addEventListener('submit', event => {
    event.preventDefault();
    loadYear();
  });
  document.getElementById('period').addEventListener('change', loadPage);
  document.getElementById('history-filter').addEventListener('submit', event => {
    event.preventDefault();
    history.befores = [null];
    history.page = 0;
    loadHistory();
  });
  document.getElementById('history-older').addEventListener('click', () => {
    if (history.last.length === 0) return;
    history.befores[history.page + 1] = history.last[history.last.length - 1].startedAt;
    history.page++;
    loadHistory();
  });
  document.getElementById('history-newer').addEventListener('click', () => {
    if (history.page > 0) { history.page--; loadHistory(); }
  });
  loadPage().then(loadHistory).then(loadYear);
}());
