// Statecast live dashboard: one page, no build step. Data comes from /dashboard/api (REST) and one
// stream of server-sent events (read with fetch, so a bearer token can be sent when reads need one).
'use strict';

(() => {
  const MAX_WATCHED = 8;
  const TOKEN_KEY = 'statecast.token';
  const COLORS = ['#2364aa', '#e07b00', '#2a9d55', '#8e44ad', '#c0392b', '#16a085', '#7f8c8d', '#d35400'];

  const ui = {
    watched: [],                  // keys, in the order they were picked
    series: new Map(),            // key -> {points, maxPoints, view, chart, card}
    token: sessionStorage.getItem(TOKEN_KEY) || '',
    stream: null,                 // AbortController of the open event stream
    lastEventAt: 0,
    gateCharts: null,
  };

  const $ = (id) => document.getElementById(id);

  // ---- formatting ---------------------------------------------------------------------------
  const fmtCount = (n) => (n == null ? '–' : Number(n).toLocaleString('en'));
  const fmtRate = (x) => (x == null ? '–' : x >= 1000 ? (x / 1000).toFixed(1) + 'k' : x.toFixed(x < 10 ? 1 : 0));
  const fmtMs = (x) => (x == null ? '–' : (x < 10 ? x.toFixed(1) : Math.round(x).toLocaleString('en')) + ' ms');
  const fmtNum = (x) => (x == null ? '–' : Math.abs(x) >= 100 ? x.toFixed(1) : x.toPrecision(3));
  const fmtTime = (ms) => {
    const d = new Date(ms);
    return isNaN(d) ? '' : d.toISOString().slice(0, 16).replace('T', ' ');
  };

  function headers(extra) {
    const h = Object.assign({}, extra || {});
    if (ui.token) h.Authorization = 'Bearer ' + ui.token;
    return h;
  }

  async function getJson(path) {
    const res = await fetch(path, { headers: headers() });
    if (res.status === 401) {
      askToken();
      throw new Error('unauthenticated');
    }
    if (!res.ok) throw new Error((await res.json().catch(() => ({}))).error || res.statusText);
    return res.json();
  }

  function askToken() {
    $('token-card').hidden = false;
  }

  // ---- the event stream -----------------------------------------------------------------------
  async function openStream() {
    if (ui.stream) ui.stream.abort();
    const controller = new AbortController();
    ui.stream = controller;
    const query = ui.watched.map((k) => 'key=' + encodeURIComponent(k)).join('&');
    try {
      const res = await fetch('api/events' + (query ? '?' + query : ''), {
        headers: headers({ Accept: 'text/event-stream' }),
        signal: controller.signal,
        cache: 'no-store',
      });
      if (res.status === 401) {
        askToken();
        return;
      }
      if (!res.ok) throw new Error('HTTP ' + res.status);
      const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value.replace(/\r\n/g, '\n');
        let end;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          dispatch(buffer.slice(0, end));
          buffer = buffer.slice(end + 2);
        }
      }
    } catch (e) {
      if (controller.signal.aborted) return; // replaced by a newer stream
    }
    if (ui.stream === controller) {
      setLive(false);
      setTimeout(() => ui.stream === controller && openStream(), 2000);
    }
  }

  function dispatch(block) {
    let event = 'message';
    const data = [];
    for (const line of block.split('\n')) {
      if (line.startsWith('event:')) event = line.slice(6).trim();
      else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
    }
    if (!data.length) return;
    const payload = JSON.parse(data.join('\n'));
    ui.lastEventAt = Date.now();
    setLive(true);
    if (event === 'stream') onStream(payload);
    else if (event === 'gates') onGates(payload);
    else if (event === 'key') onKey(payload);
  }

  function setLive(on) {
    const el = $('live');
    el.classList.toggle('on', on);
    el.textContent = on ? 'live' : 'reconnecting…';
  }

  // ---- stream totals --------------------------------------------------------------------------
  function onStream(s) {
    $('source').textContent = s.source;
    $('obs-rate').textContent = fmtRate(s.observations.perSecond);
    $('obs-total').textContent = fmtCount(s.observations.total) + ' total';
    $('fc-rate').textContent = fmtRate(s.forecasts.perSecond);
    $('fc-total').textContent = fmtCount(s.forecasts.total) + ' total';
    $('latency').textContent = s.latency.samples ? fmtMs(s.latency.p50) + ' · ' + fmtMs(s.latency.p99) : '–';
    $('latency-note').textContent = s.latency.samples
      ? 'last ' + fmtCount(s.latency.samples) + ' forecasts, max ' + fmtMs(s.latency.max)
      : 'emittedAt − observedAt';
    $('dlq-total').textContent = fmtCount(s.deadLetters.total);
    $('dlq-rate').textContent = fmtRate(s.deadLetters.perSecond) + ' / s';
    $('late-total').textContent = fmtCount(s.lateEvents.total);
    $('late-rate').textContent = fmtRate(s.lateEvents.perSecond) + ' / s';
    $('models').textContent = s.models.length ? s.models.map((m) => m.id + ' v' + m.version).join(', ') : '–';
    $('keys-held').textContent = fmtCount(s.keys.held) + ' keys held (max ' + fmtCount(s.keys.max) + ')';
    rejectTable($('dlq-table'), s.deadLetters);
    rejectTable($('late-table'), s.lateEvents);
  }

  function rejectTable(table, r) {
    const body = table.tBodies[0];
    body.replaceChildren();
    const kinds = Object.keys(r.byKind);
    if (!kinds.length) {
      const row = body.insertRow();
      const cell = row.insertCell();
      cell.colSpan = 3;
      cell.className = 'reason';
      cell.textContent = 'none';
      return;
    }
    for (const kind of kinds) {
      const latest = r.latestByKind[kind];
      const row = body.insertRow();
      row.insertCell().textContent = kind;
      const count = row.insertCell();
      count.className = 'count';
      count.textContent = fmtCount(r.byKind[kind]);
      const reason = row.insertCell();
      reason.className = 'reason';
      reason.textContent = latest
        ? fmtTime(latest.at) + (latest.key ? ' · ' + latest.key : '') + ' · ' + latest.message
        : '';
    }
  }

  // ---- gates ------------------------------------------------------------------------------------
  function gateCharts(bins) {
    if (ui.gateCharts && ui.gateCharts.bins === bins) return ui.gateCharts;
    if (ui.gateCharts) {
      ui.gateCharts.input.destroy();
      ui.gateCharts.forget.destroy();
    }
    const labels = [];
    for (let b = 0; b < bins; b++) labels.push((b / bins).toFixed(2) + '–' + ((b + 1) / bins).toFixed(2));
    const make = (canvas) =>
      new Chart(canvas, {
        type: 'bar',
        data: { labels, datasets: [] },
        options: {
          animation: false,
          maintainAspectRatio: false,
          scales: {
            x: { ticks: { maxRotation: 0, autoSkip: true, maxTicksLimit: 6 }, title: { display: true, text: 'gate value' } },
            y: { beginAtZero: true, title: { display: true, text: 'share of values (%)' } },
          },
          plugins: { legend: { position: 'bottom' } },
        },
      });
    ui.gateCharts = { bins, input: make($('input-gates')), forget: make($('forget-gates')) };
    return ui.gateCharts;
  }

  function onGates(g) {
    if (!g.layers.length) {
      $('gates-label').textContent = '';
      $('gates-note').textContent = 'gate histograms: ' + g.status;
      return;
    }
    $('gates-label').textContent =
      'gate values of ' + g.sampledKeys + ' sampled keys · model ' + g.modelId + ' v' + g.modelVersion;
    const pct = (x) => (x == null ? '–' : (100 * x).toFixed(1) + '%');
    $('gates-note').textContent =
      fmtCount(g.steps) + ' steps re-run by the dashboard through the model (same encoding and cell as the job;'
      + ' a key is stepped from when the dashboard first saw it). Near 0 or 1 (end bins): input '
      + pct(g.inputNearBinary) + ', forget ' + pct(g.forgetNearBinary) + '.'
      + (g.dropped ? ' Dropped under load: ' + fmtCount(g.dropped) + '.' : '');
    const charts = gateCharts(g.bins);
    const datasets = (pick) =>
      g.layers.map((layer, k) => {
        const counts = pick(layer);
        const total = counts.reduce((a, b) => a + b, 0) || 1;
        return {
          label: 'layer ' + k,
          data: counts.map((c) => (100 * c) / total),
          backgroundColor: COLORS[k % COLORS.length] + 'b0',
        };
      });
    charts.input.data.datasets = datasets((l) => l.input);
    charts.forget.data.datasets = datasets((l) => l.forget);
    charts.input.update('none');
    charts.forget.update('none');
  }

  // ---- key series -------------------------------------------------------------------------------
  function onKey(v) {
    const s = ui.series.get(v.key);
    if (!s) return;
    s.maxPoints = v.maxPoints;
    if (v.full) s.points = [];
    for (const p of v.points) merge(s.points, p);
    if (s.points.length > s.maxPoints) s.points.splice(0, s.points.length - s.maxPoints);
    s.view = v;
    draw(s);
  }

  /** Puts p = [t, actual, forecast, version, lower, upper, anomaly] in place (sorted by t). */
  function merge(points, p) {
    let lo = 0;
    let hi = points.length;
    if (hi && points[hi - 1][0] < p[0]) {
      points.push(p);
      return;
    }
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (points[mid][0] < p[0]) lo = mid + 1;
      else hi = mid;
    }
    if (lo < points.length && points[lo][0] === p[0]) points[lo] = p;
    else points.splice(lo, 0, p);
  }

  function draw(s) {
    const pts = s.points;
    const actual = [];
    const forecast = [];
    const error = [];
    const low = [];
    const high = [];
    const marks = [];
    for (let i = 0; i < pts.length; i++) {
      const [t, a, f, , lo, up, score] = pts[i];
      if (a != null) actual.push({ x: t, y: a });
      if (a != null && score != null) marks.push({ x: t, y: a, score });
      if (i + 1 < pts.length && f != null) {
        const next = pts[i + 1];
        forecast.push({ x: next[0], y: f });
        if (next[1] != null) error.push({ x: next[0], y: Math.abs(next[1] - f) });
      }
      // The band: the interval made at t for the next event, drawn at that event's time.
      if (i + 1 < pts.length && lo != null && up != null) {
        low.push({ x: pts[i + 1][0], y: lo });
        high.push({ x: pts[i + 1][0], y: up });
      }
    }
    const fan = [];
    const v = s.view;
    if (v.horizon && v.horizon.length && pts.length) {
      const last = pts[pts.length - 1];
      const step = typicalStep(pts);
      if (last[0] === v.horizonTime && last[1] != null) fan.push({ x: last[0], y: last[1] });
      v.horizon.forEach((y, j) => fan.push({ x: v.horizonTime + (j + 1) * step, y }));
    }
    const ds = s.chart.data.datasets;
    const x = s.chart.options.scales.x;
    x.min = pts.length ? pts[0][0] : undefined; // the data's own span, not rounded outwards
    x.max = fan.length ? fan[fan.length - 1].x : pts.length ? pts[pts.length - 1][0] : undefined;
    ds[0].data = actual;
    ds[1].data = forecast;
    ds[2].data = fan;
    ds[3].data = error;
    ds[4].data = low;
    ds[5].data = high;
    ds[6].data = marks;
    s.chart.update('none');

    const card = s.card;
    card.dataset.points = String(pts.length);
    card.querySelector('.points').textContent = fmtCount(pts.length);
    card.querySelector('.model').textContent = v.modelId ? v.modelId + ' v' + v.modelVersion : 'no forecast yet';
    card.querySelector('.mae').textContent = fmtNum(v.meanAbsoluteError);
    card.querySelector('.last-error').textContent = fmtNum(v.lastError);
    card.querySelector('.steps').textContent = fmtCount(v.steps);
  }

  /** The median gap of the last events: how far apart to draw the horizon's steps. */
  function typicalStep(pts) {
    const gaps = [];
    for (let i = Math.max(1, pts.length - 20); i < pts.length; i++) gaps.push(pts[i][0] - pts[i - 1][0]);
    if (!gaps.length) return 1000;
    gaps.sort((a, b) => a - b);
    return gaps[gaps.length >> 1] || 1000;
  }

  function seriesChart(canvas) {
    return new Chart(canvas, {
      type: 'line',
      data: {
        datasets: [
          { label: 'actual', data: [], borderColor: '#1d2733', backgroundColor: '#1d2733', pointRadius: 1.5, borderWidth: 1.5 },
          { label: 'one-step forecast', data: [], borderColor: '#2364aa', backgroundColor: '#2364aa', pointRadius: 0, borderWidth: 1.5 },
          { label: 'latest horizon', data: [], borderColor: '#e07b00', backgroundColor: '#e07b00', borderDash: [5, 4], pointRadius: 2.5, borderWidth: 1.5 },
          { label: '|error|', data: [], yAxisID: 'err', borderColor: 'rgba(192,57,43,.6)', backgroundColor: 'rgba(192,57,43,.15)', fill: 'origin', pointRadius: 0, borderWidth: 1 },
          // The one-step interval: its lower edge, and the upper edge filled down to it.
          { label: 'interval low', data: [], borderColor: 'rgba(35,100,170,.35)', backgroundColor: 'rgba(35,100,170,.12)', pointRadius: 0, borderWidth: 1 },
          { label: 'interval', data: [], borderColor: 'rgba(35,100,170,.35)', backgroundColor: 'rgba(35,100,170,.15)', fill: '-1', pointRadius: 0, borderWidth: 1 },
          { label: 'anomaly', data: [], showLine: false, pointStyle: 'triangle', pointRadius: 6, pointHoverRadius: 8, borderColor: '#c0392b', backgroundColor: '#c0392b' },
        ],
      },
      options: {
        animation: false,
        parsing: false,
        normalized: true,
        maintainAspectRatio: false,
        interaction: { mode: 'nearest', axis: 'x', intersect: false },
        scales: {
          x: {
            type: 'linear',
            ticks: {
              // Dates for series of days, times for shorter spans.
              callback: function (value) {
                return this.max - this.min > 3 * 86400000 ? fmtTime(value).slice(0, 10) : fmtTime(value).slice(5);
              },
              maxTicksLimit: 8,
              maxRotation: 0,
            },
          },
          y: { position: 'left', title: { display: true, text: 'value' } },
          err: { position: 'right', beginAtZero: true, grid: { drawOnChartArea: false }, title: { display: true, text: '|error|' } },
        },
        plugins: {
          legend: { position: 'bottom', labels: { filter: (item) => item.text !== 'interval low' } },
          tooltip: { callbacks: { title: (items) => (items.length ? fmtTime(items[0].parsed.x) : '') } },
        },
      },
    });
  }

  // ---- watching keys ----------------------------------------------------------------------------
  function watch(key) {
    key = key.trim();
    if (!key || ui.watched.includes(key) || ui.watched.length >= MAX_WATCHED) return false;
    ui.watched.push(key);
    const card = $('series-card').content.firstElementChild.cloneNode(true);
    card.dataset.key = key;
    card.dataset.points = '0';
    card.querySelector('.key-name').textContent = key;
    card.querySelector('.unwatch').addEventListener('click', () => unwatch(key));
    $('series').append(card);
    const chart = seriesChart(card.querySelector('canvas'));
    ui.series.set(key, { points: [], maxPoints: 500, view: {}, chart, card });
    renderChips();
    saveHash();
    openStream();
    return true;
  }

  function unwatch(key) {
    const s = ui.series.get(key);
    if (!s) return;
    s.chart.destroy();
    s.card.remove();
    ui.series.delete(key);
    ui.watched = ui.watched.filter((k) => k !== key);
    renderChips();
    saveHash();
    openStream();
  }

  function renderChips() {
    const chips = $('watched');
    chips.replaceChildren(
      ...ui.watched.map((k) => {
        const c = document.createElement('span');
        c.className = 'chip';
        c.textContent = k;
        return c;
      })
    );
  }

  function saveHash() {
    const h = ui.watched.map((k) => 'key=' + encodeURIComponent(k)).join('&');
    history.replaceState(null, '', h ? '#' + h : location.pathname + location.search);
  }

  function keysFromHash() {
    const params = new URLSearchParams(location.hash.slice(1));
    return params.getAll('key').slice(0, MAX_WATCHED);
  }

  // ---- the search box ---------------------------------------------------------------------------
  let searchTimer = 0;
  let lastSuggestions = null;
  async function suggest() {
    const q = $('search').value.trim();
    try {
      const found = await getJson('api/keys?limit=20&q=' + encodeURIComponent(q));
      const shown = found.keys.join('\n');
      if (shown === lastSuggestions) return; // unchanged: keep the buttons (and a pending click)
      lastSuggestions = shown;
      $('suggestions').replaceChildren(
        ...found.keys.map((k) => Object.assign(document.createElement('option'), { value: k }))
      );
      $('suggestion-list').replaceChildren(
        ...found.keys.slice(0, 12).map((k) => {
          const b = document.createElement('button');
          b.type = 'button';
          b.textContent = k;
          b.dataset.key = k;
          b.addEventListener('click', () => watch(k));
          return b;
        })
      );
    } catch (e) {
      // shown by askToken, or a transient error: the next keystroke asks again
    }
  }

  function init() {
    $('search').addEventListener('input', () => {
      clearTimeout(searchTimer);
      searchTimer = setTimeout(suggest, 150);
    });
    $('search').addEventListener('focus', suggest);
    $('pick').addEventListener('submit', (e) => {
      e.preventDefault();
      if (watch($('search').value)) $('search').value = '';
    });
    $('token-form').addEventListener('submit', (e) => {
      e.preventDefault();
      ui.token = $('token').value.trim();
      sessionStorage.setItem(TOKEN_KEY, ui.token);
      $('token-card').hidden = true;
      if (ui.watched.length) openStream();
      else watchInitialKeys();
    });
    setInterval(() => {
      if (ui.lastEventAt && Date.now() - ui.lastEventAt > 6000) setLive(false);
    }, 2000);
    watchInitialKeys().finally(suggest);
  }

  // The keys named in the address (#key=a&key=b); else the server's defaults (e.g. the demo's
  // shown keys), so that a first visit shows forecasts without a click.
  async function watchInitialKeys() {
    let keys = keysFromHash();
    if (!keys.length) {
      try {
        keys = (await getJson('api/defaults')).watch.slice(0, MAX_WATCHED);
      } catch (e) {
        keys = []; // asked for a token, or an older server: watch nothing yet
      }
    }
    if (keys.length) keys.forEach(watch);
    else openStream();
  }

  // For tests and the curious: the state behind the charts.
  window.statecast = {
    watched: () => ui.watched.slice(),
    pointCount: (key) => (ui.series.has(key) ? ui.series.get(key).points.length : -1),
    chartPoints: (key) => (ui.series.has(key) ? ui.series.get(key).chart.data.datasets[0].data.length : -1),
    // What the chart drew: the band's points and the anomaly marks, as laid out on the canvas.
    drawn: (key) => {
      if (!ui.series.has(key)) return null;
      const chart = ui.series.get(key).chart;
      const inArea = (el) => el.x >= chart.chartArea.left && el.x <= chart.chartArea.right && el.y >= chart.chartArea.top && el.y <= chart.chartArea.bottom;
      const shown = (i) => (chart.isDatasetVisible(i) ? chart.getDatasetMeta(i).data.filter(inArea).length : 0);
      return { band: Math.min(shown(4), shown(5)), marks: shown(6), filled: chart.data.datasets[5].fill === '-1' };
    },
    markTimes: (key) => (ui.series.has(key) ? ui.series.get(key).chart.data.datasets[6].data.map((p) => p.x) : []),
    live: () => ui.lastEventAt > 0,
  };

  document.addEventListener('DOMContentLoaded', init);
})();
