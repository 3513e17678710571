/*
 * Charts of a host's or VM's recent stats: CPU, memory, disk and network rates (uPlot, from
 * WebJars). Each [data-stats-url] block gets its charts once and refreshes them every 10 s from the
 * console's stats.json (the session, not the API's HTTP Basic). The block is hx-preserve'd, so htmx's refreshes of the page around it do
 * not redraw it; this file may still be evaluated again when htmx swaps a whole page, hence the guard.
 */
(function () {
  if (window.flotillaStatsCharts) {
    window.flotillaStatsCharts.scan();
    return;
  }
  var REFRESH_MS = 10000;
  // A hole longer than this (host silent, VM down) is drawn as a gap rather than a straight line across it.
  var GAP_SECONDS = 25;
  var HEIGHT = 180;

  var percent = function (u, v) { return v == null ? '—' : v.toFixed(1) + ' %'; };
  // Memory reads in GiB once it is that large: "15 GiB" fits an axis where "15360 MiB" does not.
  function size(v) {
    return v >= 1024 ? (v / 1024).toFixed(v % 1024 === 0 ? 0 : 1) + ' GiB' : Math.round(v) + ' MiB';
  }
  var mib = function (u, v) { return v == null ? '—' : size(v); };
  var sizes = function (u, vs) { return vs.map(size); };
  // Tick steps in whole binary sizes, so the axis reads 4 GiB, 8 GiB rather than 4.9 GiB, 9.8 GiB.
  var SIZE_STEPS = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096, 8192, 16384, 32768, 65536, 131072, 262144, 524288];
  var percents = function (u, vs) { return vs.map(function (v) { return v + ' %'; }); };
  var load = function (u, v) { return v == null ? '—' : v.toFixed(2); };
  // Rates in binary units, as the memory sizes: "512 B/s", "1.5 KiB/s", "20 MiB/s".
  var RATE_UNITS = [[1024 * 1024 * 1024, 'GiB/s'], [1024 * 1024, 'MiB/s'], [1024, 'KiB/s'], [1, 'B/s']];
  function rateText(v) {
    for (var k = 0; k < RATE_UNITS.length - 1 && v < RATE_UNITS[k][0]; k++) { /* find the largest unit that fits */ }
    var n = v / RATE_UNITS[k][0];
    return (n >= 10 || n === Math.round(n) ? Math.round(n) : n.toFixed(1)) + ' ' + RATE_UNITS[k][1];
  }
  var rate = function (u, v) { return v == null ? '—' : rateText(v); };
  var rateTicks = function (u, vs) { return vs.map(rateText); };
  // Tick steps of 1, 2 and 5 times a binary unit, so the axis reads 200 KiB/s, 500 KiB/s, 1 MiB/s.
  var RATE_STEPS = [1, 1024, 1024 * 1024, 1024 * 1024 * 1024].reduce(function (steps, unit) {
    return steps.concat([1, 2, 5, 10, 20, 50, 100, 200, 500].map(function (m) { return m * unit; }));
  }, []);
  /** A chart of two rates of one kind of device: read/written, received/sent. An idle device still gets an axis up to 1 KiB/s. */
  function rates(first, second) {
    return {
      scales: { rate: { range: function (u, min, max) { return [0, Math.max(1024, max)]; } } },
      axes: [{ scale: 'rate', size: 80, incrs: RATE_STEPS, values: rateTicks }],
      series: [
        { label: first.label, scale: 'rate', stroke: first.stroke, fill: first.fill, value: rate, pick: first.pick },
        { label: second.label, scale: 'rate', stroke: second.stroke, value: rate, pick: second.pick }
      ]
    };
  }
  var READ = { label: 'Read', stroke: '#0066cc', fill: 'rgba(0,102,204,0.12)', pick: function (i) { return i.diskReadBytesPerSecond; } };
  var WRITTEN = { label: 'Written', stroke: '#ec7a08', pick: function (i) { return i.diskWriteBytesPerSecond; } };
  var RECEIVED = { label: 'Received', stroke: '#3e8635', fill: 'rgba(62,134,53,0.12)', pick: function (i) { return i.networkReceiveBytesPerSecond; } };
  var SENT = { label: 'Sent', stroke: '#8476d1', pick: function (i) { return i.networkTransmitBytesPerSecond; } };

  /** What each kind of object charts: the series of each chart, read from one history item. */
  var KINDS = {
    host: {
      cpu: {
        scales: { '%': { range: [0, 100] }, load: { range: function (u, min, max) { return [0, Math.max(1, max)]; } } },
        axes: [{ scale: '%', size: 60, values: percents },
               { scale: 'load', side: 1, grid: { show: false } }],
        series: [
          { label: 'CPU', scale: '%', stroke: '#0066cc', fill: 'rgba(0,102,204,0.12)', value: percent, pick: function (i) { return i.cpuPercent; } },
          { label: 'Load (1 min)', scale: 'load', stroke: '#8476d1', value: load, pick: function (i) { return i.load1; } }
        ]
      },
      memory: {
        scales: { mib: { range: function (u, min, max) { return [0, Math.max(1, max)]; } } },
        axes: [{ scale: 'mib', size: 80, incrs: SIZE_STEPS, values: sizes }],
        series: [
          { label: 'Used', scale: 'mib', stroke: '#3e8635', fill: 'rgba(62,134,53,0.12)', value: mib, pick: function (i) { return i.memoryUsedMiB; } },
          { label: 'Total', scale: 'mib', stroke: '#6a6e73', dash: [4, 4], value: mib, pick: function (i) { return i.memoryTotalMiB; } }
        ]
      },
      disk: rates(READ, WRITTEN),
      network: rates(RECEIVED, SENT)
    },
    vm: {
      cpu: {
        scales: { '%': { range: [0, 100] } },
        axes: [{ scale: '%', size: 60, values: percents }],
        series: [
          { label: 'CPU', scale: '%', stroke: '#0066cc', fill: 'rgba(0,102,204,0.12)', value: percent, pick: function (i) { return i.cpuPercent; } }
        ]
      },
      memory: {
        scales: { mib: { range: function (u, min, max) { return [0, Math.max(1, max)]; } } },
        axes: [{ scale: 'mib', size: 80, incrs: SIZE_STEPS, values: sizes }],
        series: [
          { label: 'Resident', scale: 'mib', stroke: '#3e8635', fill: 'rgba(62,134,53,0.12)', value: mib, pick: function (i) { return i.memoryRssMiB; } },
          // The configured size is not in the history: it comes from the page, as a constant line to compare against.
          { label: 'Configured', scale: 'mib', stroke: '#6a6e73', dash: [4, 4], value: mib, pick: function (i, block) { return Number(block.dataset.memoryMib); } }
        ]
      },
      // A VM may have no disk or no NIC: devices() says how many the newest sample counted (null: not measured).
      disk: Object.assign(rates(READ, WRITTEN), { devices: function (i) { return i.disks; } }),
      network: Object.assign(rates(RECEIVED, SENT), { devices: function (i) { return i.nics; } })
    }
  };

  /** uPlot's columns: times in seconds, then one column per series, with nulls where samples are missing. */
  function columns(items, spec, block) {
    var cols = [[]].concat(spec.series.map(function () { return []; }));
    var last = null;
    items.forEach(function (item) {
      var t = Date.parse(item.time) / 1000;
      if (last != null && t - last > GAP_SECONDS) {
        cols[0].push(last + 1);
        spec.series.forEach(function (s, k) { cols[k + 1].push(null); });
      }
      cols[0].push(t);
      spec.series.forEach(function (s, k) { cols[k + 1].push(s.pick(item, block)); });
      last = t;
    });
    return cols;
  }

  /** Clock times only: uPlot's default adds a date line that crowds a chart this narrow, and the window is 30 minutes. */
  var timeAxis = {
    space: 80,
    values: function (u, ticks) {
      var seconds = ticks.some(function (t) { return t % 60 !== 0; });
      return ticks.map(function (t) {
        return new Date(t * 1000).toLocaleTimeString([], seconds ? { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false }
                                                                 : { hour: '2-digit', minute: '2-digit', hour12: false });
      });
    }
  };

  function makeChart(el, spec, block) {
    var opts = {
      width: Math.max(200, el.clientWidth),
      height: HEIGHT,
      scales: Object.assign({ x: { time: true } }, spec.scales),
      axes: [timeAxis].concat(spec.axes),
      series: [{}].concat(spec.series.map(function (s) {
        return { label: s.label, scale: s.scale, stroke: s.stroke, fill: s.fill, dash: s.dash, value: s.value, width: 1.5 };
      }))
    };
    return new uPlot(opts, columns([], spec, block), el);
  }

  /**
   * Shows a VM's chart, or the note that it has no such device, as the newest sample says; keeps
   * what the page rendered while the count is unknown. Returns true when the chart just appeared.
   */
  function showDevices(c, newest, block) {
    var count = newest && c.spec.devices ? c.spec.devices(newest) : null;
    var note = block.querySelector('[data-stats-none="' + c.el.dataset.statsChart + '"]');
    if (count == null || !note) {
      return false;
    }
    var appeared = c.el.hidden && count > 0;
    c.el.hidden = count === 0;
    note.hidden = count !== 0;
    return appeared;
  }

  function start(block) {
    block.dataset.statsStarted = 'true';
    var kind = KINDS[block.dataset.statsKind];
    var charts = [];
    block.querySelectorAll('[data-stats-chart]').forEach(function (el) {
      var spec = kind[el.dataset.statsChart];
      charts.push({ el: el, spec: spec, plot: makeChart(el, spec, block) });
    });
    var empty = block.querySelector('.stats-empty');
    var timer;
    function resize() {
      charts.forEach(function (c) { c.plot.setSize({ width: Math.max(200, c.el.clientWidth), height: HEIGHT }); });
    }
    function refresh() {
      if (!block.isConnected) {
        clearInterval(timer);
        window.removeEventListener('resize', resize);
        return;
      }
      fetch(block.dataset.statsUrl, { credentials: 'same-origin', headers: { Accept: 'application/json' } })
        .then(function (r) { return r.ok ? r.json() : Promise.reject(r.status); })
        .then(function (body) {
          var newest = body.items[body.items.length - 1];
          charts.forEach(function (c) {
            if (showDevices(c, newest, block)) {
              c.plot.setSize({ width: Math.max(200, c.el.clientWidth), height: HEIGHT });
            }
            c.plot.setData(columns(body.items, c.spec, block));
          });
          if (empty) {
            empty.hidden = body.items.length > 0;
          }
          block.dataset.statsSamples = String(body.items.length);
        })
        .catch(function () { /* signed out or the manager restarting: the next tick tries again */ });
    }
    window.addEventListener('resize', resize);
    refresh();
    timer = setInterval(refresh, REFRESH_MS);
  }

  function scan() {
    document.querySelectorAll('[data-stats-url]:not([data-stats-started])').forEach(start);
  }

  window.flotillaStatsCharts = { scan: scan };
  document.addEventListener('htmx:load', scan);
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', scan);
  } else {
    scan();
  }
})();
