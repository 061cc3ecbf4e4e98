// Compare's "Your trace" on the release build: a picked trace is replayed
// through the six lanes and the six eviction policies with the CLI's exact
// numbers (the fixtures are `cachescope compare --preset catalog --trace`
// and `cachescope replay --policy all --capacity curve` on the same file),
// in the panel's worker (which streams the file) and, with workers switched
// off, on the page (which reads it whole); bad files get a message naming
// the line or offset, a knob change replays it again, and the address says
// a local trace was used. Regenerate the fixtures with:
//
//   cachescope compare --preset catalog --trace tests/fixtures/trace-small.csv --format json > tests/fixtures/trace-small.compare.json
//   cachescope replay --trace tests/fixtures/trace-small.csv --policy all --capacity curve --json > tests/fixtures/trace-small.mrc.json
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type AppPage } from './app';
import type { Page } from '@playwright/test';

const FIXTURES = join(process.cwd(), 'tests', 'fixtures');
const TRACE = readFileSync(join(FIXTURES, 'trace-small.csv'));
const CLI = JSON.parse(readFileSync(join(FIXTURES, 'trace-small.compare.json'), 'utf8'));
const CURVE: { policy: string; capacity: number; misses: number; miss_ratio: number }[] = JSON.parse(
  readFileSync(join(FIXTURES, 'trace-small.mrc.json'), 'utf8'),
);

test.describe.configure({ timeout: 90_000 });

async function openCompare(app: AppPage, page: Page, query = ''): Promise<void> {
  await app.open(`/?view=compare&preset=catalog${query}`);
  await expect(page.getByTestId('lane-write-back')).toBeVisible({ timeout: 20_000 });
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-state', 'done', { timeout: 30_000 });
}

async function pick(page: Page, name: string, buffer: Buffer): Promise<void> {
  await page.getByTestId('trace-input').setInputFiles({ name, mimeType: 'text/csv', buffer });
}

/** Waits until the trace result is shown for the current knobs. */
async function traceReady(page: Page): Promise<void> {
  const result = page.getByTestId('trace-result');
  await expect(result).toBeVisible({ timeout: 60_000 });
  await expect(result).not.toHaveAttribute('aria-busy', 'true', { timeout: 60_000 });
  await expect(page.getByTestId('trace-progress')).toHaveCount(0);
}

async function cell(page: Page, lane: string, metric: string): Promise<number> {
  const v = await page
    .getByTestId('trace-lanes')
    .locator(`tr[data-lane="${lane}"] td[data-metric="${metric}"]`)
    .getAttribute('data-value');
  expect(v, `${lane} ${metric}`).not.toBeNull();
  return Number(v);
}

/** Every lane figure and every curve point on screen equal the CLI's. */
async function expectCliNumbers(page: Page): Promise<void> {
  await expect(page.getByTestId('trace-summary')).toHaveText(
    'trace-small.csv (CSV): 4,000 requests over 530 keys; 3,396 reads, 604 writes (84 deletes, replayed as writes).',
  );
  for (const l of [CLI.baseline, ...CLI.lanes]) {
    const id = l.strategy ?? 'no-cache';
    const want: Record<string, number> = {
      'hit-ratio': l.hit_ratio,
      'read-p99': l.read_latency.p99_us,
      'write-p99': l.write_latency.p99_us,
      'db-reads': l.db_reads,
      'stale-reads': l.stale_reads,
      'lost-writes': l.lost_writes,
      pollution: l.pollution,
    };
    for (const [metric, v] of Object.entries(want)) {
      expect(await cell(page, id, metric), `${id} ${metric}`).toBe(v);
    }
  }
  // The curve: every policy at every size, as `replay` counts it.
  const table = page.getByTestId('trace-mrc-table');
  for (const p of CURVE) {
    const td = table.locator(`tr[data-policy="${p.policy}"] td[data-capacity="${p.capacity}"]`);
    await expect(td, `${p.policy} at ${p.capacity}`).toHaveAttribute('data-misses', String(p.misses));
    expect(Number(await td.getAttribute('data-value')), `${p.policy} at ${p.capacity}`).toBe(p.miss_ratio);
  }
}

/** Sets the cache to 20 entries and waits for the trace's replay to show
 *  the lower hit ratio. */
async function shrinkTheCache(page: Page): Promise<void> {
  const before = await cell(page, 'cache-aside', 'hit-ratio');
  const capacity = page.getByTestId('knob-capacity');
  await capacity.fill('20');
  await capacity.press('Enter');
  await expect.poll(() => cell(page, 'cache-aside', 'hit-ratio'), { timeout: 60_000 }).toBeLessThan(before);
}

/** Every figure of the trace result, in order, as its exact attributes. */
async function allFigures(page: Page): Promise<string[]> {
  return page
    .getByTestId('trace-result')
    .locator('td[data-value]')
    .evaluateAll((tds) => tds.map((td) => `${td.getAttribute('data-misses') ?? ''}:${td.getAttribute('data-value')}`));
}

test('a picked trace: the lanes and the miss-ratio curve are the CLI\'s numbers', async ({ app, page }) => {
  await openCompare(app, page);
  await pick(page, 'trace-small.csv', TRACE);
  await traceReady(page);
  // Streamed and replayed by the panel's worker.
  await expect(page.getByTestId('trace-result')).toHaveAttribute('data-runner', 'worker');
  await expectCliNumbers(page);
  const svg = page.getByTestId('trace-mrc-chart').locator('svg');
  await expect(svg).toHaveAttribute('role', 'img');
  for (const label of ['LRU', 'LFU', 'FIFO', 'SIEVE', 'S3-FIFO', 'ARC']) await expect(svg).toContainText(label);
  // The address says a local trace is shown, and the note says why.
  await expect.poll(() => new URL(page.url()).searchParams.get('trace')).toBe('local');
  await expect(page.getByTestId('trace-link-note')).toContainText('do not carry the trace');
});

test('without workers the page reads the trace itself, with the same numbers', async ({ app, page }) => {
  await page.addInitScript(() => localStorage.setItem('cachescope.workers', 'off'));
  await openCompare(app, page);
  await pick(page, 'trace-small.csv', TRACE);
  await traceReady(page);
  await expect(page.getByTestId('trace-result')).toHaveAttribute('data-runner', 'page');
  await expectCliNumbers(page);
  // A knob change replays it on the page too.
  await shrinkTheCache(page);
});

test('a trace worker that fails to start: the page reads the file itself', async ({ app, page }) => {
  await openCompare(app, page);
  // Every lane worker has started (their files fetched), so only the trace
  // panel's worker, started when a file is picked, cannot fetch its files.
  await expect
    .poll(() =>
      page.evaluate(() => {
        const size = Number(/^workers (\d+)$/.exec(document.documentElement.dataset.cachescopeRunner ?? '')?.[1] ?? NaN);
        return performance.getEntriesByName('cachescope:worker-ready').length === size;
      }),
    )
    .toBe(true);
  await page.route(/cachescope-worker/, (route) => route.abort('failed'));
  await pick(page, 'trace-small.csv', TRACE);
  await traceReady(page);
  await expect(page.getByTestId('trace-result')).toHaveAttribute('data-runner', 'page');
  await expectCliNumbers(page);
  // The failed download and the page's note that it fell back.
  const taken = app.takeProblems(/cachescope-worker|Failed to load resource|ERR_FAILED|trace runs on the page/);
  expect(taken.length).toBeGreaterThanOrEqual(1);
});

test('a trace streamed in slices gives what the page gives reading it whole', async ({ app, page, browser }) => {
  // About 3.6 MB: the worker reads it in several slices, cutting lines.
  const lines = ['timestamp,key,op'];
  for (let i = 0; i < 200_000; i++) {
    const key = (i * 7919) % 9_973;
    lines.push(`${i},user:${key % 3 === 0 ? key : key % 97},${i % 7 === 0 ? 'set' : 'get'}`);
  }
  const big = Buffer.from(lines.join('\n') + '\n');
  expect(big.length).toBeGreaterThan(3 << 20);
  await openCompare(app, page);
  await pick(page, 'big.csv', big);
  await traceReady(page);
  await expect(page.getByTestId('trace-mrc-table')).toBeAttached({ timeout: 60_000 });
  await expect(page.getByTestId('trace-result')).toHaveAttribute('data-runner', 'worker');
  const streamed = await allFigures(page);
  expect(streamed.length).toBe(6 * 7 + 6 * 10);

  const context = await browser.newContext();
  const whole = await context.newPage();
  await whole.addInitScript(() => localStorage.setItem('cachescope.workers', 'off'));
  await whole.goto(new URL('/?view=compare&preset=catalog', page.url()).href);
  await expect(whole.getByTestId('run-status')).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
  await pick(whole, 'big.csv', big);
  await traceReady(whole);
  await expect(whole.getByTestId('trace-mrc-table')).toBeAttached({ timeout: 60_000 });
  await expect(whole.getByTestId('trace-result')).toHaveAttribute('data-runner', 'page');
  expect(await allFigures(whole)).toEqual(streamed);
  await context.close();
});

test('a knob change replays the trace; Remove takes it and the address mark away', async ({ app, page }) => {
  await openCompare(app, page);
  await pick(page, 'trace-small.csv', TRACE);
  await traceReady(page);
  await shrinkTheCache(page);
  await traceReady(page);
  await page.getByTestId('trace-remove').click();
  await expect(page.getByTestId('trace-result')).toHaveCount(0);
  await expect.poll(() => new URL(page.url()).searchParams.get('trace')).toBeNull();
});

test('bad trace files get a message naming where, and the page stays usable', async ({ app, page }) => {
  await openCompare(app, page);
  await pick(page, 'bad.csv', Buffer.from('timestamp,key,op\n1,a,get\n2,b,fly\n'));
  await expect(page.getByTestId('trace-error')).toHaveText(
    '“bad.csv” was not replayed: line 3: unknown operation "fly"; expected get/read, set/write or delete.',
  );
  // A binary trace cut mid-record names its byte offset.
  const cut = Buffer.alloc(24 * 2 + 5);
  cut.writeUInt32LE(1, 0);
  cut.writeBigUInt64LE(7n, 4);
  await pick(page, 'cut.oracleGeneral', cut);
  await expect(page.getByTestId('trace-error')).toContainText('at byte offset 48');
  await pick(page, 'trace.csv.zst', Buffer.from('x'));
  await expect(page.getByTestId('trace-error')).toContainText('is compressed; decompress it first (zstd -d)');
  await pick(page, 'empty.csv', Buffer.from('timestamp,key,op\n'));
  await expect(page.getByTestId('trace-error')).toContainText('the trace holds no request');
  // The comparison above still answers.
  await expect(page.getByTestId('trace-result')).toHaveCount(0);
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-state', 'done');
});

test('a bad file after a good one says whose figures stay on screen', async ({ app, page }) => {
  await openCompare(app, page);
  await pick(page, 'trace-small.csv', TRACE);
  await traceReady(page);
  await pick(page, 'bad.csv', Buffer.from('1,a,get\n2,b,fly\n'));
  await expect(page.getByTestId('trace-error')).toHaveText(
    '“bad.csv” was not replayed: line 2: unknown operation "fly"; expected get/read, set/write or delete. The figures below are still those of “trace-small.csv”.',
  );
  await expect(page.getByTestId('trace-summary')).toContainText('trace-small.csv');
  // The good trace is still held (by its worker, or the page): a knob
  // change replays it.
  await shrinkTheCache(page);
  await traceReady(page);
  await expect(page.getByTestId('trace-summary')).toContainText('trace-small.csv');
});

test('a trace dropped on the panel is replayed; the page-wide drop leaves it alone', async ({ app, page }) => {
  await openCompare(app, page);
  const preset = await page.getByTestId('knob-capacity').inputValue();
  const text = TRACE.toString('utf8');
  // Dragged in from outside: the page-wide hint names both drops.
  await page.evaluate((text) => {
    const dt = new DataTransfer();
    dt.items.add(new File([text], 'dropped.csv', { type: 'text/csv' }));
    const panel = document.querySelector('[data-testid="trace-panel"]')!;
    for (const type of ['dragenter', 'dragover']) {
      panel.dispatchEvent(new DragEvent(type, { dataTransfer: dt, bubbles: true, cancelable: true }));
    }
    (window as unknown as { __drag: DataTransfer }).__drag = dt;
  }, text);
  await expect(page.getByTestId('trace-panel')).toHaveClass(/trace--drop/);
  await expect(page.getByTestId('data-drop-hint')).toContainText('or a trace on “Your trace”');
  const prevented = await page.evaluate(() => {
    const dt = (window as unknown as { __drag: DataTransfer }).__drag;
    const panel = document.querySelector('[data-testid="trace-panel"]')!;
    const ev = new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true });
    panel.dispatchEvent(ev);
    return ev.defaultPrevented;
  });
  expect(prevented).toBe(true);
  await expect(page.getByTestId('data-drop-hint')).toHaveCount(0);
  await traceReady(page);
  await expect(page.getByTestId('trace-summary')).toContainText('dropped.csv (CSV): 4,000 requests over 530 keys');
  // Not taken for a scenario import: the knobs and the data bar are as they were.
  await expect(page.getByTestId('knob-capacity')).toHaveValue(preset);
  await expect(page.getByTestId('data-error')).toHaveCount(0);
  await expect(page.getByTestId('trace-panel')).not.toHaveClass(/trace--drop/);
});

test('leaving Compare ends the trace: back on Compare the panel is empty', async ({ app, page }) => {
  await openCompare(app, page);
  await pick(page, 'trace-small.csv', TRACE);
  await traceReady(page);
  await app.nav('lab').click();
  await app.expectView('lab');
  await app.nav('compare').click();
  await app.expectView('compare');
  await expect(page.getByTestId('trace-panel')).toBeVisible();
  await expect(page.getByTestId('trace-result')).toHaveCount(0);
  await expect(page.getByTestId('trace-remove')).toHaveCount(0);
  // A new file starts a new worker and replays as before.
  await pick(page, 'trace-small.csv', TRACE);
  await traceReady(page);
  await expect(page.getByTestId('trace-result')).toHaveAttribute('data-runner', 'worker');
  await expect(page.getByTestId('trace-summary')).toContainText('4,000 requests over 530 keys');
});

test('a link made with a local trace says the file is not in it', async ({ app, page }) => {
  await openCompare(app, page, '&trace=local');
  await expect(page.getByTestId('trace-link-notice')).toContainText('A link cannot carry the file');
  await expect.poll(() => new URL(page.url()).searchParams.get('trace')).toBeNull();
  await expect(page.getByTestId('notices')).toHaveCount(0);
});
