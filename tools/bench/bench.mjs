// The figures of issue 7, measured on a release build in headless Chromium
// and natively, printed as one table and written to target/bench/latest.json.
//
//   node tools/bench/bench.mjs [--dist dist] [--port 0] [--out target/bench/latest.json]
//                              [--loads 5] [--moves 20] [--frame-seconds 5] [--engine-runs 3]
//                              [--workers on|off] [--only first-load,interaction,frames,engine,long-tasks]
//
// --workers off sets the page's switch (localStorage cachescope.workers=off)
// in every browser context, so Compare simulates on the main thread as it
// does where Web Workers cannot start: the same build measured both ways.
// --only runs some sections (the others print "skipped").
//
// `./x bench` builds the release and the native example first, then runs this.
// Every figure is measured in the page with the Performance API (marks,
// PerformanceObserver, requestAnimationFrame), never by the test driver's
// clock, so Playwright's own round trips do not inflate it. The page is
// served cross-origin isolated (tests/e2e/serve.mjs --isolate), so those
// timestamps have 5 µs resolution: at 100 µs a perfect 60 Hz frame reads
// 16.6, 16.7 or 16.8 ms, and the p95 of a run without one late frame could
// read 16.8. The engine figure runs the lanes on one worker, one after
// another, like the native run; the interaction figure uses the page as a
// visitor gets it (all its workers).
//
// Budgets are informational: a figure over its budget prints "over" and the
// command still succeeds. It exits non-zero only when it could not measure
// (no build, the server or the browser would not start, a step broke). A
// figure that depends on something the page does not have yet prints
// "n/a (why)" instead of a number.
//
// The page contract it relies on (src/compare/runner.rs):
//   - performance.mark('cachescope:report-drawn') each time Compare has drawn
//     a new comparison (lanes and charts);
//   - performance.mark('cachescope:sweep-done') when a sweep has finished;
//   - [data-testid="run-status"] with data-state ("done" when finished),
//     data-sim-ms, data-requests and data-lanes of the latest comparison;
//   - <html data-cachescope-runner> ("workers N" or "main thread: why") and
//     performance.mark('cachescope:worker-ready') as each lane worker starts;
//     the worker's files are named cachescope-worker* (not content-hashed).
// Where a piece is missing it falls back to what the DOM shows and says so.

import { spawn, execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, totalmem } from 'node:os';
import { dirname, join, resolve, extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { chromium } from '@playwright/test';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

// ---------------------------------------------------------------------------
// Arguments and budgets
// ---------------------------------------------------------------------------

const DEFAULTS = {
  dist: 'dist',
  port: '0',
  out: 'target/bench/latest.json',
  loads: '5',
  moves: '20',
  'frame-seconds': '5',
  'engine-runs': '3',
  workers: 'on',
  only: 'first-load,interaction,frames,engine,long-tasks',
};

const SECTIONS = ['first-load', 'interaction', 'frames', 'engine', 'long-tasks'];

function parseArgs(argv) {
  const opts = { ...DEFAULTS };
  for (let i = 0; i < argv.length; i++) {
    const key = argv[i].replace(/^--/, '');
    if (!argv[i].startsWith('--') || !(key in DEFAULTS) || i + 1 >= argv.length) {
      throw new Error(`bad argument ${JSON.stringify(argv[i])}; known: ${Object.keys(DEFAULTS).map((k) => `--${k}`).join(' ')}`);
    }
    opts[key] = argv[++i];
  }
  for (const k of ['port', 'loads', 'moves', 'frame-seconds', 'engine-runs']) {
    const n = Number(opts[k]);
    if (!Number.isInteger(n) || n < 0) throw new Error(`--${k} must be a whole number, not ${JSON.stringify(opts[k])}`);
    opts[k] = n;
  }
  // The issue's minimums: never report a median of fewer samples than asked.
  opts.loads = Math.max(opts.loads, 5);
  opts.moves = Math.max(opts.moves, 20);
  opts['frame-seconds'] = Math.max(opts['frame-seconds'], 5);
  opts['engine-runs'] = Math.max(opts['engine-runs'], 1);
  if (!['on', 'off'].includes(opts.workers)) throw new Error(`--workers must be on or off, not ${JSON.stringify(opts.workers)}`);
  opts.only = new Set(opts.only.split(',').map((x) => x.trim()).filter(Boolean));
  for (const x of opts.only) {
    if (!SECTIONS.includes(x)) throw new Error(`--only: unknown section ${JSON.stringify(x)}; known: ${SECTIONS.join(',')}`);
  }
  opts.dist = resolve(ROOT, opts.dist);
  opts.out = resolve(ROOT, opts.out);
  return opts;
}

/** The issue's budgets; `le` means the figure must be at most the limit. */
const BUDGETS = {
  firstLoadGzipKB: { limit: 250, unit: 'KB gzip', le: true },
  interactionP95Ms: { limit: 50, unit: 'ms', le: true },
  firstFeedbackP95Ms: { limit: 33, unit: 'ms', le: true },
  dragLongestTaskMs: { limit: 50, unit: 'ms', le: true },
  revisitP95Ms: { limit: 16.7, unit: 'ms', le: true },
  frameP95Ms: { limit: 16.7, unit: 'ms', le: true },
  wasmVsNative: { limit: 0.5, unit: '× native', le: false },
  longestTaskMs: { limit: 100, unit: 'ms', le: true },
};

/** A figure the harness could not produce because the page lacks something. */
class NotAvailable extends Error {}

// ---------------------------------------------------------------------------
// Small helpers
// ---------------------------------------------------------------------------

function quantile(values, q) {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  // Nearest rank: the smallest value with at least q of the samples at or below it.
  const rank = Math.max(1, Math.ceil(q * s.length));
  return s[rank - 1];
}
const median = (v) => quantile(v, 0.5);
const p95 = (v) => quantile(v, 0.95);
const round1 = (x) => (x == null ? null : Math.round(x * 10) / 10);

function freePort() {
  return new Promise((resolvePort, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolvePort(port));
    });
  });
}

async function startServer(dist, port) {
  // Cross-origin isolated (serve.mjs explains): timestamps to 5 µs, not 100.
  const child = spawn(process.execPath, [join(ROOT, 'tests/e2e/serve.mjs'), '--dist', dist, '--port', String(port), '--isolate', '1'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const base = `http://127.0.0.1:${port}/`;
  for (let i = 0; i < 100; i++) {
    if (child.exitCode != null) throw new Error(`the server exited: ${stderr.trim()}`);
    try {
      const r = await fetch(base);
      if (r.ok) return { child, base };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill();
  throw new Error(`the server did not answer at ${base} within 10 s`);
}

const gzipSize = (buf) => gzipSync(buf, { level: 9 }).length;

/** Compare's lane worker (crates/worker): its loader, glue and wasm. */
const isWorkerFile = (path) => /(^|\/)cachescope-worker[^/]*$/.test(path);

function kindOf(path) {
  if (isWorkerFile(path)) return 'worker';
  const ext = extname(path).toLowerCase();
  return { '.wasm': 'wasm', '.js': 'js', '.mjs': 'js', '.css': 'css', '.html': 'html' }[ext] ?? 'other';
}

// ---------------------------------------------------------------------------
// In-page instrumentation (runs before any of the page's own scripts)
// ---------------------------------------------------------------------------

// Records, relative to navigation start: when the first lane numbers reach
// the DOM, every long task, and every cachescope mark.
const INIT_SCRIPT = (workersSwitch) => {
  if (workersSwitch != null) {
    try {
      localStorage.setItem('cachescope.workers', workersSwitch);
    } catch {
      // no storage here: the page cannot start workers either
    }
  }
  const b = (window.__bench = { lanesAt: null, longTasks: [] });
  const seen = () => document.querySelector('[data-testid="lanes"] [data-value]');
  const mo = new MutationObserver(() => {
    if (b.lanesAt == null && seen()) {
      b.lanesAt = performance.now();
      mo.disconnect();
    }
  });
  mo.observe(document, { childList: true, subtree: true });
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) b.longTasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
    b.longTaskSupported = true;
  } catch {
    b.longTaskSupported = false;
  }
};

/** Every `cachescope:*` mark so far: [{name, startTime}]. */
async function marks(page) {
  return page.evaluate(() =>
    performance
      .getEntriesByType('mark')
      .filter((m) => m.name.startsWith('cachescope:'))
      .map((m) => ({ name: m.name, startTime: m.startTime })),
  );
}

/** The latest comparison's status, from the run-status element or, failing that, the timing line. */
async function runStatus(page) {
  return page.evaluate(() => {
    const el = document.querySelector('[data-testid="run-status"]');
    if (el) {
      const num = (k) => (el.dataset[k] == null || el.dataset[k] === '' ? null : Number(el.dataset[k]));
      return {
        source: 'run-status',
        state: el.dataset.state ?? null,
        simMs: num('simMs'),
        requests: num('requests'),
        lanes: num('lanes'),
      };
    }
    const t = document.querySelector('[data-testid="timing"]')?.textContent ?? '';
    const m = t.match(/(\d+) lanes × (\d+) requests simulated in (\d+(?:\.\d+)?) ms/);
    if (m) return { source: 'timing text', state: 'done', lanes: +m[1], requests: +m[2], simMs: +m[3] };
    return { source: 'timing text', state: /simulating/.test(t) ? 'simulating' : 'unknown', text: t };
  });
}

/** Waits until Compare shows a finished comparison of `requests` requests per lane. */
async function waitDone(page, requests, timeoutMs = 120_000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const s = await runStatus(page);
    if (s.state === 'done' && (requests == null || s.requests === requests)) return s;
    if (s.state === 'invalid') throw new Error(`Compare says the scenario is invalid (${JSON.stringify(s)})`);
    if (Date.now() > until) throw new Error(`Compare did not finish ${requests ?? ''} requests within ${timeoutMs / 1000} s: ${JSON.stringify(s)}`);
    await page.waitForTimeout(50);
  }
}

/** Sets the Requests knob through the UI (a number field: input, then change). */
async function setRequests(page, n) {
  const el = page.getByTestId('knob-requests');
  await el.waitFor();
  await el.fill(String(n));
  await el.dispatchEvent('change');
}

/** Opens Compare with `requests` per lane, through the URL if the page reads it there, else the knob. */
async function openCompare(page, base, requests) {
  await page.goto(`${base}?view=compare&requests=${requests}`);
  await page.getByTestId('view-compare').waitFor();
  const value = Number(await page.getByTestId('knob-requests').inputValue());
  if (value !== requests) await setRequests(page, requests);
  return waitDone(page, requests);
}

// ---------------------------------------------------------------------------
// The five measurements
// ---------------------------------------------------------------------------

/**
 * Chromium DevTools' "Fast 4G" throttling preset (9 Mb/s down, 1.5 Mb/s up,
 * 60 ms × 2.75 latency, throughputs × 0.9: the constants DevTools uses), applied
 * per page through the DevTools protocol.
 */
const FAST_4G = {
  name: 'Chromium DevTools "Fast 4G" (9 Mb/s down, 1.5 Mb/s up, 165 ms latency, × 0.9 throughput)',
  offline: false,
  latency: 60 * 2.75,
  downloadThroughput: ((9 * 1000 * 1000) / 8) * 0.9,
  uploadThroughput: ((1.5 * 1000 * 1000) / 8) * 0.9,
};

/** First contentful paint of the page, ms from navigation start (null if none). */
async function firstContentfulPaint(page) {
  return page.evaluate(() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null);
}

/**
 * First visits under Fast 4G: first contentful paint and first lane numbers
 * (medians of `loads` fresh contexts). Byte counts are the loopback pass's.
 */
async function measureFirstLoadThrottled(browser, base, loads, workersOff) {
  const fcp = [];
  const numbers = [];
  for (let i = 0; i < loads; i++) {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await ctx.newPage();
    await page.addInitScript(INIT_SCRIPT, workersOff ? 'off' : null);
    const cdp = await ctx.newCDPSession(page);
    await cdp.send('Network.enable');
    const { name: _name, ...conditions } = FAST_4G;
    await cdp.send('Network.emulateNetworkConditions', conditions);
    await page.goto(`${base}?view=compare`);
    await page.waitForFunction(() => window.__bench.lanesAt != null, null, { timeout: 120_000 });
    numbers.push(await page.evaluate(() => window.__bench.lanesAt));
    const f = await firstContentfulPaint(page);
    if (f != null) fcp.push(f);
    await ctx.close();
  }
  return {
    profile: FAST_4G.name,
    firstContentfulPaintMs: fcp.length ? { median: round1(median(fcp)), runs: fcp.map(round1) } : null,
    firstNumbersMs: { median: round1(median(numbers)), runs: numbers.map(round1) },
  };
}

async function measureFirstLoad(browser, base, dist, loads, workersOff) {
  const times = [];
  const markTimes = [];
  const workerReady = [];
  const fcp = [];
  let files = null;
  let runner = null;
  for (let i = 0; i < loads; i++) {
    // A fresh context: empty cache, as a first visit.
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await ctx.newPage();
    await page.addInitScript(INIT_SCRIPT, workersOff ? 'off' : null);
    // Every file and when it arrived (wall clock; requests of the page's
    // Web Workers are reported here too).
    const requested = [];
    page.on('requestfinished', (r) => requested.push({ url: r.url(), at: Date.now() }));
    await page.goto(`${base}?view=compare`);
    await page.waitForFunction(() => window.__bench.lanesAt != null, null, { timeout: 60_000 });
    const { lanesAt, origin } = await page.evaluate(() => ({ lanesAt: window.__bench.lanesAt, origin: performance.timeOrigin }));
    times.push(lanesAt);
    const paint = await firstContentfulPaint(page);
    if (paint != null) fcp.push(paint);
    const pageMarks = await marks(page);
    const first = pageMarks.find((m) => m.name === 'cachescope:report-drawn');
    if (first) markTimes.push(first.startTime);
    const ready = pageMarks.find((m) => m.name === 'cachescope:worker-ready');
    if (ready) workerReady.push(ready.startTime);
    if (files == null) {
      runner = await page.evaluate(() => document.documentElement.dataset.cachescopeRunner ?? null);
      // Let a worker that is still starting finish its downloads, so its
      // files are listed even when they came after the first numbers.
      await page.waitForTimeout(500);
      // What a first visit downloads: every file the page fetched, sized
      // from dist/ (raw and gzip -9); a file counts in "first load" when it
      // arrived before the first lane numbers were in the DOM.
      const byPath = new Map();
      for (const r of requested) {
        const p = new URL(r.url).pathname;
        if (!byPath.has(p) || byPath.get(p) > r.at) byPath.set(p, r.at);
      }
      files = [...byPath].map(([p, at]) => {
        const rel = decodeURIComponent(p === '/' ? '/index.html' : p.endsWith('/') ? `${p}index.html` : p).slice(1);
        const buf = readFileSync(join(dist, rel));
        return { file: rel, kind: kindOf(rel), raw: buf.length, gzip: gzipSize(buf), beforeFirstNumbers: at <= origin + lanesAt };
      });
    }
    await ctx.close();
  }
  const counted = files.filter((f) => f.beforeFirstNumbers);
  const kinds = {};
  for (const k of ['wasm', 'js', 'css', 'html', 'worker', 'other']) {
    const fs = counted.filter((f) => f.kind === k);
    if (fs.length) kinds[k] = { files: fs.length, raw: fs.reduce((a, f) => a + f.raw, 0), gzip: fs.reduce((a, f) => a + f.gzip, 0) };
  }
  const total = { raw: counted.reduce((a, f) => a + f.raw, 0), gzip: counted.reduce((a, f) => a + f.gzip, 0) };
  const workerFiles = files.filter((f) => f.kind === 'worker');
  const later = files.filter((f) => !f.beforeFirstNumbers);
  return {
    files,
    kinds,
    total,
    runner,
    worker: workerFiles.length
      ? {
          files: workerFiles.map((f) => f.file),
          raw: workerFiles.reduce((a, f) => a + f.raw, 0),
          gzip: workerFiles.reduce((a, f) => a + f.gzip, 0),
          counted: workerFiles.every((f) => f.beforeFirstNumbers),
        }
      : null,
    afterFirstNumbers: later.length ? { files: later.map((f) => f.file), gzip: later.reduce((a, f) => a + f.gzip, 0) } : null,
    interactiveMs: { median: round1(median(times)), runs: times.map(round1), source: 'first lane numbers in the DOM (MutationObserver)' },
    firstContentfulPaintMs: fcp.length ? { median: round1(median(fcp)), runs: fcp.map(round1) } : null,
    fast4g: await measureFirstLoadThrottled(browser, base, Math.min(loads, 3), workersOff),
    reportDrawnMs: markTimes.length ? { median: round1(median(markTimes)), runs: markTimes.map(round1) } : null,
    workerReadyMs: workerReady.length ? { median: round1(median(workerReady)), runs: workerReady.map(round1) } : null,
  };
}

async function measureInteraction(page, base, moves) {
  await openCompare(page, base, 100_000);
  const useMark = (await marks(page)).some((m) => m.name === 'cachescope:report-drawn');
  const slider = page.getByTestId('knob-read-ratio');
  if ((await slider.count()) === 0) throw new NotAvailable('no read-ratio slider on Compare');
  const moveTo = (value) =>
    page.evaluate(
      ({ value, useMark }) =>
        new Promise((resolveMove, reject) => {
          const el = document.querySelector('[data-testid="knob-read-ratio"]');
          const charts = document.querySelector('.charts__grid') ?? document.body;
          let t0 = 0;
          let mo = null;
          let obs = null;
          const timer = setTimeout(() => {
            obs?.disconnect();
            mo?.disconnect();
            reject(new Error(`no redraw within 60 s after moving the slider to ${value}`));
          }, 60_000);
          // First feedback: the first partial result or, for a run short
          // enough to finish in its first slice (or a revisit), the exact
          // report itself.
          let first = null;
          const finish = (t) => {
            clearTimeout(timer);
            obs?.disconnect();
            mo?.disconnect();
            resolveMove({ exact: t - t0, first: (first ?? t) - t0 });
          };
          if (useMark) {
            obs = new PerformanceObserver((list) => {
              for (const e of list.getEntries()) {
                if (e.startTime < t0) continue;
                if (e.name === 'cachescope:partial-drawn' && first == null) first = e.startTime;
                if (e.name === 'cachescope:report-drawn') return finish(e.startTime);
              }
            });
            obs.observe({ type: 'mark' });
          } else {
            // Fallback: the charts are replaced in one synchronous update
            // once the new report is in; the first mutation inside the chart
            // grid after the status says "done" is that redraw.
            mo = new MutationObserver(() => {
              const t = performance.now();
              const timing = document.querySelector('[data-testid="timing"]')?.textContent ?? '';
              if (/simulated in/.test(timing) && document.querySelector('.chart-svg svg')) finish(t);
            });
            mo.observe(charts, { childList: true, subtree: true, characterData: true });
          }
          t0 = performance.now();
          el.value = String(value);
          el.dispatchEvent(new Event('input', { bubbles: true }));
        }),
      { value, useMark },
    );
  const runner = await page.evaluate(() => document.documentElement.dataset.cachescopeRunner ?? 'unknown (the page does not say)');
  // One move to warm up (first-time code paths), not counted.
  await moveTo(0.5);
  const latencies = [];
  const firsts = [];
  for (let i = 1; i <= moves; i++) {
    const m = await moveTo(Math.round((0.5 + 0.01 * i) * 100) / 100);
    latencies.push(m.exact);
    firsts.push(m.first);
    await page.waitForTimeout(100);
  }
  // Back to values seen before: answered from the page's cache of exact
  // reports, no simulation.
  const revisits = [];
  for (let i = 1; i <= moves; i++) {
    revisits.push((await moveTo(Math.round((0.5 + 0.01 * (((i * 7) % moves) + 1)) * 100) / 100)).exact);
    await page.waitForTimeout(100);
  }
  const drag = await measureDrag(page);
  return {
    moves: latencies.length,
    medianMs: round1(median(latencies)),
    p95Ms: round1(p95(latencies)),
    firstFeedbackMedianMs: round1(median(firsts)),
    firstFeedbackP95Ms: round1(p95(firsts)),
    firstFeedbackRuns: firsts.map(round1),
    revisitMedianMs: round1(median(revisits)),
    revisitP95Ms: round1(p95(revisits)),
    revisitRuns: revisits.map(round1),
    drag,
    maxMs: round1(Math.max(...latencies)),
    runs: latencies.map(round1),
    runner,
    source: useMark ? 'cachescope:report-drawn mark' : 'DOM fallback (charts redrawn; the page sets no cachescope:report-drawn mark)',
  };
}

/**
 * A drag: 30 input events at 60 Hz on the read-ratio slider, to values not
 * seen before. An event got painted feedback when a partial result or an
 * exact report was drawn after it and before the next event (the last one:
 * before its exact report). Also the longest main-thread task meanwhile
 * (long tasks are those over 50 ms; `0` means none).
 */
async function measureDrag(page) {
  return page.evaluate(
    () =>
      new Promise((resolveDrag) => {
        const el = document.querySelector('[data-testid="knob-read-ratio"]');
        const EVENTS = 30;
        const sent = [];
        const drawn = [];
        let longest = 0;
        const long = new PerformanceObserver((list) => {
          for (const e of list.getEntries()) longest = Math.max(longest, e.duration);
        });
        long.observe({ type: 'longtask' });
        const done = () => {
          marks.disconnect();
          long.disconnect();
          const fed = sent.filter((t, i) => drawn.some((d) => d >= t && d < (sent[i + 1] ?? Infinity))).length;
          resolveDrag({ events: EVENTS, withFeedback: fed, longestTaskMs: Math.round(longest * 10) / 10, spanMs: Math.round(drawn[drawn.length - 1] - sent[0]) });
        };
        const marks = new PerformanceObserver((list) => {
          for (const e of list.getEntries()) {
            if (e.name !== 'cachescope:partial-drawn' && e.name !== 'cachescope:report-drawn') continue;
            drawn.push(e.startTime);
            if (e.name === 'cachescope:report-drawn' && sent.length === EVENTS && e.startTime >= sent[EVENTS - 1]) done();
          }
        });
        marks.observe({ type: 'mark' });
        const send = (i) => {
          // 0.10 to 0.39: none of them seen before (the moves used 0.5 up).
          el.value = String(Math.round((0.1 + 0.01 * i) * 100) / 100);
          sent.push(performance.now());
          el.dispatchEvent(new Event('input', { bubbles: true }));
          if (i + 1 < EVENTS) setTimeout(() => send(i + 1), 1000 / 60);
        };
        send(0);
      }),
  );
}

async function measureFrames(page, base, seconds) {
  await page.goto(`${base}?view=lab`);
  const speed = page.getByRole('slider', { name: /Playback speed/ });
  await speed.waitFor();
  const max = (await speed.getAttribute('max')) ?? '2';
  await speed.fill(max);
  const speedLabel = (await page.getByTestId('speed').textContent())?.trim();
  const play = page.getByTestId('play');
  await play.click();
  // rAF intervals while playing, measured in the page; an interval counts
  // only if the Lab was playing at both of its ends.
  await page.evaluate(() => {
    const f = (window.__frames = { intervals: [], last: null, stop: false });
    const playing = () => document.querySelector('[data-testid="play"]')?.getAttribute('aria-pressed') === 'true';
    const tick = (t) => {
      if (f.stop) return;
      const p = playing();
      if (p && f.last != null) f.intervals.push(t - f.last);
      f.last = p ? t : null;
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  let restarts = 0;
  const wantMs = seconds * 1000;
  const deadline = Date.now() + wantMs * 4 + 30_000;
  for (;;) {
    const total = await page.evaluate(() => window.__frames.intervals.reduce((a, b) => a + b, 0));
    if (total >= wantMs) break;
    if (Date.now() > deadline) throw new Error(`only ${Math.round(total)} ms of playing frames in ${(wantMs * 4 + 30_000) / 1000} s`);
    if ((await play.getAttribute('aria-pressed')) !== 'true') {
      // The run ended: start it again and keep measuring.
      restarts++;
      await page.getByTestId('restart').click();
      if ((await play.getAttribute('aria-pressed')) !== 'true') await play.click();
    }
    await page.waitForTimeout(200);
  }
  const intervals = await page.evaluate(() => {
    window.__frames.stop = true;
    return window.__frames.intervals;
  });
  const isolated = await page.evaluate(() => self.crossOriginIsolated === true);
  return {
    speed: speedLabel,
    // Chromium's timestamp resolution: 5 µs when isolated, else 100 µs.
    timestampResolutionMs: isolated ? 0.005 : 0.1,
    frames: intervals.length,
    dropped: intervals.filter((x) => x > 1.5 * median(intervals)).length,
    seconds: round1(intervals.reduce((a, b) => a + b, 0) / 1000),
    medianMs: round1(median(intervals)),
    p95Ms: round1(p95(intervals)),
    maxMs: round1(Math.max(...intervals)),
    restarts,
  };
}

async function measureEngineBrowser(page, base, requests, runs) {
  await openCompare(page, base, requests);
  const samples = [];
  for (let i = 0; i < runs; i++) {
    if (i > 0) {
      // Re-run the same work: another seed (the page answers a scenario it
      // has seen from its cache of exact reports, without simulating).
      const seed = page.getByTestId('knob-seed');
      await seed.fill(String(1000 + i));
      await seed.dispatchEvent('change');
    }
    const s = await waitDone(page, requests);
    if (s.simMs == null || s.lanes == null) throw new NotAvailable('Compare shows no simulation time');
    samples.push(s);
  }
  const best = samples.reduce((a, b) => (b.simMs < a.simMs ? b : a));
  return {
    runner: await page.evaluate(() => document.documentElement.dataset.cachescopeRunner ?? null),
    requests,
    lanes: best.lanes,
    runsMs: samples.map((s) => s.simMs),
    bestMs: best.simMs,
    requestsPerSec: Math.round((best.requests * best.lanes) / (best.simMs / 1000)),
    source: best.source,
  };
}

function measureEngineNative(requests, runs, scenarioOut) {
  const args = ['run', '--quiet', '--profile', 'native', '--example', 'compare_speed', '-p', 'cachescope-sim', '--'];
  args.push('--requests', String(requests), '--runs', String(runs), '--write-scenario', scenarioOut);
  const out = execFileSync('cargo', args, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  const r = JSON.parse(out.trim().split('\n').pop());
  return { requests: r.requests, lanes: r.lanes, runsMs: r.runs_ms, bestMs: r.best_ms, requestsPerSec: r.requests_per_sec };
}

async function measureLongTasks(page, base) {
  await page.goto(`${base}?view=compare`);
  const supported = await page.evaluate(() => window.__bench?.longTaskSupported);
  if (!supported) throw new NotAvailable('this Chromium reports no longtask entries');
  const knob = page.getByTestId('knob-requests');
  await knob.waitFor();
  const max = Number(await knob.getAttribute('max'));
  await waitDone(page, null);
  // The largest request count the UI allows; the re-simulation it starts is
  // itself measured, as a second figure.
  const t0 = await page.evaluate(() => performance.now());
  await setRequests(page, max);
  await waitDone(page, max, 300_000);
  const t1 = await page.evaluate(() => performance.now());
  const sweepRun = page.getByTestId('sweep-run');
  if ((await sweepRun.count()) === 0) throw new NotAvailable('no sweep panel on Compare');
  // A sweep may have started by itself on the new report: cancel it, so the
  // measured window holds exactly one full sweep.
  const cancel = page.getByTestId('sweep-cancel');
  if ((await cancel.count()) && (await cancel.isEnabled())) await cancel.click();
  await page.waitForFunction(() => !document.querySelector('[data-testid="sweep-run"]').disabled, null, { timeout: 60_000 });
  const t2 = await page.evaluate(() => performance.now());
  await sweepRun.click();
  // Done when the page marks it (cachescope:sweep-done after t2) or, on a
  // page without that mark, when the sweep has run (Run is disabled while it
  // does) and its chart is drawn again.
  const done = await page.waitForFunction(
    (t) => {
      const s = (window.__sweep ??= { sawRunning: false, total: null });
      const mark = performance.getEntriesByName('cachescope:sweep-done').find((m) => m.startTime > t);
      const progress = document.querySelector('[data-testid="sweep-progress"]');
      if (progress) {
        // "3 of 40 runs" next to the bar (the bar itself counts per mille).
        const m = progress.parentElement?.textContent?.match(/of (\d+) runs/);
        if (m) s.total = Number(m[1]);
        s.sawRunning = true;
      }
      if (document.querySelector('[data-testid="sweep-run"]')?.disabled) s.sawRunning = true;
      if (mark) return { at: mark.startTime, source: 'cachescope:sweep-done mark', total: s.total };
      const drawn = !!document.querySelector('[data-testid="chart-sweep"] svg');
      const idle = !document.querySelector('[data-testid="sweep-run"]')?.disabled;
      if (s.sawRunning && drawn && idle) {
        return { at: performance.now(), source: 'DOM fallback (sweep chart drawn again; no cachescope:sweep-done mark)', total: s.total };
      }
      return null;
    },
    t2,
    { timeout: 600_000, polling: 'raf' },
  );
  let { at: t3, source, total } = await done.jsonValue();
  // The DOM can show the finished sweep a moment before the page sets its
  // mark; when the mark does come, it is the figure.
  const late = await page
    .waitForFunction((t) => performance.getEntriesByName('cachescope:sweep-done').find((m) => m.startTime > t)?.startTime, t2, {
      timeout: 2_000,
    })
    .then((h) => h.jsonValue())
    .catch(() => null);
  if (late != null && !/mark/.test(source)) {
    t3 = late;
    source = 'cachescope:sweep-done mark';
  }
  const tasks = await page.evaluate(() => window.__bench.longTasks);
  const longest = (a, b) => tasks.filter((x) => x.start >= a && x.start <= b).reduce((m, x) => Math.max(m, x.duration), 0);
  const inSweep = tasks.filter((x) => x.start >= t2 && x.start <= t3);
  return {
    requests: max,
    sweepMs: round1(t3 - t2),
    sweepLongestMs: round1(longest(t2, t3)),
    sweepLongTasks: inSweep.length,
    resimLongestMs: round1(longest(t0, t1)),
    sweepPieces: Number.isFinite(total) ? total : null,
    source,
  };
}

// ---------------------------------------------------------------------------
// Report
// ---------------------------------------------------------------------------

function verdict(key, value) {
  if (value == null) return '';
  const b = BUDGETS[key];
  const ok = b.le ? value <= b.limit : value >= b.limit;
  return ok ? 'met' : 'over';
}

function budgetText(key) {
  const b = BUDGETS[key];
  return `${b.le ? '≤' : '≥'} ${b.limit} ${b.unit}`;
}

const kb = (n) => (n / 1024).toFixed(1);

function printReport(r) {
  const lines = [];
  const row = (name, value, budget = '', status = '') =>
    lines.push(`  ${name.padEnd(38)} ${String(value).padStart(24)}   ${budget.padEnd(16)} ${status}`);
  const head = (t) => lines.push('', t);
  const na = (section) => `n/a (${section.error})`;
  lines.push(`cachescope bench · ${r.when} · ${r.machine.cpu} ×${r.machine.cores} · ${r.machine.chromium}`);
  if (r.machine.loadAverageAtStart) lines.push(`  load average at start: ${r.machine.loadAverageAtStart} (timings rise with it)`);
  if (r.workers === 'off') lines.push('  --workers off: Compare simulated on the main thread (localStorage cachescope.workers=off)');
  lines.push(`  ${'figure'.padEnd(38)} ${'value'.padStart(24)}   ${'budget'.padEnd(16)} status`);

  head('First load (?view=compare, loopback, fresh context each time)');
  const fl = r.firstLoad;
  if (fl.error) row('first load', na(fl));
  else {
    for (const [k, v] of Object.entries(fl.kinds)) {
      row(`${k} (${v.files} file${v.files > 1 ? 's' : ''}) raw / gzip KB`, `${kb(v.raw)} / ${kb(v.gzip)}`);
    }
    row('total raw / gzip KB', `${kb(fl.total.raw)} / ${kb(fl.total.gzip)}`, budgetText('firstLoadGzipKB'), verdict('firstLoadGzipKB', fl.total.gzip / 1024));
    if (fl.worker) {
      row('  of which lane worker raw / gzip KB', `${kb(fl.worker.raw)} / ${kb(fl.worker.gzip)}`);
      lines.push(
        `    (lane worker: ${fl.worker.files.join(', ')}; ${fl.worker.counted ? 'counted: fetched before the first lane numbers, which it computes' : 'not counted: fetched after the first lane numbers'})`,
      );
    } else {
      lines.push(`    (no lane worker fetched: ${fl.runner ?? 'the page does not say why'})`);
    }
    if (fl.afterFirstNumbers) lines.push(`    (fetched after the first numbers, not counted: ${fl.afterFirstNumbers.files.join(', ')})`);
    row(`to interactive, median of ${fl.interactiveMs.runs.length} (ms)`, fl.interactiveMs.median);
    if (fl.firstContentfulPaintMs) row('  first contentful paint (ms)', fl.firstContentfulPaintMs.median);
    if (fl.fast4g) {
      lines.push(`    Fast 4G: ${fl.fast4g.profile}`);
      if (fl.fast4g.firstContentfulPaintMs) row(`  Fast 4G first contentful paint, median of ${fl.fast4g.firstContentfulPaintMs.runs.length} (ms)`, fl.fast4g.firstContentfulPaintMs.median);
      row(`  Fast 4G first lane numbers, median of ${fl.fast4g.firstNumbersMs.runs.length} (ms)`, fl.fast4g.firstNumbersMs.median);
    }
    if (fl.reportDrawnMs) row('  first cachescope:report-drawn (ms)', fl.reportDrawnMs.median);
    if (fl.workerReadyMs) row('  first lane worker ready (ms)', fl.workerReadyMs.median);
  }

  head('Interaction latency (Compare, 5 lanes + baseline × 100 000 requests, read-ratio slider)');
  const it = r.interaction;
  if (it.error) row('slider → redrawn', na(it));
  else {
    row(`median of ${it.moves} moves (ms)`, it.medianMs);
    row('p95 (ms)', it.p95Ms, budgetText('interactionP95Ms'), verdict('interactionP95Ms', it.p95Ms));
    if (it.firstFeedbackP95Ms != null) {
      row(`first feedback (partial result), median of ${it.firstFeedbackRuns.length} (ms)`, it.firstFeedbackMedianMs);
      row('first feedback, p95 (ms)', it.firstFeedbackP95Ms, budgetText('firstFeedbackP95Ms'), verdict('firstFeedbackP95Ms', it.firstFeedbackP95Ms));
    }
    if (it.drag) {
      row(`drag: events with painted feedback (of ${it.drag.events} at 60 Hz)`, it.drag.withFeedback);
      row('drag: longest main-thread task (ms, 0 = none over 50)', it.drag.longestTaskMs, budgetText('dragLongestTaskMs'), verdict('dragLongestTaskMs', it.drag.longestTaskMs));
    }
    if (it.revisitP95Ms != null) {
      row(`back to a value seen before, median of ${it.revisitRuns.length} (ms)`, it.revisitMedianMs);
      row('back to a value seen before, p95 (ms)', it.revisitP95Ms, budgetText('revisitP95Ms'), verdict('revisitP95Ms', it.revisitP95Ms));
    }
    lines.push(`    (measured by: ${it.source}; simulated by: ${it.runner})`);
  }

  head('Frame time (Lab at its highest speed, playing)');
  const fr = r.frames;
  if (fr.error) row('frame interval', na(fr));
  else {
    row(`median over ${fr.seconds} s at ${fr.speed} (ms)`, fr.medianMs);
    row(`p95 of ${fr.frames} frames (ms)`, fr.p95Ms, budgetText('frameP95Ms'), verdict('frameP95Ms', fr.p95Ms));
    row(`  frames over 1.5 × the median (dropped)`, fr.dropped);
    lines.push(`    (timestamps to ${fr.timestampResolutionMs * 1000} µs; longest interval ${fr.maxMs} ms)`);
  }

  head(`Engine speed (${r.engine.scenario ?? 'default preset'})`);
  const en = r.engine;
  if (en.browser?.runner) lines.push(`  in the browser: ${en.browser.runner}, lanes one after another (as natively)`);
  if (en.browser?.error) row('WASM (browser)', na(en.browser));
  else row(`WASM, best of ${en.browser.runsMs.length} (requests/s)`, en.browser.requestsPerSec.toLocaleString('en'));
  if (en.native?.error) row('native', na(en.native));
  else row(`native, best of ${en.native.runsMs.length} (requests/s)`, en.native.requestsPerSec.toLocaleString('en'));
  if (en.ratio != null) row('WASM / native', `${en.ratio.toFixed(2)}×`, budgetText('wasmVsNative'), verdict('wasmVsNative', en.ratio));

  head('Long tasks (Compare at the largest request count, one full sweep)');
  const lt = r.longTasks;
  if (lt.error) row('longest task', na(lt));
  else {
    row(`longest task in the sweep (ms)`, lt.sweepLongestMs, budgetText('longestTaskMs'), verdict('longestTaskMs', lt.sweepLongestMs));
    row(`  sweep: ${lt.sweepPieces ?? '?'} runs × ${lt.requests} req, took (ms)`, lt.sweepMs);
    row(`  tasks over 50 ms in the sweep`, lt.sweepLongTasks);
    row(`  longest task re-simulating ${lt.requests} (ms)`, lt.resimLongestMs, budgetText('longestTaskMs'), verdict('longestTaskMs', lt.resimLongestMs));
    lines.push(`    (sweep end: ${lt.source})`);
  }
  lines.push('', `Figures as JSON: ${r.out}`);
  console.log(lines.join('\n'));
}

// ---------------------------------------------------------------------------
// Main
// ---------------------------------------------------------------------------

async function section(name, fn) {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof NotAvailable) return { error: e.message, missingFeature: true };
    console.error(`bench: ${name} failed: ${e.stack ?? e}`);
    return { error: `${name} failed: ${String(e.message ?? e).split('\n')[0]}`, missingFeature: false };
  }
}

async function main() {
  let opts;
  try {
    opts = parseArgs(process.argv.slice(2));
  } catch (e) {
    console.error(`bench: ${e.message}`);
    process.exit(2);
  }
  try {
    statSync(join(opts.dist, 'index.html'));
  } catch {
    console.error(`bench: ${opts.dist}/index.html is missing: build first (./x bench does)`);
    process.exit(1);
  }
  const executablePath = process.env.CHROMIUM ?? '/usr/bin/chromium';
  const port = opts.port || (await freePort());
  const { child, base } = await startServer(opts.dist, port);
  const browser = await chromium.launch({
    executablePath,
    // The flags of playwright.config.ts.
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  const requests = 100_000;
  const report = {
    when: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    machine: {
      cpu: cpus()[0]?.model?.replace(/\s+/g, ' ').trim() ?? 'unknown CPU',
      cores: cpus().length,
      memoryGB: Math.round(totalmem() / 2 ** 30),
      node: process.version,
      chromium: `Chromium ${browser.version()}`,
      loadAverageAtStart: null,
    },
    dist: opts.dist,
    out: opts.out,
    budgets: BUDGETS,
  };
  try {
    report.machine.loadAverageAtStart = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  } catch {
    // not Linux
  }
  const workersOff = opts.workers === 'off';
  report.workers = opts.workers;
  const withPage = async (fn, workersSwitch = workersOff ? 'off' : null) => {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await ctx.newPage();
    await page.addInitScript(INIT_SCRIPT, workersSwitch);
    try {
      return await fn(page);
    } finally {
      await ctx.close();
    }
  };
  const skipped = { error: 'skipped (--only)', missingFeature: true };
  const want = (name) => opts.only.has(name);
  try {
    console.error('bench: first load…');
    report.firstLoad = want('first-load')
      ? await section('first load', () => measureFirstLoad(browser, base, opts.dist, opts.loads, workersOff))
      : skipped;
    console.error('bench: interaction latency…');
    report.interaction = want('interaction') ? await section('interaction', () => withPage((p) => measureInteraction(p, base, opts.moves))) : skipped;
    console.error('bench: frame time…');
    report.frames = want('frames') ? await section('frame time', () => withPage((p) => measureFrames(p, base, opts['frame-seconds']))) : skipped;
    console.error('bench: engine speed (browser, then native)…');
    const scenarioOut = join(dirname(opts.out), 'scenario.json');
    mkdirSync(dirname(opts.out), { recursive: true });
    // One worker runs the lanes one after another, as the native run does:
    // two workers on a 2-core machine would share the cores with the page
    // and the browser, and measure contention rather than the engine.
    const engineSwitch = workersOff ? 'off' : '1';
    const browserEngine = want('engine')
      ? await section('engine (browser)', () => withPage((p) => measureEngineBrowser(p, base, requests, opts['engine-runs']), engineSwitch))
      : skipped;
    const nativeEngine = want('engine') ? await section('engine (native)', () => measureEngineNative(requests, opts['engine-runs'], scenarioOut)) : skipped;
    report.engine = {
      scenario: `default preset, ${requests.toLocaleString('en')} requests per lane: ${scenarioOut.replace(`${ROOT}/`, '')}`,
      browser: browserEngine,
      native: nativeEngine,
      ratio:
        browserEngine.requestsPerSec && nativeEngine.requestsPerSec
          ? Math.round((browserEngine.requestsPerSec / nativeEngine.requestsPerSec) * 100) / 100
          : null,
    };
    console.error('bench: long tasks during a sweep…');
    report.longTasks = want('long-tasks') ? await section('long tasks', () => withPage((p) => measureLongTasks(p, base))) : skipped;
  } finally {
    await browser.close();
    child.kill();
  }
  writeFileSync(opts.out, `${JSON.stringify(report, null, 2)}\n`);
  printReport(report);
  const broken = [report.firstLoad, report.interaction, report.frames, report.engine.browser, report.engine.native, report.longTasks].filter(
    (s) => s?.error && !s.missingFeature,
  );
  if (broken.length) {
    console.error(`bench: ${broken.length} figure(s) could not be measured (above)`);
    process.exit(1);
  }
}

main().catch((e) => {
  console.error(`bench: ${e.stack ?? e}`);
  process.exit(1);
});
