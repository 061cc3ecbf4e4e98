// The Compare and Choose views on the release build: the checks on
// the presets, every chart an <svg> naming the five strategies, the page's
// numbers equal to the CLI's `compare` output, knobs that re-simulate without
// a reload, hover values, and Choose's "show me".
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type AppPage } from './app';
import type { Locator, Page } from '@playwright/test';

const STRATEGIES = [
  { id: 'cache-aside', label: 'Cache-aside' },
  { id: 'read-through', label: 'Read-through' },
  { id: 'write-through', label: 'Write-through' },
  { id: 'write-back', label: 'Write-back' },
  { id: 'write-around', label: 'Write-around' },
] as const;

/** The figures of a lane card, by metric test id, as exact numbers. */
async function lane(page: Page, id: string, metric: string): Promise<number> {
  const v = await page.getByTestId(`lane-${id}`).getByTestId(metric).getAttribute('data-value');
  expect(v, `lane-${id} ${metric}`).not.toBeNull();
  return Number(v);
}

/**
 * A lane figure once the run behind it is whole: NaN while the lanes still
 * show a partial report (on a loaded machine the first poll after a knob
 * change can land on one).
 */
async function settledLane(page: Page, id: string, metric: string): Promise<number> {
  const state = await page.getByTestId('run-status').getAttribute('data-state');
  const busy = await page.getByTestId('lanes').getAttribute('aria-busy');
  if (state !== 'done' || busy !== null) return NaN;
  return lane(page, id, metric);
}

/** Opens Compare on a preset and waits for the lanes. */
async function openPreset(app: AppPage, page: Page, preset: string): Promise<void> {
  await app.open(`/?view=compare&preset=${preset}`);
  await expect(page.getByTestId('lane-write-back')).toBeVisible({ timeout: 20_000 });
  await expect(page.getByTestId('timing')).toContainText('simulated in');
}

async function expectChart(chart: Locator): Promise<void> {
  const svg = chart.locator('svg');
  await expect(svg).toHaveCount(1, { timeout: 30_000 });
  await expect(svg).toHaveAttribute('role', 'img');
  const text = (await svg.textContent()) ?? '';
  for (const s of STRATEGIES) expect(text, `${await chart.getAttribute('data-testid')}`).toContain(s.label);
}

test('wallet: write-through loses no write and serves no stale read', async ({ app, page }) => {
  await openPreset(app, page, 'wallet');
  expect(await lane(page, 'write-through', 'lost-writes')).toBe(0);
  expect(await lane(page, 'write-through', 'stale-reads')).toBe(0);
  // ...and the preset is not rigged: others do pay.
  expect(await lane(page, 'write-back', 'lost-writes')).toBeGreaterThan(0);
  await expect(page.getByTestId('preset-verdict')).toContainText('It wins in the numbers');
});

test('the no-cache baseline never reports a stale read; a cache can', async ({ app, page }) => {
  // A read the database answers returns what the database holds, so only a
  // cache can be stale (readers took the baseline's old non-zero count for a bug).
  for (const preset of ['counters', 'wallet']) {
    await openPreset(app, page, preset);
    expect(await lane(page, 'no-cache', 'stale-reads'), preset).toBe(0);
    expect(await lane(page, 'cache-aside', 'stale-reads'), preset).toBeGreaterThan(0);
  }
});

test('counters with a crash: write-back has the fastest writes and loses some', async ({ app, page }) => {
  await openPreset(app, page, 'counters');
  await expect(page.getByTestId('knobs-reset')).toBeDisabled();
  await expect(page.getByTestId('event-0')).toBeChecked(); // the crash
  const wbP50 = await lane(page, 'write-back', 'write-p50');
  const wbP99 = await lane(page, 'write-back', 'write-p99');
  for (const s of STRATEGIES.filter((s) => s.id !== 'write-back')) {
    expect(wbP50).toBeLessThan(await lane(page, s.id, 'write-p50'));
    expect(wbP99).toBeLessThan(await lane(page, s.id, 'write-p99'));
  }
  expect(await lane(page, 'write-back', 'lost-writes')).toBeGreaterThan(0);
});

test('etl: write-around pollutes the cache less than write-through', async ({ app, page }) => {
  await openPreset(app, page, 'etl');
  expect(await lane(page, 'write-around', 'pollution')).toBeLessThan(
    await lane(page, 'write-through', 'pollution'),
  );
});

test('a knob move keeps the last sweep on screen, dimmed, and the sweep panel keeps its height', async ({ app, page }) => {
  test.setTimeout(120_000);
  await openPreset(app, page, 'catalog');
  const sweep = page.getByTestId('chart-sweep');
  await expect(sweep.locator('svg')).toHaveCount(1, { timeout: 60_000 });
  await expect(sweep).not.toHaveClass(/sweep__chart--stale/);
  // Every frame from the move until the new sweep is drawn: the panel's
  // height, whether a chart is shown, and whether it is marked stale.
  const frames = await page.evaluate(
    () =>
      new Promise<{ height: number; chart: boolean; stale: boolean }[]>((resolve) => {
        const panel = document.querySelector('[data-testid="chart-sweep"]')!.closest('section')!;
        const figure = () => document.querySelector('[data-testid="chart-sweep"]')!;
        const out: { height: number; chart: boolean; stale: boolean }[] = [];
        const knob = document.querySelector<HTMLInputElement>('[data-testid="knob-read-ratio"]')!;
        knob.value = knob.value === '0.7' ? '0.75' : '0.7';
        knob.dispatchEvent(new Event('input', { bubbles: true }));
        const tick = () => {
          const stale = figure().classList.contains('sweep__chart--stale');
          out.push({ height: Math.round(panel.getBoundingClientRect().height), chart: !!figure().querySelector('svg'), stale });
          if ((out.some((f) => f.stale) && !stale) || out.length > 3000) resolve(out);
          else requestAnimationFrame(tick);
        };
        requestAnimationFrame(tick);
      }),
  );
  expect(frames.some((f) => f.stale), 'the old chart is marked stale while the new sweep runs').toBe(true);
  expect(frames.every((f) => f.chart), 'a chart is on screen in every frame').toBe(true);
  expect(new Set(frames.map((f) => f.height)).size, `panel heights ${[...new Set(frames.map((f) => f.height))]}`).toBe(1);
  await expect(page.getByTestId('sweep-progress')).toHaveCount(0);
});

test('the lane cards are on screen before the first numbers, so nothing moves when they come', async ({ app, page }) => {
  test.setTimeout(120_000);
  // A first comparison big enough to wait for a worker.
  await page.addInitScript(() => localStorage.setItem('cachescope.workers', '1'));
  // The cards as they are when they first appear, read in the page in one
  // go: the faster engine can finish before a test driver round trip, so
  // polling for "…" from outside raced the first report.
  await page.addInitScript(() => {
    const first: Record<string, unknown> = {};
    (window as unknown as { firstLanes: Record<string, unknown> }).firstLanes = first;
    new MutationObserver((_, observer) => {
      const lanes = document.querySelector('[data-testid="lanes"]');
      const hit = document.querySelector('[data-testid="lane-write-back"] [data-testid="hit-ratio"]');
      if (!lanes || !hit) return;
      observer.disconnect();
      Object.assign(first, {
        busy: lanes.getAttribute('aria-busy'),
        cards: lanes.querySelectorAll('article').length,
        hit: hit.textContent,
        y: lanes.getBoundingClientRect().top + window.scrollY,
      });
    }).observe(document, { childList: true, subtree: true });
  });
  await app.open('/?view=compare&requests=200000');
  const lanes = page.getByTestId('lanes');
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-state', 'done', { timeout: 90_000 });
  const first = await page.evaluate(() => (window as unknown as { firstLanes: Record<string, unknown> }).firstLanes);
  expect(first).toMatchObject({ busy: 'true', cards: 6, hit: '…' });
  await expect(lanes).not.toHaveAttribute('aria-busy', /.*/);
  await expect(page.getByTestId('lane-write-back').getByTestId('hit-ratio')).toHaveAttribute('data-value', /^0\.\d+$/);
  const after = await lanes.evaluate((el) => el.getBoundingClientRect().top + window.scrollY);
  expect(after).toBe(first.y);
});

test('every chart is an svg naming the five strategies', async ({ app, page }) => {
  await openPreset(app, page, 'catalog');
  for (const id of ['chart-tradeoff', 'chart-before-after', 'chart-bars', 'chart-timeseries']) {
    await expectChart(page.getByTestId(id));
  }
  // The sweep runs in pieces with a progress bar, then draws.
  await expectChart(page.getByTestId('chart-sweep'));
  await expect(page.getByTestId('sweep-progress')).toHaveCount(0);
});

// Each fixture is `cachescope compare --format json` on what the link opens
// (regeneration: src/compare/mod.rs; etl-s3fifo: crates/cli/tests/cli.rs).
const FIXTURES = [
  { name: 'wallet', link: 'wallet' },
  { name: 'counters', link: 'counters' },
  { name: 'etl-s3fifo', link: 'etl&eviction=s3fifo' },
];
for (const { name, link } of FIXTURES) {
  test(`the ${name} numbers equal the CLI's compare output`, async ({ app, page }) => {
    const cli = JSON.parse(
      readFileSync(join(process.cwd(), 'tests', 'fixtures', `${name}.compare.json`), 'utf8'),
    );
    await openPreset(app, page, link);
    for (const l of cli.lanes) {
      const expected: Record<string, number> = {
        'hit-ratio': l.hit_ratio,
        'read-p50': l.read_latency.p50_us,
        'read-p99': l.read_latency.p99_us,
        'write-p50': l.write_latency.p50_us,
        'write-p99': l.write_latency.p99_us,
        'db-reads': l.db_reads,
        'db-writes': l.db_writes,
        'stale-reads': l.stale_reads,
        'lost-writes': l.lost_writes,
        'failed-requests': l.failed_reads + l.failed_writes,
        pollution: l.pollution,
        'late-fills': l.late_fills,
        'db-read-peak': l.db_read_peak_per_sec,
      };
      for (const [metric, want] of Object.entries(expected)) {
        expect(await lane(page, l.strategy, metric), `${l.strategy} ${metric}`).toBe(want);
      }
    }
  });
}

test('the sweep over eviction policies draws one point per policy for every strategy', async ({ app, page }) => {
  await openPreset(app, page, 'etl');
  await expect(page.getByTestId('sweep-progress')).toHaveCount(0, { timeout: 30_000 });
  await page.getByTestId('sweep-axis').selectOption('eviction');
  const chart = page.getByTestId('chart-sweep');
  await expect(chart.locator('svg')).toContainText('Sweep over eviction policy', { timeout: 30_000 });
  const text = (await chart.locator('svg').textContent()) ?? '';
  for (const label of ['LRU', 'LFU', 'FIFO', 'SIEVE', 'S3-FIFO', 'ARC']) expect(text).toContain(label);
  await expectChart(chart);
});

test('the sweep over stampede mitigations draws each one, with the peak DB reads and read p99', async ({ app, page }) => {
  test.slow();
  await openPreset(app, page, 'stampede');
  await expect(page.getByTestId('sweep-progress')).toHaveCount(0, { timeout: 60_000 });
  await page.getByTestId('sweep-axis').selectOption('mitigation');
  const chart = page.getByTestId('chart-sweep');
  await expect(chart.locator('svg')).toContainText('Sweep over stampede mitigation', { timeout: 60_000 });
  const text = (await chart.locator('svg').textContent()) ?? '';
  for (const label of ['none', 'coalesce', 'jitter', 'stale', 'early', 'Peak DB reads/s']) {
    expect(text).toContain(label);
  }
  // presets.rs pins the cache-aside numbers: 1 170 reads/s with none, 280 coalesced.
  await expect(chart.locator('[data-tip="Cache-aside with none: peak 1170 DB reads/s"]')).toHaveCount(1);
  await expect(chart.locator('[data-tip="Cache-aside with coalescing: peak 280 DB reads/s"]')).toHaveCount(1);
  await expectChart(chart);
});

test('an unknown preset says so and falls back to the default', async ({ app, page }) => {
  await app.open('/?view=compare&preset=bank');
  await expect(page.getByTestId('unknown-preset-notice')).toContainText('Unknown preset “bank”');
  await expect(page.getByTestId('preset-select')).toHaveValue('catalog');
  await expect(page.getByTestId('lane-cache-aside')).toBeVisible({ timeout: 20_000 });
});

test('a knob re-simulates every lane without a reload and is marked as changed', async ({ app, page }) => {
  await openPreset(app, page, 'admin-tool');
  const before = await lane(page, 'cache-aside', 'stale-reads');
  expect(before).toBeGreaterThan(0);
  await page.evaluate(() => ((window as unknown as { __marker: number }).__marker = 1));
  // Switch the TTL off: stale reads climb (the preset's lesson).
  await page.getByTestId('knob-ttl').fill('0');
  await page.getByTestId('knob-ttl').press('Enter');
  await expect
    .poll(() => lane(page, 'cache-aside', 'stale-reads'), { timeout: 20_000 })
    .toBeGreaterThan(before);
  await expect(page.getByTestId('knobs-changed')).toHaveText('1 value differs from the preset');
  await expect(page.locator('.knob--changed')).toContainText('preset 1000');
  // Same document: no reload happened.
  expect(await page.evaluate(() => (window as unknown as { __marker?: number }).__marker)).toBe(1);
  await page.getByTestId('knobs-reset').click();
  await expect.poll(() => lane(page, 'cache-aside', 'stale-reads')).toBe(before);
});

test('race: cache-aside late fills leave old values for seconds; a TTL bounds them', async ({ app, page }) => {
  await openPreset(app, page, 'race');
  expect(await lane(page, 'cache-aside', 'late-fills')).toBeGreaterThan(0);
  expect(await lane(page, 'write-through', 'late-fills')).toBe(0);
  expect(await lane(page, 'write-through', 'stale-reads')).toBe(0);
  expect(await lane(page, 'cache-aside', 'stale-reads')).toBe(65);
  await expect(page.getByTestId('lane-cache-aside').getByTestId('stale-reads')).toContainText('oldest 1.88 s');
  await page.getByTestId('knob-ttl').fill('100');
  await page.getByTestId('knob-ttl').press('Enter');
  await expect(page.getByTestId('lane-cache-aside').getByTestId('stale-reads')).toContainText(/oldest \d+(\.\d+)? ms/, {
    timeout: 20_000,
  });
});

test('stampede: read-through needs a fraction of the DB reads; TTL jitter goes into the link', async ({ app, page }) => {
  await openPreset(app, page, 'stampede');
  const caReads = await lane(page, 'cache-aside', 'db-reads');
  expect(await lane(page, 'read-through', 'db-reads')).toBeLessThan(caReads / 4);
  await page.getByTestId('knob-ttl-jitter').fill('30');
  await page.getByTestId('knob-ttl-jitter').press('Enter');
  await expect.poll(() => app.search()).toBe('?view=compare&preset=stampede&ttl-jitter=0.3');
  // Jitter moves the expiries, not how many there are: the reads stay close.
  let jittered = NaN;
  await expect
    .poll(
      async () => {
        jittered = await settledLane(page, 'cache-aside', 'db-reads');
        return Number.isFinite(jittered) && jittered !== caReads;
      },
      { timeout: 30_000 },
    )
    .toBe(true);
  expect(Math.abs(jittered - caReads) / caReads).toBeLessThan(0.15);
});

test('stampede knobs: coalescing and stale-while-revalidate cut the spike, and go into the link', async ({ app, page }) => {
  test.slow();
  await openPreset(app, page, 'stampede');
  // The pinned table in presets.rs (cache-aside, same seed): peak DB reads/s
  // 1 170 with no mitigation, 280 coalesced, read p99 2 088 µs serving stale.
  expect(await lane(page, 'cache-aside', 'db-read-peak')).toBe(1170);
  await page.getByTestId('knob-coalesce').check();
  await expect.poll(() => app.search()).toBe('?view=compare&preset=stampede&coalesce=1');
  await expect.poll(() => settledLane(page, 'cache-aside', 'db-read-peak'), { timeout: 30_000 }).toBe(280);
  await expect(page.getByTestId('lane-cache-aside').getByTestId('db-reads')).toContainText('906 waited ~');
  await page.getByTestId('knob-coalesce').uncheck();
  await page.getByTestId('knob-stale-grace').fill('100');
  await page.getByTestId('knob-stale-grace').press('Enter');
  await expect.poll(() => app.search()).toBe('?view=compare&preset=stampede&stale-grace=100');
  await expect.poll(() => settledLane(page, 'cache-aside', 'read-p99'), { timeout: 30_000 }).toBe(2088);
  await expect(page.getByTestId('lane-cache-aside').getByTestId('hit-ratio')).toContainText('1069 in grace');
  // Without a TTL a grace window means nothing: greyed out, and a link's is refused.
  await page.getByTestId('knob-stale-grace').fill('0');
  await page.getByTestId('knob-stale-grace').press('Enter');
  await page.getByTestId('knob-ttl').fill('0');
  await page.getByTestId('knob-ttl').press('Enter');
  await expect(page.getByTestId('knob-stale-grace')).toBeDisabled();
  await app.open('/?view=compare&preset=catalog&stale-grace=50');
  await expect(page.getByTestId('notices')).toContainText('stale-while-revalidate grace (ms) 50 does nothing without a TTL; ignored.');
});

test('a shorter write-back flush interval loses fewer writes in the crash, for more DB writes', async ({ app, page }) => {
  await openPreset(app, page, 'counters');
  expect(await lane(page, 'write-back', 'lost-writes')).toBe(63);
  const dbWrites = await lane(page, 'write-back', 'db-writes');
  await page.getByTestId('knob-wb-flush').fill('5');
  await page.getByTestId('knob-wb-flush').press('Enter');
  await expect.poll(() => app.search()).toBe('?view=compare&preset=counters&wb-flush=5');
  // `cachescope compare` on the preset with write_path write-back, 5 000 µs,
  // batches of 100, gives the same.
  await expect.poll(() => lane(page, 'write-back', 'lost-writes'), { timeout: 20_000 }).toBe(19);
  expect(await lane(page, 'write-back', 'db-writes')).toBe(1925);
  expect(dbWrites).toBeLessThan(1925);
  await expect(page.getByTestId('knobs-changed')).toHaveText('1 value differs from the preset');
});

test('the eviction policy picker re-simulates, is marked, and goes into the link', async ({ app, page }) => {
  await openPreset(app, page, 'etl');
  const lru = await lane(page, 'write-through', 'hit-ratio');
  await expect(page.getByTestId('eviction-note')).toHaveText('Evicts the entry read longest ago.');
  // The bulk import floods an LRU cache; ARC keeps the keys read twice.
  await page.getByTestId('knob-eviction').selectOption('arc');
  await expect.poll(() => app.search()).toBe('?view=compare&preset=etl&eviction=arc');
  await expect.poll(() => lane(page, 'write-through', 'hit-ratio'), { timeout: 20_000 }).toBeGreaterThan(lru + 0.05);
  await expect(page.getByTestId('eviction-note')).toContainText('learning the split from misses');
  await expect(page.getByTestId('knobs-changed')).toHaveText('1 value differs from the preset');
  await expect(page.locator('.knob--changed')).toContainText('preset LRU');
  await page.getByTestId('knobs-reset').click();
  await expect(page.getByTestId('knob-eviction')).toHaveValue('lru');
  await expect.poll(() => lane(page, 'write-through', 'hit-ratio')).toBe(lru);
});

test('choosing a preset updates the address and the lanes', async ({ app, page }) => {
  await openPreset(app, page, 'catalog');
  await page.getByTestId('preset-select').selectOption('wallet');
  await expect.poll(() => app.search()).toBe('?view=compare&preset=wallet');
  await expect(page.getByTestId('preset-look-for')).toContainText('write-through');
  await expect.poll(() => lane(page, 'write-back', 'lost-writes')).toBeGreaterThan(0);
});

test('hovering a chart point shows its exact values', async ({ app, page }, info) => {
  test.skip(info.project.name === 'narrow', 'hover needs a pointer');
  await openPreset(app, page, 'counters');
  const target = page.getByTestId('chart-tradeoff').locator('rect[data-tip^="Write-back:"]');
  await target.hover();
  // One tooltip per chart panel; the shown one carries the values.
  const tip = page.locator('[data-testid="chart-tip"].chart-tip--shown');
  await expect(tip).toBeVisible();
  const p99 = await lane(page, 'write-back', 'write-p99');
  const lost = await lane(page, 'write-back', 'lost-writes');
  await expect(tip).toContainText(`${lost} acknowledged writes lost`);
  await expect(tip).toContainText(`${(p99 / 1000).toFixed(2)} ms`);
});

test('Choose recommends paths, backs them with numbers and shows them in Compare', async ({ app, page }) => {
  await app.open('/?view=choose');
  await app.expectView('choose');
  await expect(page.getByTestId('advice-write')).toHaveText('Write-through');
  await page.getByTestId('q-mix-write').check();
  await page.getByTestId('q-lose-yes').check();
  await expect(page.getByTestId('advice-write')).toHaveText('Write-back');
  await expect(page.getByTestId('advice-evidence')).toContainText('acknowledged writes lost', {
    timeout: 20_000,
  });
  await expect(page.getByTestId('show-me')).toHaveAttribute('href', '?view=compare&preset=counters');
  await page.getByTestId('show-me').click();
  await app.expectView('compare');
  await expect(page.getByTestId('preset-select')).toHaveValue('counters');
});

// ---- re-simulation in slices (issue 7) ------------------------------------

/** Sets a knob the way a user's edit does (`change` on a number, `input` on a slider). */
async function setKnob(page: Page, id: string, value: string): Promise<void> {
  await page.getByTestId(`knob-${id}`).evaluate((el, v) => {
    const input = el as HTMLInputElement;
    input.value = v;
    input.dispatchEvent(new Event(input.type === 'range' ? 'input' : 'change', { bubbles: true }));
  }, value);
}

/**
 * Inside the page, in one go: sets knob `id` to `first`, waits (with a
 * MutationObserver, no round trip to the test runner) until the status line
 * shows a run in progress, and returns what the page shows at that moment;
 * with `then`, sets the knob to that value at that very moment. Checking a
 * run "while it runs" from the test runner races the run on a busy machine:
 * the page may finish between two round trips.
 */
async function whileRunning(
  page: Page,
  id: string,
  first: string,
  then?: string,
): Promise<{ progress: string; stale: boolean; partial: string; ratios: number[] }> {
  return page.evaluate(
    ({ id, first, then, lanes }) =>
      new Promise((resolve) => {
        const input = document.querySelector(`[data-testid="knob-${id}"]`) as HTMLInputElement;
        const set = (v: string) => {
          input.value = v;
          input.dispatchEvent(new Event(input.type === 'range' ? 'input' : 'change', { bubbles: true }));
        };
        const check = () => {
          const progress = document.querySelector('[data-testid="run-progress"]')?.textContent?.trim() ?? '';
          if (!/^\d{1,2} %$/.test(progress)) return false;
          // The run's first slice is on screen (its partial result).
          if (!document.querySelector('[data-testid="lanes-partial"]')) return false;
          const status = document.querySelector('[data-testid="run-status"]')?.textContent ?? '';
          const ratios = lanes.map((l) =>
            Number(
              document
                .querySelector(`[data-testid="lane-${l}"] [data-testid="hit-ratio"]`)
                ?.getAttribute('data-value'),
            ),
          );
          if (then !== undefined) set(then);
          const partial = document.querySelector('[data-testid="lanes-partial"]')?.textContent ?? '';
          resolve({ progress, stale: status.includes('showing the previous result'), partial, ratios });
          return true;
        };
        const observer = new MutationObserver(() => {
          if (check()) observer.disconnect();
        });
        observer.observe(document.body, { subtree: true, childList: true, characterData: true });
        set(first);
      }),
    { id, first, then, lanes: STRATEGIES.map((s) => s.id) },
  );
}

/** Waits until the status line says done for `requests` per lane. */
async function expectDone(page: Page, requests: number): Promise<void> {
  const status = page.getByTestId('run-status');
  await expect(status).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
  await expect(status).toHaveAttribute('data-requests', String(requests));
}

/** The five strategies' hit ratios as the lane cards show them. */
async function hitRatios(page: Page): Promise<number[]> {
  return Promise.all(STRATEGIES.map((s) => lane(page, s.id, 'hit-ratio')));
}

test('the status line carries the measurement attributes and the marks', async ({ app, page }) => {
  test.setTimeout(120_000);
  await openPreset(app, page, 'wallet');
  const status = page.getByTestId('run-status');
  await expect(status).toHaveAttribute('data-state', 'done');
  await expect(status).toHaveAttribute('data-requests', '20000');
  await expect(status).toHaveAttribute('data-lanes', '6');
  await expect(status).toHaveAttribute('data-sim-ms', /^\d+\.\d$/);
  expect(Number(await status.getAttribute('data-sim-ms'))).toBeGreaterThan(0);
  await expect
    .poll(() => page.evaluate(() => performance.getEntriesByName('cachescope:report-drawn').length))
    .toBeGreaterThanOrEqual(1);

  // The UI's largest request count: the page keeps rendering while it runs
  // (a blocked main thread could never show a percentage between 0 and 100),
  // the lanes show the new run's first requests, marked as partial, and the
  // comparison table keeps the previous exact figures; then the exact ones
  // replace both.
  const before = await hitRatios(page);
  const tableBefore = await page.getByTestId('compare-table').textContent();
  const during = await whileRunning(page, 'requests', '200000');
  expect(during.progress).toMatch(/^\d{1,2} %$/);
  expect(during.partial).toMatch(/^Partial: after [\d,]+ of 200,000 requests$/);
  expect(during.ratios).not.toEqual(before);
  expect(await page.getByTestId('compare-table').textContent()).toBe(tableBefore);
  await expectDone(page, 200_000);
  await expect(page.getByTestId('run-progress')).toHaveCount(0);
  await expect(page.getByTestId('lanes-partial')).toHaveCount(0);
  await expect(page.getByTestId('charts-partial')).toHaveCount(0);
  await expect.poll(() => hitRatios(page)).not.toEqual(before);
  await expect(page.getByTestId('timing')).toContainText('6 lanes × 200000 requests simulated in');

});

test('moving a knob twice quickly ends with the numbers of the second value', async ({ app, page }) => {
  test.setTimeout(180_000);
  await openPreset(app, page, 'catalog');
  // Long enough runs that the second change lands while the first runs.
  await setKnob(page, 'requests', '100000');
  await expectDone(page, 100_000);
  // Watch every exact value the cache-aside hit ratio takes from here on
  // (partial results of both values come and go meanwhile).
  await page.evaluate(() => {
    const w = window as unknown as { __seen: number[] };
    w.__seen = [];
    const cell = '[data-testid="lane-cache-aside"] [data-testid="hit-ratio"]';
    const first = Number(document.querySelector(cell)?.getAttribute('data-value'));
    new MutationObserver(() => {
      if (document.querySelector('[data-testid="lanes"]')?.hasAttribute('data-partial')) return;
      const v = document.querySelector(cell)?.getAttribute('data-value');
      const last = w.__seen.length ? w.__seen[w.__seen.length - 1] : first;
      if (v != null && Number(v) !== last) w.__seen.push(Number(v));
    }).observe(document.querySelector('[data-testid="view-compare"]')!, {
      subtree: true,
      childList: true,
      attributes: true,
    });
    performance.clearMarks('cachescope:report-drawn');
  });
  // The first value's run is under way (it has shown progress) when the
  // second value comes: the second must cancel it, not wait for it.
  await whileRunning(page, 'capacity', '20', '50');
  await expectDone(page, 100_000);
  await expect
    .poll(() => page.evaluate(() => performance.getEntriesByName('cachescope:report-drawn').length))
    .toBe(1);
  const final = await hitRatios(page);
  const seen = await page.evaluate(() => (window as unknown as { __seen: number[] }).__seen);
  // Only the second value's exact report ever reached the screen.
  expect(seen).toEqual([final[0]]);

  // The references, each run alone: the first value gives other numbers,
  // the second value the same ones.
  await setKnob(page, 'capacity', '20');
  await expect.poll(() => hitRatios(page), { timeout: 60_000 }).not.toEqual(final);
  await expectDone(page, 100_000);
  const first = await hitRatios(page);
  await setKnob(page, 'capacity', '50');
  await expect.poll(() => hitRatios(page), { timeout: 60_000 }).not.toEqual(first);
  await expectDone(page, 100_000);
  expect(await hitRatios(page)).toEqual(final);
});

for (const runner of ['workers', 'main thread'] as const) {
  test(`a knob move answers at once with a marked partial result, then the exact one (${runner})`, async ({ app, page }) => {
    test.setTimeout(120_000);
    if (runner === 'main thread') {
      await page.addInitScript(() => localStorage.setItem('cachescope.workers', 'off'));
    }
    await openPreset(app, page, 'catalog');
    // Every partial mark the lanes and the status line show, every text the
    // live region says, and whether the badge ever sat over the cards while
    // the lanes said they were not partial.
    await page.evaluate(() => {
      const w = window as unknown as { __marks: string[]; __live: string[]; __charts: string[] };
      w.__marks = [];
      w.__live = [];
      w.__charts = [];
      const last = (a: string[]) => a[a.length - 1];
      new MutationObserver(() => {
        const mark = document.querySelector('[data-testid="lanes-partial"]')?.textContent;
        if (mark && mark !== last(w.__marks)) w.__marks.push(mark);
        const charts = document.querySelector('[data-testid="charts-partial"]')?.textContent;
        if (charts && charts !== last(w.__charts)) w.__charts.push(charts);
        const live = document.querySelector('[data-testid="timing"]')?.textContent ?? '';
        if (live !== last(w.__live)) w.__live.push(live);
      }).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
    });
    await setKnob(page, 'requests', '100000');
    await expectDone(page, 100_000);
    const { marks, live, charts } = await page.evaluate(() => {
      const w = window as unknown as { __marks: string[]; __live: string[]; __charts: string[] };
      return { marks: w.__marks, live: w.__live, charts: w.__charts };
    });
    expect(marks.length).toBeGreaterThan(0);
    const done = marks.map((m) => {
      const got = /^Partial: after ([\d,]+) of 100,000 requests$/.exec(m);
      expect(got, m).not.toBeNull();
      return Number(got![1].replace(/,/g, ''));
    });
    expect(done[0]).toBeGreaterThan(0);
    expect(done[done.length - 1]).toBeLessThan(100_000);
    expect([...done].sort((a, b) => a - b)).toEqual(done);
    expect(charts[0]).toMatch(/^partial: after [\d,]+ of 100,000 requests$/);
    if (runner === 'main thread') {
      // The main thread refines the partial result as its run advances.
      expect(new Set(done).size).toBeGreaterThan(1);
    }
    // Screen readers hear the run start and the exact result, never a
    // partial one.
    for (const text of live) expect(text).not.toMatch(/partial/i);
    // The exact result has replaced the partial one everywhere.
    await expect(page.getByTestId('lanes-partial')).toHaveCount(0);
    await expect(page.getByTestId('charts-partial')).toHaveCount(0);
    await expect(page.getByTestId('lanes')).not.toHaveAttribute('data-partial', /./);
    await expect(page.getByTestId('view-compare')).not.toHaveClass(/compare--partial/);
  });
}

test('a knob moved back to a value seen before shows that exact report at once, without simulating', async ({ app, page }) => {
  await openPreset(app, page, 'catalog');
  const status = page.getByTestId('run-status');
  await expect(status).toHaveAttribute('data-source', 'run');
  const original = await hitRatios(page);
  const capacity = await page.getByTestId('knob-capacity').inputValue();
  await setKnob(page, 'capacity', '20');
  await expect.poll(() => hitRatios(page), { timeout: 60_000 }).not.toEqual(original);
  await expect(status).toHaveAttribute('data-source', 'run');
  const drawn = await page.evaluate(() => performance.getEntriesByName('cachescope:report-drawn').length);
  await setKnob(page, 'capacity', capacity);
  await expect(status).toHaveAttribute('data-source', 'cache');
  await expect(status).toHaveAttribute('data-state', 'done');
  await expect(status).not.toHaveAttribute('data-sim-ms', /./);
  await expect(page.getByTestId('timing')).toContainText('not simulated again');
  // The same numbers as the run that made them, and drawn like any report.
  expect(await hitRatios(page)).toEqual(original);
  await expect
    .poll(() => page.evaluate(() => performance.getEntriesByName('cachescope:report-drawn').length))
    .toBe(drawn + 1);
});
