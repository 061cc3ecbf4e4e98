// Compare's "Your trace" on the release build: a picked trace is replayed
// through the six lanes and the six eviction policies with the CLI's exact
// numbers (the fixtures are `cachescope compare --preset catalog --trace`
// and `cachescope replay --policy all --capacity curve` on the same file),
// bad files get a message naming the line or offset, a knob change replays
// it again, and the address says a local trace was used. Regenerate the
// fixtures with:
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

test('a picked trace: the lanes and the miss-ratio curve are the CLI\'s numbers', async ({ app, page }) => {
  await openCompare(app, page);
  await pick(page, 'trace-small.csv', TRACE);
  await traceReady(page);
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
  const svg = page.getByTestId('trace-mrc-chart').locator('svg');
  await expect(svg).toHaveAttribute('role', 'img');
  for (const label of ['LRU', 'LFU', 'FIFO', 'SIEVE', 'S3-FIFO', 'ARC']) await expect(svg).toContainText(label);
  // The address says a local trace is shown, and the note says why.
  await expect.poll(() => new URL(page.url()).searchParams.get('trace')).toBe('local');
  await expect(page.getByTestId('trace-link-note')).toContainText('do not carry the trace');
});

test('a knob change replays the trace; Remove takes it and the address mark away', async ({ app, page }) => {
  await openCompare(app, page);
  await pick(page, 'trace-small.csv', TRACE);
  await traceReady(page);
  const before = await cell(page, 'cache-aside', 'hit-ratio');
  const capacity = page.getByTestId('knob-capacity');
  await capacity.fill('20');
  await capacity.press('Enter');
  await expect.poll(() => cell(page, 'cache-aside', 'hit-ratio'), { timeout: 60_000 }).toBeLessThan(before);
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

test('a link made with a local trace says the file is not in it', async ({ app, page }) => {
  await openCompare(app, page, '&trace=local');
  await expect(page.getByTestId('trace-link-notice')).toContainText('A link cannot carry the file');
  await expect.poll(() => new URL(page.url()).searchParams.get('trace')).toBeNull();
  await expect(page.getByTestId('notices')).toHaveCount(0);
});
