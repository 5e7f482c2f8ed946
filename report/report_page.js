// report_page.js: draws the slotrush report from the JSON in <script id="report-data"> (schema
// slotrush.report-data/1, docs/report.md) with Chart.js. Every chart is counted: <body
// data-charts-expected> when it is planned, data-charts-drawn once Chart.js has rendered it and its
// canvas holds ink. Errors are counted in data-report-errors (see the template).
(function () {
  'use strict';

  const data = JSON.parse(document.getElementById('report-data').textContent);
  const files = data.files;
  const kpiInfo = new Map(data.kpis.map((k) => [k.name, k]));
  const palette = ['#2f6fde', '#e8590c', '#2b8a3e', '#ae3ec9', '#0b7285', '#c92a2a', '#5c940d', '#862e9c'];
  const fileColour = (i) => palette[i % palette.length];
  const body = document.body;
  for (const message of window.pendingReportErrors || []) window.recordReportError(message);

  // ---- numbers and time ------------------------------------------------------------------------
  const significant = new Intl.NumberFormat('en-US', {maximumSignificantDigits: 4});
  const isNumber = (x) => typeof x === 'number' && isFinite(x);
  function formatNumber(x) {
    if (!isNumber(x)) return '–';
    const a = Math.abs(x);
    if (a !== 0 && (a < 1e-3 || a >= 1e9)) return x.toExponential(2);
    return significant.format(x);
  }
  // Ratios that are shares of something read best as percentages; retry amplification is a factor.
  const isShare = (name) => /_(rate|probability|share)$/.test(name);
  function displayUnit(name) {
    const unit = kpiInfo.get(name).unit;
    if (isShare(name)) return '%';
    if (name === 'retry_amplification') return '×';
    if (unit === 'ratio') return '';
    return unit === '1/s' ? 'per s' : unit;
  }
  const scaleOf = (name) => (isShare(name) ? 100 : 1);
  function formatKpi(name, x, signed = false) {
    if (!isNumber(x)) return '–';
    const text = formatNumber(x * scaleOf(name));
    return signed && x > 0 ? '+' + text : text;
  }
  const pad2 = (n) => String(n).padStart(2, '0');
  // Simulated time 0 is midnight starting day 0 in the scenario's time zone; a generic load test's
  // time 0 is its start. A measured run of a scenario (a twin's live half) has a window on the
  // scenario's clock and is drawn on it.
  const onScenarioClock = (file) => file.kind !== 'measured' || Boolean(file.scenario.window_s);
  function formatTime(file, seconds, withSeconds) {
    if (!isNumber(seconds)) return '';
    const t = Math.round(seconds);
    if (!onScenarioClock(file)) {
      const h = Math.floor(t / 3600), m = Math.floor((t % 3600) / 60), s = t % 60;
      return (h > 0 ? h + ':' + pad2(m) : String(m)) + ':' + pad2(s);
    }
    const day = Math.floor(t / 86400), rest = t - day * 86400;
    const clock = pad2(Math.floor(rest / 3600)) + ':' + pad2(Math.floor((rest % 3600) / 60)) +
        (withSeconds ? ':' + pad2(rest % 60) : '');
    return (day > 0 ? 'day ' + day + ' ' : '') + clock;
  }
  const timeAxisTitle = (file) => onScenarioClock(file)
      ? 'scenario clock (day 0 from 00:00 local time)'
      : 'time since the load test started (m:ss)';
  const absentColumns = (file) => new Set(file.series.absent_columns || []);

  // ---- page elements ---------------------------------------------------------------------------
  function element(tag, attributes = {}, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attributes)) {
      if (k === 'class') e.className = v;
      else if (k === 'style') e.style.cssText = v;
      else e.setAttribute(k, v);
    }
    for (const c of children) if (c !== null && c !== undefined) e.append(c);
    return e;
  }
  function sectionHead(section, title, lede) {
    section.append(element('h2', {}, title));
    if (lede) section.append(element('p', {class: 'lede'}, lede));
  }

  // ---- chart bookkeeping -----------------------------------------------------------------------
  let expected = 0;
  let drawn = 0;
  const counted = new WeakSet();
  // Counts a chart as drawn the first time it renders with something on its canvas.
  const drawnMarker = {
    id: 'drawnMarker',
    afterRender(chart) {
      if (counted.has(chart)) return;
      const {width, height} = chart.canvas;
      if (width === 0 || height === 0) return;
      const pixels = chart.ctx.getImageData(0, 0, width, height).data;
      for (let i = 3; i < pixels.length; i += 4 * 7) {
        if (pixels[i] !== 0) {
          counted.add(chart);
          body.dataset.chartsDrawn = String(++drawn);
          return;
        }
      }
    },
  };
  // Whiskers on bars: dataset.intervals[i] = [lo, hi] in the bar's units, or null.
  const intervalWhiskers = {
    id: 'intervalWhiskers',
    afterDatasetsDraw(chart) {
      const {ctx, chartArea, scales} = chart;
      ctx.save();
      ctx.beginPath();
      ctx.rect(chartArea.left, chartArea.top, chartArea.right - chartArea.left, chartArea.bottom - chartArea.top);
      ctx.clip();
      ctx.strokeStyle = '#1f2933';
      ctx.lineWidth = 1.5;
      chart.data.datasets.forEach((dataset, d) => {
        const meta = chart.getDatasetMeta(d);
        if (!dataset.intervals || meta.hidden) return;
        meta.data.forEach((bar, i) => {
          const interval = dataset.intervals[i];
          if (!interval) return;
          const top = scales.y.getPixelForValue(interval[1]);
          const bottom = scales.y.getPixelForValue(interval[0]);
          const cap = Math.max(3, Math.min(8, bar.width * 0.25));
          ctx.beginPath();
          ctx.moveTo(bar.x, top); ctx.lineTo(bar.x, bottom);
          ctx.moveTo(bar.x - cap, top); ctx.lineTo(bar.x + cap, top);
          ctx.moveTo(bar.x - cap, bottom); ctx.lineTo(bar.x + cap, bottom);
          ctx.stroke();
        });
      });
      ctx.restore();
    },
  };
  // A tick at each mean on horizontal floating bars: dataset.means[i], or null.
  const meanTicks = {
    id: 'meanTicks',
    afterDatasetsDraw(chart) {
      const {ctx, scales} = chart;
      ctx.save();
      chart.data.datasets.forEach((dataset, d) => {
        const meta = chart.getDatasetMeta(d);
        if (!dataset.means || meta.hidden) return;
        ctx.strokeStyle = dataset.borderColor;
        ctx.lineWidth = 3;
        meta.data.forEach((bar, i) => {
          const mean = dataset.means[i];
          if (!isNumber(mean)) return;
          const x = scales.x.getPixelForValue(mean);
          if (x < chart.chartArea.left || x > chart.chartArea.right) return;
          const half = Math.max(5, bar.height / 2);
          ctx.beginPath();
          ctx.moveTo(x, bar.y - half); ctx.lineTo(x, bar.y + half);
          ctx.stroke();
        });
      });
      ctx.restore();
    },
  };

  // Frozen intervals (the `frozen` column, sim/results/freeze_rule.hpp) shaded behind the lines:
  // options.plugins.frozenShading.bands = [{from, to, colour}] in x units.
  const frozenShading = {
    id: 'frozenShading',
    beforeDatasetsDraw(chart, args, options) {
      const bands = (options && options.bands) || [];
      if (!bands.length) return;
      const {ctx, chartArea, scales} = chart;
      ctx.save();
      ctx.beginPath();
      ctx.rect(chartArea.left, chartArea.top, chartArea.right - chartArea.left, chartArea.bottom - chartArea.top);
      ctx.clip();
      for (const band of bands) {
        const left = scales.x.getPixelForValue(band.from), right = scales.x.getPixelForValue(band.to);
        ctx.fillStyle = band.colour;
        ctx.fillRect(left, chartArea.top, Math.max(1, right - left), chartArea.bottom - chartArea.top);
      }
      ctx.restore();
    },
  };
  // Runs of frozen intervals as bands: `times[i]` starts interval i of `width`, frozen where flags[i] is 1.
  function frozenBands(times, flags, width, colour) {
    const bands = [];
    times.forEach((t, i) => {
      if (flags[i] !== 1) return;
      const last = bands[bands.length - 1];
      if (last && Math.abs(last.to - t) < width * 1e-6) last.to = t + width;
      else bands.push({from: t, to: t + width, colour});
    });
    return bands;
  }
  const frozenColour = 'rgba(201, 42, 42, 0.13)';
  function fileFrozenBands(file) {
    const c = file.series.columns.indexOf('frozen');
    if (c < 0 || absentColumns(file).has('frozen')) return null;  // not recorded: no shading, and said so
    const rows = file.series.rows;
    return frozenBands(rows.map((r) => r[0]), rows.map((r) => r[c]), file.series.interval_s || 1, frozenColour);
  }

  // A chart panel: title, note, canvas. `build` returns the Chart.js config, or null (or a sentence)
  // to say the data has nothing to draw (the panel then says so and is not counted).
  function chartPanel(parent, title, note, build, tall = false) {
    const box = element('div', {class: 'canvas-box'});
    const panel = element('div', {class: 'chart' + (tall ? ' tall' : '')},
        element('h3', {}, title), note ? element('p', {class: 'note'}, note) : null, box);
    parent.append(panel);
    let config;
    try {
      config = build();
    } catch (e) {
      window.recordReportError('chart "' + title + '": ' + e.message);
      return;
    }
    if (!config || typeof config === 'string') {
      box.replaceWith(element('p', {class: 'empty'}, config || 'Nothing to draw: this file has no such data.'));
      return;
    }
    const canvas = element('canvas', {role: 'img', 'aria-label': title});
    box.append(canvas);
    body.dataset.chartsExpected = String(++expected);
    config.plugins = [...(config.plugins || []), frozenShading, drawnMarker];
    config.options = Object.assign({animation: false, responsive: true, maintainAspectRatio: false}, config.options);
    try {
      new Chart(canvas, config);
    } catch (e) {
      window.recordReportError('chart "' + title + '": ' + e.message);
    }
  }

  // ---- the runs ----------------------------------------------------------------------------------
  function kpiMean(file, name) {
    const k = file.kpis[name];
    return k && isNumber(k.mean) ? k.mean : null;
  }
  // One sentence a reader takes away from a run.
  function headline(file) {
    const parts = [];
    const m = (name) => kpiMean(file, name);
    if (m('slots_offered') > 0) {
      parts.push(`<b>${formatKpi('slots_booked', m('slots_booked'))}</b> of ${formatKpi('slots_offered', m('slots_offered'))} slots booked`);
      if (m('sold_out_seconds') !== null) parts.push(`sold out in <b>${formatKpi('sold_out_seconds', m('sold_out_seconds'))} s</b>`);
    }
    if (m('people_trying') > 0)
      parts.push(`${formatKpi('people_trying', m('people_trying'))} people tried, <b>${formatKpi('booking_probability', m('booking_probability'))} %</b> got an appointment`);
    if (m('goodput') !== null)
      parts.push(`goodput <b>${formatKpi('goodput', m('goodput'))}/s</b> of ${formatKpi('offered_load', m('offered_load'))}/s offered`);
    if (m('freeze_seconds') > 0) parts.push(`frozen for <b>${formatKpi('freeze_seconds', m('freeze_seconds'))} s</b>`);
    else if (m('freeze_seconds') === 0) parts.push('never frozen');
    if (m('retry_amplification') !== null) parts.push(`${formatKpi('retry_amplification', m('retry_amplification'))} attempts per useful answer`);
    return parts.join(' · ');
  }
  function runCards() {
    const section = document.getElementById('runs');
    sectionHead(section, files.length > 1 ? 'The runs compared' : 'The run',
        files.length > 1
            ? 'Each file is one column below, in this order; differences are to the first file.'
            : null);
    const cards = element('div', {class: 'cards'});
    files.forEach((file, i) => {
      const line = element('p', {class: 'headline'});
      line.innerHTML = headline(file);  // built from numbers only
      const facts = element('dl', {},
          element('dt', {}, 'results file'), element('dd', {}, file.path),
          element('dt', {}, 'scenario file'), element('dd', {}, file.scenario.file),
          element('dt', {}, 'seed'), element('dd', {}, String(file.scenario.seed)),
          element('dt', {}, file.kind === 'measured' ? 'runs' : 'replications'),
          element('dd', {}, String(file.runs) + (file.runs > 1 ? ' (95% intervals over them)' : ' (no intervals)')),
          element('dt', {}, 'series'),
          element('dd', {}, `${file.series.input_rows} rows of ${formatNumber(file.series.interval_s)} s` +
              (file.series.input_rows > 0 ? ', from the first run' : '')));
      cards.append(element('div', {class: 'card', style: `--file-colour: ${fileColour(i)}`},
          element('h3', {}, file.scenario.name + ' ', element('span', {class: 'kind ' + file.kind}, file.kind)),
          line, facts));
    });
    section.append(cards);
  }

  // ---- twins: one scenario, two clocks -----------------------------------------------------------
  // The columns a twin overlays, in twin.json's order: counters drawn per second, levels and latencies as they are.
  const overlaySpecs = {
    goodput: {title: 'Goodput', yTitle: 'useful answers per s', perSecond: true},
    offered: {title: 'Offered load', yTitle: 'attempts per s', perSecond: true},
    timeouts: {title: 'Timeouts', yTitle: 'per s', perSecond: true},
    rejected: {title: '503 refused', yTitle: 'per s', perSecond: true},
    in_flight: {title: 'Requests in flight', yTitle: 'requests'},
    bookings: {title: 'Bookings', yTitle: 'per s', perSecond: true},
    slots_left: {title: 'Slots left', yTitle: 'open slots', stepped: true},
    latency_p50_s: {title: 'Latency p50 (useful answers)', yTitle: 'seconds'},
    latency_p99_s: {title: 'Latency p99 (useful answers)', yTitle: 'seconds'},
    attempt_latency_p99_s: {title: 'Latency p99 (every attempt)', yTitle: 'seconds'},
  };
  const clockColours = {simulated: '#2f6fde', measured: '#e8590c'};
  const clockShades = {simulated: 'rgba(47, 111, 222, 0.12)', measured: 'rgba(232, 89, 12, 0.14)'};
  function twinTable(section, twin) {
    const head = element('tr', {}, element('th', {class: 'kpi'}, 'KPI'), element('th', {}, 'unit'),
        element('th', {}, 'simulated mean'), element('th', {}, 'prediction interval'), element('th', {}, 'measured'),
        element('th', {}, 'relative difference'), element('th', {}, 'agrees?'), element('th', {class: 'kpi'}, 'verdict'));
    const rows = element('tbody');
    for (const row of twin.kpis) {
      const name = row.kpi;
      const pi = row.prediction_interval;
      const agrees = element('td', {class: row.compared ? (row.agrees ? 'better' : 'worse') : 'unclear'},
          row.compared ? (row.agrees ? 'yes' : 'no') : 'not compared');
      rows.append(element('tr', {},
          element('td', {class: 'kpi'}, name, element('small', {}, kpiInfo.get(name).meaning)),
          element('td', {}, displayUnit(name)),
          element('td', {}, formatKpi(name, row.simulated_mean)),
          element('td', {}, pi ? `[${formatKpi(name, pi[0])}, ${formatKpi(name, pi[1])}]` : '–'),
          element('td', {}, formatKpi(name, row.measured)),
          element('td', {}, isNumber(row.relative_difference)
              ? (row.relative_difference > 0 ? '+' : '') + formatNumber(100 * row.relative_difference) + ' %' : '–'),
          agrees,
          element('td', {class: 'kpi'}, row.verdict)));
    }
    section.append(element('table', {class: 'twin-table'}, element('thead', {}, head), rows));
  }
  function twinOverlays(section, twin) {
    const o = twin.overlays;
    const simulated = files[twin.simulated_file];
    const width = o.interval_s > 0 ? o.interval_s : 1;
    const bands = [];
    const frozenNotes = [];
    for (const side of ['simulated', 'measured']) {
      if (o.frozen[side] === null) frozenNotes.push(`the ${side} file does not record frozen intervals`);
      else bands.push(...frozenBands(o.times, o.frozen[side], width, clockShades[side]));
    }
    const grid = element('div', {class: 'grid', style: '--columns: 2'});
    section.append(grid);
    const step = clockStep(Math.max(o.times.length * width, 1), 7);
    const first = o.times.length ? o.times[0] : 0;
    const last = o.times.length ? o.times[o.times.length - 1] + width : first + 1;
    for (const c of o.columns) {
      const spec = overlaySpecs[c.column] || {title: c.column, yTitle: ''};
      const lineNotes = [];
      for (const side of ['simulated', 'measured']) {
        if (c[side] === null) lineNotes.push(`${side}: not measured (its results file lacks this column)`);
        else if (!c[side].some(isNumber)) lineNotes.push(`${side}: no interval has a value`);
      }
      const note = `Blue: simulated, replication 0 of ${twin.replications}; orange: measured, the live run. ` +
          'Both on the simulated clock, one point per series interval. Shaded: frozen intervals, in the colour of the clock that froze.' +
          (isNumber(c.correlation) ? ` Correlation ${formatNumber(c.correlation)}.` : '') +
          (lineNotes.length ? ' ' + lineNotes.join('; ') + '.' : '') +
          (frozenNotes.length ? ' (' + frozenNotes.join('; ') + '.)' : '');
      chartPanel(grid, spec.title + ': predicted vs measured', note, () => {
        const datasets = [];
        for (const side of ['simulated', 'measured']) {
          const values = c[side];
          if (values === null || !values.some(isNumber)) continue;
          datasets.push({
            label: side === 'simulated' ? 'simulated, replication 0' : 'measured, the live run',
            data: o.times.map((t, i) => ({x: t, y: isNumber(values[i]) ? (spec.perSecond ? values[i] / width : values[i]) : null})),
            borderColor: clockColours[side], backgroundColor: clockColours[side] + '22', fill: false,
            stepped: spec.stepped || false, spanGaps: false,
          });
        }
        if (datasets.length === 0)
          return 'Nothing to draw: ' + lineNotes.join('; ') + '.';
        return timeLineChart({datasets, file: simulated, xTitle: 'simulated clock (day 0 from 00:00 local time)',
                              min: first, max: last, step, yTitle: spec.yTitle, bands});
      });
    }
  }
  function twins() {
    if (!data.twins || data.twins.length === 0) return;
    const section = document.getElementById('twin-section');
    sectionHead(section, data.twins.length > 1 ? 'Twins: predicted vs measured' : 'Twin: predicted vs measured',
        'One scenario on two clocks (slotrush twin, docs/twin.md): the simulation\'s prediction for one more run ' +
        'against the live run at the same population scale and window. A KPI agrees when the measured value lies in ' +
        'the prediction interval, within the tolerance of the simulated mean, or below the KPI\'s floor.');
    for (const twin of data.twins) {
      const compared = twin.kpis.filter((k) => k.compared);
      const disagree = compared.filter((k) => !k.agrees).map((k) => k.kpi);
      section.append(element('h3', {class: 'row-title'}, `${twin.scenario} (${twin.path})`));
      section.append(element('p', {class: 'verdict ' + (twin.agrees ? 'agrees' : 'disagrees')},
          twin.agrees ? `Verdict: every compared KPI agrees (${compared.length} of ${twin.kpis.length} compared).`
                      : `Verdict: ${disagree.length} of ${compared.length} compared KPIs disagree: ${disagree.join(', ')}.`));
      section.append(element('p', {class: 'lede'},
          `${formatNumber(twin.population_scale * 100)} % of the people, ×${formatNumber(twin.time_scale)} time, window ` +
          `${formatTime(files[twin.simulated_file], twin.window_s[0], true)}–${formatTime(files[twin.simulated_file], twin.window_s[1], true)}, ` +
          `${twin.replications} replications, tolerance ${formatNumber(twin.tolerance * 100)} %, each interval at ` +
          `${formatNumber(twin.prediction_confidence * 100)} % confidence. Live clock ` +
          (twin.clock.kept_up ? 'kept up' : 'did NOT keep up (the measurement is distorted)') +
          ` (timer lag p99 ${formatNumber(twin.clock.lag_p99_s)} s simulated).`));
      twinTable(section, twin);
      twinOverlays(section, twin);
    }
  }

  // ---- sweeps: KPIs against the varied fields ----------------------------------------------------
  // A line per series of sweep.json's estimates: the mean, and its interval as a band between
  // ci_low and ci_high (Chart.js' filler between two hidden edges). A null estimate is a gap.
  function sweepDatasets(field, line, colour) {
    const xs = field.values;
    const at = (key) => xs.map((x, i) => ({x: field.numeric ? x : i, y: line.values[i] ? line.values[i][key] : null}));
    const edge = {borderWidth: 0, pointRadius: 0, spanGaps: false, isBand: true};
    return [
      Object.assign({label: line.label + ' ci_low', data: at('ci_low'), borderColor: 'transparent', fill: false}, edge),
      Object.assign({label: line.label + ' ci_high', data: at('ci_high'), borderColor: 'transparent',
                     backgroundColor: colour + '33', fill: '-1'}, edge),
      {label: line.label, data: at('mean'), borderColor: colour, backgroundColor: colour, fill: false,
       pointRadius: 3, spanGaps: false},
    ];
  }
  function sweepChart(grid, sweep, chart) {
    const field = sweep.fields.find((f) => f.field === chart.field);
    const what = chart.group_dimension ? `${chart.kpi} by ${chart.group_dimension}` : chart.kpi;
    const title = `${what} against ${chart.field}` + (chart.fixed && chart.group_dimension ? ` (${chart.fixed})` : '');
    const missing = chart.lines.filter((l) => l.values.some((v) => v === null)).map((l) => l.label);
    const note = (kpiInfo.get(chart.kpi) ? kpiInfo.get(chart.kpi).meaning + '. ' : '') +
        `Band: the 95% interval over ${sweep.replications} replications per point.` +
        (missing.length && !chart.absent ? ' Absent at some points (gaps, not zeros): ' + missing.join('; ') + '.' : '');
    chartPanel(grid, title, note, () => {
      if (chart.absent) return `Absent: this sweep has no value of ${what} at any point.`;
      const datasets = [];
      chart.lines.forEach((line, i) => datasets.push(...sweepDatasets(field, line, fileColour(i))));
      return {
        type: 'line',
        data: {datasets},
        options: {
          parsing: false,
          scales: {
            x: field.numeric ? {type: 'linear', title: {display: true, text: chart.field}}
                             : {type: 'linear', title: {display: true, text: chart.field},
                                ticks: {stepSize: 1, callback: (v) => field.values[v]}},
            y: {title: {display: true, text: displayUnit(chart.kpi)}},
          },
          plugins: {
            legend: {position: 'bottom', labels: {boxWidth: 14, filter: (item, d) => !d.datasets[item.datasetIndex].isBand}},
            tooltip: {filter: (item) => !item.dataset.isBand,
                      callbacks: {label: (item) => `${item.dataset.label}: ${formatKpi(chart.kpi, item.parsed.y)}`}},
          },
        },
      };
    });
  }
  function sweeps() {
    if (!data.sweeps || data.sweeps.length === 0) return;
    const section = document.getElementById('sweep-section');
    sectionHead(section, data.sweeps.length > 1 ? 'Sweeps: KPIs against the varied fields' : 'Sweep: KPIs against the varied fields',
        'A parameter study (slotrush sweep, docs/analysis.md): every point under common random numbers, so the ' +
        'differences between points are not noise. With several fields, one line per value of the others; groups ' +
        'as one line per group, one chart per value of the other fields.');
    for (const sweep of data.sweeps) {
      section.append(element('h3', {class: 'row-title'},
          `${sweep.base} (${sweep.path}): ${sweep.points} points, ${sweep.replications} replications each`));
      const grid = element('div', {class: 'grid', style: '--columns: 2'});
      section.append(grid);
      for (const chart of sweep.charts) sweepChart(grid, sweep, chart);
    }
  }

  // ---- the KPI table -----------------------------------------------------------------------------
  // Whether a later file may be differenced with the first (sim/results/run_pairing.hpp).
  const isComparable = (file) => !file.comparison_to_first || file.comparison_to_first.comparable;
  function intervalText(name, k) {
    if (!k || !isNumber(k.mean)) return '';
    if (!isNumber(k.half_width)) return k.n === 1 ? 'one run' : '';
    return `[${formatKpi(name, k.ci95[0])}, ${formatKpi(name, k.ci95[1])}] n=${k.n}`;
  }
  function kpiTable() {
    const section = document.getElementById('kpi-section');
    const several = files.length > 1;
    sectionHead(section, 'Key figures',
        several
            ? `Each KPI with its 95% interval over replications; Δ is the difference to ${files[0].label}, ` +
              'paired by replication only where both are simulated with the same seed and replications (common random ' +
              'numbers), else unpaired, with its 95% interval; none where the runs ran other shares of the people or ' +
              'other windows (not comparable). Green: significantly better, ' +
              'red: significantly worse (the interval excludes 0), grey: not significant.'
            : 'Each KPI with its 95% Student-t interval over replications.');
    const head = element('tr', {}, element('th', {class: 'kpi'}, 'KPI'), element('th', {}, 'unit'));
    files.forEach((file, i) => {
      head.append(element('th', {style: `border-bottom: 3px solid ${fileColour(i)}`}, file.label));
      if (i > 0) head.append(element('th', {}, 'Δ to first'));
    });
    const table = element('table', {}, element('thead', {}, head));
    const rows = element('tbody');
    const absent = [];
    for (const info of data.kpis) {
      const name = info.name;
      if (files.every((f) => kpiMean(f, name) === null)) {
        absent.push(name);
        continue;
      }
      const tr = element('tr', {},
          element('td', {class: 'kpi'}, name, element('small', {}, info.meaning)),
          element('td', {}, displayUnit(name)));
      files.forEach((file, i) => {
        const k = file.kpis[name];
        tr.append(element('td', {}, formatKpi(name, kpiMean(file, name)),
            element('span', {class: 'interval'}, intervalText(name, k))));
        if (i === 0) return;
        const d = file.difference_to_first ? file.difference_to_first[name] : null;
        const cell = element('td');
        if (!isComparable(file)) {
          cell.append('not comparable');
          cell.className = 'unclear';
        } else if (d && isNumber(d.mean)) {
          cell.append(formatKpi(name, d.mean, true));
          cell.append(element('span', {class: 'interval'},
              isNumber(d.half_width)
                  ? `[${formatKpi(name, d.ci95[0], true)}, ${formatKpi(name, d.ci95[1], true)}]`
                  : (d.paired ? 'one pair' : 'unpaired: not the same seed and replications')));
          if (!d.paired && isNumber(d.half_width))
            cell.lastChild.append(' unpaired');
          if (d.significant && info.better !== 'either')
            cell.className = (d.mean > 0) === (info.better === 'higher') ? 'better' : 'worse';
          else if (!d.significant) cell.className = 'unclear';
        } else {
          cell.append('–');
        }
        tr.append(cell);
      });
      rows.append(tr);
    }
    table.append(rows);
    section.append(table);
    for (const file of files.slice(1))
      if (!isComparable(file))
        section.append(element('p', {class: 'lede not-comparable'},
            `${file.label} is not compared with ${files[0].label}: ${file.comparison_to_first.reason}. ` +
            'No differences are shown between them.'));
    if (absent.length)
      section.append(element('p', {class: 'lede'}, 'Not applicable in these runs: ' + absent.join(', ') + '.'));
  }

  // ---- the policy comparison -------------------------------------------------------------------
  function comparisonChart() {
    if (files.length < 2 || !files.slice(1).some(isComparable)) return;
    const section = document.getElementById('comparison-section');
    const first = files[0];
    sectionHead(section, 'Policy comparison',
        `How each KPI of the other files differs from ${first.label}, as a share of its value. ` +
        'Bar: 95% interval of the difference (paired by replication only under common random numbers: both simulated ' +
        'with the same seed and replications; else unpaired); tick: the mean difference (alone when there is no interval, ' +
        'e.g. against one measured run). Files not comparable with the first (other share of the people, other window) ' +
        'have no bars. A bar that does not cross 0 is a significant difference. The table above has the values.');
    const names = data.kpis.map((k) => k.name).filter((name) => {
      const base = kpiMean(first, name);
      return base !== null && base !== 0 &&
          files.slice(1).some((f) => f.difference_to_first && f.difference_to_first[name] &&
                                     isNumber(f.difference_to_first[name].mean));
    });
    const limit = 300;  // percent: a few KPIs change by thousands; the table gives every value
    chartPanel(section, 'Difference to ' + first.label + ' (% of its mean)',
        `Bars beyond ±${limit} % are cut at the edge.`, () => {
          if (names.length === 0) return null;
          const datasets = files.slice(1).map((file, j) => ({file, i: j + 1})).filter(({file}) => isComparable(file))
              .map(({file, i}) => {
            const relative = (x, name) => (isNumber(x) ? (100 * x) / Math.abs(kpiMean(first, name)) : null);
            const diffs = names.map((name) => (file.difference_to_first || {})[name]);
            return {
              label: file.label,
              data: diffs.map((d, n) => (d && isNumber(d.half_width)
                  ? [relative(d.ci95[0], names[n]), relative(d.ci95[1], names[n])] : null)),
              means: diffs.map((d, n) => (d ? relative(d.mean, names[n]) : null)),
              differences: diffs,
              significant: diffs.map((d) => Boolean(d && d.significant)),
              backgroundColor: diffs.map((d) => fileColour(i) + (d && d.significant ? 'cc' : '55')),
              borderColor: fileColour(i),
              borderWidth: 1,
              borderSkipped: false,
            };
          });
          let lowest = 0, highest = 0;
          for (const d of datasets)
            for (const v of [...d.data.flat(), ...d.means]) if (isNumber(v)) lowest = Math.min(lowest, v), highest = Math.max(highest, v);
          return {
            type: 'bar',
            data: {labels: names, datasets},
            plugins: [meanTicks],
            options: {
              indexAxis: 'y',
              scales: {
                x: {title: {display: true, text: 'difference to ' + first.label + ' (% of its mean)'},
                    suggestedMin: Math.min(-10, lowest), suggestedMax: Math.max(10, highest),
                    min: lowest < -limit ? -limit : undefined, max: highest > limit ? limit : undefined,
                    ticks: {callback: (v) => v + ' %'}},
                y: {ticks: {autoSkip: false}},
              },
              plugins: {
                legend: {display: files.length > 2},
                tooltip: {callbacks: {label: (item) => {
                  const d = item.dataset.differences[item.dataIndex];
                  const name = names[item.dataIndex];
                  return `${item.dataset.label}: ${formatKpi(name, d.mean, true)} ${displayUnit(name)}` +
                      (isNumber(d.half_width) ? ` [${formatKpi(name, d.ci95[0], true)}, ${formatKpi(name, d.ci95[1], true)}]` : '');
                }}},
              },
            },
          };
        }, true);
  }

  // ---- time series -------------------------------------------------------------------------------
  const seriesSpecs = [
    {title: 'Offered load vs goodput', yTitle: 'requests per second',
     note: 'Offered: attempts reaching the server, 503s included. Goodput: useful answers received before the client timed out.',
     lines: [{column: 'offered', label: 'offered load', colour: '#7b8794', perSecond: true, fill: true},
             {column: 'goodput', label: 'goodput', colour: '#2b8a3e', perSecond: true}]},
    {title: 'Client-observed latency', yTitle: 'seconds',
     note: 'Median and 99th percentile of the useful answers received in each interval (503s and timeouts not), and the 99th percentile of every attempt that ended (503s included, a timeout counted at the client\'s timeout).',
     lines: [{column: 'latency_p50_s', label: 'p50 (useful answers)', colour: '#2f6fde'},
             {column: 'latency_p99_s', label: 'p99 (useful answers)', colour: '#c92a2a'},
             {column: 'attempt_latency_p99_s', label: 'p99 (every attempt)', colour: '#7b8794'}]},
    {title: 'Queue depth and requests in flight', yTitle: 'requests / clients',
     note: 'Levels at the end of each interval: waiting at the server, sent and not yet answered, held in the waiting room.',
     lines: [{column: 'queue_depth', label: 'queued at the server', colour: '#e8590c'},
             {column: 'in_flight', label: 'in flight', colour: '#7048e8'},
             {column: 'waiting_room', label: 'in the waiting room', colour: '#0b7285', onlyIfAny: true}]},
    {title: 'Slots left', yTitle: 'open slots',
     note: 'Open slots at all ports and dates at the end of each interval.',
     lines: [{column: 'slots_left', label: 'slots left', colour: '#1f2933', stepped: true, fill: true}]},
    {title: 'Timeouts, 503s and retries', yTitle: 'per second',
     note: 'Client timeouts (incl. lost requests), server refusals (503), automatic retries reaching the server, and attempts the client\'s adaptive throttle refused before sending.',
     lines: [{column: 'timeouts', label: 'timeouts', colour: '#e8590c', perSecond: true},
             {column: 'rejected', label: '503 refused', colour: '#c92a2a', perSecond: true},
             {column: 'retries', label: 'automatic retries', colour: '#7048e8', perSecond: true},
             {column: 'throttled', label: 'throttled by the client', colour: '#2b8a3e', perSecond: true, onlyIfAny: true}]},
  ];
  function seriesPoints(file, line) {
    const c = file.series.columns.indexOf(line.column);
    const width = file.series.interval_s > 0 ? file.series.interval_s : 1;
    return file.series.rows.map((row) => ({
      x: row[0],
      y: isNumber(row[c]) ? (line.perSecond ? row[c] / width : row[c]) : null,
    }));
  }
  // A line chart over time: x from min to max in ticks of `step` seconds, labelled on `file`'s clock;
  // frozen intervals shaded (`bands`); long series thinned by min-max decimation, peaks kept.
  function timeLineChart({datasets, file, xTitle, min, max, step, yTitle, suggestedMax, bands}) {
    return {
      type: 'line',
      data: {datasets},
      options: {
        parsing: false,
        normalized: true,
        interaction: {mode: 'nearest', axis: 'x', intersect: false},
        elements: {point: {radius: 0, hitRadius: 4}, line: {borderWidth: 1.6}},
        scales: {
          x: {type: 'linear', title: {display: true, text: xTitle}, min, max,
              ticks: {stepSize: step, callback: (v) => formatTime(file, v, step < 60)}},
          y: {beginAtZero: true, suggestedMax, title: {display: true, text: yTitle}},
        },
        plugins: {
          decimation: {enabled: true, algorithm: 'min-max'},
          frozenShading: {bands},
          legend: {position: 'bottom', labels: {boxWidth: 14}},
          tooltip: {callbacks: {title: (items) => formatTime(file, items[0].parsed.x, true),
                                label: (item) => `${item.dataset.label}: ${formatNumber(item.parsed.y)}`}},
        },
      },
    };
  }
  // A tick step in whole clock units (1 s ... 1 day) giving at most `most` ticks over the span.
  function clockStep(span, most) {
    const steps = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400];
    return steps.find((s) => span / s <= most) || 86400 * Math.ceil(span / (86400 * most));
  }
  function timeSeries() {
    const section = document.getElementById('time-section');
    sectionHead(section, 'Over time',
        (files.length > 1 ? 'One column per file, side by side. ' : '') +
        'Simulated series are those of the first replication; intervals with nothing happening are drawn as zero. ' +
        'Shaded red: frozen intervals (most attempts that ended failed at the server). A column a file does not ' +
        'measure is named under its chart, never drawn as zero.');
    for (const spec of seriesSpecs) {
      const points = files.map((file) => spec.lines.map((line) => seriesPoints(file, line)));
      // One vertical scale for the row, unless the files differ by more than 10x: then each its own,
      // or the smaller would be a flat line.
      const maxima = points.map((perFile) => perFile.reduce(
          (m, list) => list.reduce((mm, p) => (p.y !== null && p.y > mm ? p.y : mm), m), 0));
      const positive = maxima.filter((m) => m > 0);
      const shared = positive.length > 0 && Math.max(...positive) <= 10 * Math.min(...positive);
      section.append(element('h3', {class: 'row-title'}, spec.title +
          (files.length > 1 ? (shared ? ' (same scale in each column)' : ' (each column on its own scale)') : '')));
      const grid = element('div', {class: 'grid', style: `--columns: ${Math.min(files.length, 3)}`});
      section.append(grid);
      files.forEach((file, i) => {
        const absent = absentColumns(file);
        const missing = spec.lines.filter((line) => absent.has(line.column) || !file.series.columns.includes(line.column));
        const notMeasured = missing.length ? 'Not measured in this file: ' + missing.map((l) => l.label).join(', ') + '.' : '';
        const bands = fileFrozenBands(file);
        const note = [spec.note, notMeasured,
                      bands === null ? 'Frozen intervals are not recorded in this file.' : ''].filter(Boolean).join(' ');
        chartPanel(grid, file.label, note, () => {
          if (file.series.rows.length === 0) return null;
          if (missing.length === spec.lines.length) return notMeasured;
          const datasets = [];
          spec.lines.forEach((line, l) => {
            const data = points[i][l];
            if (missing.includes(line)) return;
            if (line.onlyIfAny && !data.some((p) => p.y)) return;
            datasets.push({label: line.label, data, borderColor: line.colour,
                           backgroundColor: line.colour + '22', fill: line.fill ? 'origin' : false,
                           stepped: line.stepped || false, spanGaps: false,
                           order: spec.lines.length - l});  // the first line listed lies under the others
          });
          if (!datasets.some((d) => d.data.some((p) => p.y !== null)))
            return 'Nothing to draw: no interval of this file has a value here.';
          const rows = file.series.rows;
          const first = rows[0][0], last = rows[rows.length - 1][0];
          const step = clockStep(Math.max(last - first, 1), 7);
          return timeLineChart({datasets, file, xTitle: timeAxisTitle(file), step, yTitle: spec.yTitle,
                                min: Math.floor(first / step) * step,
                                max: Math.max(Math.ceil(last / step), Math.floor(first / step) + 1) * step,
                                suggestedMax: shared ? Math.max(...positive) : undefined, bands: bands || []});
        });
      });
    }
  }

  // ---- groups ------------------------------------------------------------------------------------
  const dimensions = [
    {key: 'party_size', title: 'party size (people booking together)'},
    {key: 'device_class', title: 'device class'},
    {key: 'devices', title: 'phones per person'},
    {key: 'adversary', title: 'adversary (bots, Sybil registrations)'},
    {key: 'party_size_x_device_class', title: 'party size / device class (the fairness groups)'},
  ];
  function groupLabels(dimension) {
    const labels = [];
    for (const file of files)
      for (const g of file.groups) if (g.dimension === dimension && !labels.includes(g.label)) labels.push(g.label);
    const numeric = labels.every((l) => /^\d+$/.test(l));
    return numeric ? labels.sort((a, b) => Number(a) - Number(b)) : labels;
  }
  function groupChart(parent, dimension, measure) {
    const labels = groupLabels(dimension.key);
    const percent = measure.key === 'booking_probability';
    const scale = percent ? 100 : 1;
    const anyInterval = files.some((f) => f.groups.some((g) => g.dimension === dimension.key && g[measure.key] &&
                                                         isNumber(g[measure.key].half_width)));
    chartPanel(parent, `${measure.title} by ${dimension.title}`,
        anyInterval ? 'Bar: mean over replications; whisker: its 95% interval (cut at the top edge when it runs further).'
                    : 'One run each: no intervals.', () => {
          const datasets = files.map((file, i) => {
            const find = (label) => file.groups.find((g) => g.dimension === dimension.key && g.label === label);
            const estimates = labels.map((label) => (find(label) || {})[measure.key] || null);
            return {
              label: file.label,
              data: estimates.map((e) => (e && isNumber(e.mean) ? e.mean * scale : null)),
              intervals: estimates.map((e) => (e && isNumber(e.half_width) ? [e.ci95[0] * scale, e.ci95[1] * scale] : null)),
              people: labels.map((label) => (find(label) || {}).people),
              n: estimates.map((e) => (e ? e.n : 0)),
              backgroundColor: fileColour(i) + 'b3',
              borderColor: fileColour(i),
              borderWidth: 1,
            };
          });
          if (!datasets.some((d) => d.data.some((v) => v !== null))) return null;
          // Room for the whiskers, up to twice the tallest bar; longer ones run off the top.
          const tallest = Math.max(0, ...datasets.flatMap((d) => d.data.filter(isNumber)));
          const highest = Math.max(0, ...datasets.flatMap((d) => d.intervals.filter(Boolean).map((iv) => iv[1])));
          return {
            type: 'bar',
            data: {labels, datasets},
            plugins: [intervalWhiskers],
            options: {
              scales: {
                x: {title: {display: true, text: dimension.title}},
                y: {beginAtZero: true, suggestedMax: Math.min(highest, 2 * tallest),
                    title: {display: true, text: measure.yTitle}},
              },
              plugins: {
                legend: {display: files.length > 1, position: 'bottom'},
                tooltip: {callbacks: {label: (item) => {
                  const d = item.dataset;
                  const iv = d.intervals[item.dataIndex];
                  return `${d.label}: ${formatNumber(item.parsed.y)}${percent ? ' %' : ' days'}` +
                      (iv ? ` [${formatNumber(iv[0])}, ${formatNumber(iv[1])}]` : '') +
                      `, ${formatNumber(d.people[item.dataIndex])} people`;
                }}},
              },
            },
          };
        });
  }
  function groups() {
    const section = document.getElementById('group-section');
    const present = dimensions.filter((d) => files.some((f) => f.groups.some((g) => g.dimension === d.key)));
    sectionHead(section, 'Who gets an appointment',
        present.length
            ? 'Booking probability (booked / tried) and mean days from registration to booking, by group of the people who tried.'
            : 'No groups in these files: no people were modelled (background load only).');
    const measures = [
      {key: 'booking_probability', title: 'Booking probability', yTitle: 'booked / tried (%)'},
      {key: 'mean_days_waited', title: 'Mean days waited', yTitle: 'days waited'},
    ];
    for (const dimension of present) {
      const grid = element('div', {class: 'grid', style: '--columns: 2'});
      section.append(grid);
      for (const measure of measures) groupChart(grid, dimension, measure);
    }
  }

  // ---- the page ----------------------------------------------------------------------------------
  document.getElementById('subtitle').textContent = files.length
      ? `${files.length} results file${files.length > 1 ? 's' : ''}: ` + files.map((f) => f.label).join(' · ')
      : (data.sweeps || []).map((s) => `sweep of ${s.base}: ${s.points} points`).join(' · ');
  document.getElementById('about').textContent =
      'Written by slotrush report (docs/report.md). Charts drawn with Chart.js ' + Chart.version +
      ' (MIT licence), embedded in this page; the page loads nothing from the network. ' +
      'KPI definitions: docs/results-schema.md.';
  const steps = files.length ? [runCards, twins, sweeps, kpiTable, comparisonChart, timeSeries, groups] : [sweeps];
  for (const step of steps) {
    try {
      step();
    } catch (e) {
      window.recordReportError(step.name + ': ' + e.message);
    }
  }
  body.dataset.reportReady = '1';
})();
