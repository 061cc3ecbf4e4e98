// Report and scenario export, scenario import (file picker and
// drag-and-drop) on the release build: downloads parse and carry the page's
// numbers (Compare's Report JSON is byte for byte the committed CLI output),
// a downloaded scenario re-imports to the same state, and bad files are
// refused with a specific message while the state stays as it was.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type AppPage } from './app';
import type { Locator, Page } from '@playwright/test';

const FIXTURES = join(process.cwd(), 'tests', 'fixtures');
const fixture = (name: string): string => readFileSync(join(FIXTURES, name), 'utf8');

const STRATEGIES = ['cache-aside', 'read-through', 'write-through', 'write-back', 'write-around'] as const;

// Each Compare simulation of a preset takes a second or two; a test runs several.
test.describe.configure({ timeout: 90_000 });

/** Clicks a download button; returns the file's name and text. */
async function download(page: Page, testId: string): Promise<{ name: string; text: string }> {
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testId).click()]);
  const path = await file.path();
  return { name: file.suggestedFilename(), text: readFileSync(path, 'utf8') };
}

/** Imports `text` as a file named `name` through the "Import scenario…" button. */
async function importFile(page: Page, name: string, text: string, mimeType = 'application/json'): Promise<void> {
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByTestId('data-import').click()]);
  await chooser.setFiles({ name, mimeType, buffer: Buffer.from(text) });
}

/** Parses our CSV (no quoted fields today) into objects by header. */
function parseCsv(text: string): Record<string, string>[] {
  expect(text.endsWith('\n')).toBe(true);
  const [header, ...rows] = text.trimEnd().split('\n');
  const names = header.split(',');
  return rows.map((r) => {
    const cells = r.split(',');
    expect(cells.length, r).toBe(names.length);
    return Object.fromEntries(names.map((n, i) => [n, cells[i]]));
  });
}

/** A Compare lane figure as an exact number. */
async function lane(page: Page, id: string, metric: string): Promise<number> {
  const v = await page.getByTestId(`lane-${id}`).getByTestId(metric).getAttribute('data-value');
  expect(v, `lane-${id} ${metric}`).not.toBeNull();
  return Number(v);
}

/** Every figure the lanes show (one read of the page), as one comparable string. */
async function lanes(page: Page): Promise<string> {
  return page.evaluate(() => {
    const out: string[] = [];
    for (const card of document.querySelectorAll('[data-testid^="lane-"]')) {
      for (const v of card.querySelectorAll('[data-value]')) {
        out.push(`${card.getAttribute('data-testid')} ${v.getAttribute('data-testid')}=${v.getAttribute('data-value')}`);
      }
    }
    return out.join('\n');
  });
}

async function openCompare(app: AppPage, page: Page, preset: string): Promise<void> {
  await app.open(`/?view=compare&preset=${preset}`);
  await expect(page.getByTestId('lane-write-back')).toBeVisible({ timeout: 20_000 });
  await expect(page.getByTestId('timing')).toContainText('simulated in', { timeout: 20_000 });
  await expect(page.getByTestId('data-report-json')).toBeEnabled();
}

/** Sets a Compare knob and waits until the lanes show other numbers. */
async function changeKnob(page: Page, knob: string, value: string, before: string): Promise<void> {
  const input = page.getByTestId(knob);
  await input.fill(value);
  await input.press('Enter');
  await expect.poll(() => lanes(page), { timeout: 20_000 }).not.toBe(before);
}

test('Compare: report JSON is the CLI fixture, CSV carries the page numbers', async ({ app, page }) => {
  await openCompare(app, page, 'counters');
  const cli = fixture('counters.compare.json');
  const seed = JSON.parse(cli).scenario.seed;

  const json = await download(page, 'data-report-json');
  expect(json.name).toBe(`cachescope-counters-seed${seed}-report.json`);
  expect(json.text).toBe(cli);
  await expect(page.getByTestId('data-message')).toHaveText(`Saved ${json.name}.`);

  const csv = await download(page, 'data-report-csv');
  expect(csv.name).toBe(`cachescope-counters-seed${seed}-report.csv`);
  const rows = parseCsv(csv.text);
  expect(rows.map((r) => r.strategy)).toEqual(['no-cache', ...STRATEGIES]);
  for (const r of rows.slice(1)) {
    expect(Number(r.hit_ratio), `${r.strategy} hit ratio`).toBe(await lane(page, r.strategy, 'hit-ratio'));
    expect(Number(r.read_p99_us)).toBe(await lane(page, r.strategy, 'read-p99'));
    expect(Number(r.write_p50_us)).toBe(await lane(page, r.strategy, 'write-p50'));
    expect(Number(r.db_reads)).toBe(await lane(page, r.strategy, 'db-reads'));
    expect(Number(r.stale_reads)).toBe(await lane(page, r.strategy, 'stale-reads'));
    expect(Number(r.lost_writes)).toBe(await lane(page, r.strategy, 'lost-writes'));
    expect(Number(r.pollution)).toBe(await lane(page, r.strategy, 'pollution'));
    expect(Number(r.late_fills)).toBe(await lane(page, r.strategy, 'late-fills'));
    expect(Number(r.db_read_peak_per_sec)).toBe(await lane(page, r.strategy, 'db-read-peak'));
  }
  // Units are in the column names.
  for (const col of ['read_p50_us', 'write_p99_us', 'stale_age_max_us', 'end_time_us']) {
    expect(Object.keys(rows[0])).toContain(col);
  }

  const scenario = await download(page, 'data-scenario-json');
  expect(scenario.name).toBe(`cachescope-counters-seed${seed}-scenario.json`);
  expect(scenario.text).toBe(fixture('counters.scenario.json'));
});

test('Compare: a downloaded scenario re-imports to the same numbers', async ({ app, page }) => {
  await openCompare(app, page, 'counters');
  const original = await lanes(page);
  expect(original.split('\n').length).toBeGreaterThanOrEqual(5 * 11);
  const scenario = await download(page, 'data-scenario-json');

  await changeKnob(page, 'knob-capacity', '50', original);
  await expect(page.getByTestId('knobs-reset')).toBeEnabled();
  await expect.poll(() => app.search()).toContain('capacity=50');

  await importFile(page, 'my-scenario.json', scenario.text);
  await expect(page.getByTestId('data-message')).toContainText('Imported my-scenario.json');
  await expect.poll(() => lanes(page), { timeout: 20_000 }).toBe(original);
  // The knobs show the imported values: nothing differs from the preset,
  // and the address (the permalink) says so too.
  await expect(page.getByTestId('knobs-reset')).toBeDisabled();
  await expect.poll(() => app.search()).toBe('?view=compare&preset=counters');
  await expect(page.getByTestId('data-report-json')).toBeEnabled();
  expect((await download(page, 'data-report-json')).text).toBe(fixture('counters.compare.json'));
  expect((await download(page, 'data-scenario-json')).text).toBe(scenario.text);
});

test('Compare: an imported write-back flush setting runs in the write-back lane and shows in its knobs', async ({ app, page }) => {
  await openCompare(app, page, 'counters');
  const before = await download(page, 'data-report-json');
  const scenario = JSON.parse((await download(page, 'data-scenario-json')).text);
  scenario.write_path = { kind: 'write-back', flush_interval_us: 5000, batch_max: 5 };
  await importFile(page, 'fast-flush.json', JSON.stringify(scenario));
  await expect(page.getByTestId('data-message')).toContainText('Imported fast-flush.json');
  // The write-back lane's knobs show it, so the link carries it too.
  await expect(page.getByTestId('knob-wb-flush')).toHaveValue('5');
  await expect(page.getByTestId('knob-wb-batch')).toHaveValue('5');
  await expect.poll(() => app.search()).toContain('wb-flush=5&wb-batch=5');
  await expect(page.getByTestId('link-incomplete')).toHaveCount(0);
  await expect(page.getByTestId('data-report-json')).toBeEnabled();
  const report = JSON.parse((await download(page, 'data-report-json')).text);
  const wb = report.lanes.find((l: { strategy: string }) => l.strategy === 'write-back');
  expect(wb.write_path).toEqual(scenario.write_path);
  const old = JSON.parse(before.text).lanes.find((l: { strategy: string }) => l.strategy === 'write-back');
  expect(wb.db_writes).not.toBe(old.db_writes);
});

test('Compare: bad files are refused with a specific message and change nothing', async ({ app, page }) => {
  await openCompare(app, page, 'wallet');
  const before = await lanes(page);
  const capacity = await page.getByTestId('knob-capacity').inputValue();
  const error = page.getByTestId('data-error');

  const cases: [string, string, string][] = [
    ['syntax.json', '{\n  "seed": 7,\n}', '“syntax.json” was not imported: scenario JSON, line 3 column 1'],
    [
      'range.json',
      '{ "cache": { "capacity": 0 } }',
      '“range.json” was not imported: cache.capacity = 0 is out of range: allowed 1 to 1000000.',
    ],
    ['unknown.json', '{ "cache": { "capacty": 3 } }', 'unknown field `capacty`'],
    ['trace.csv', '1,2,get\n', '“trace.csv” is not a .json file'],
  ];
  for (const [name, text, message] of cases) {
    await importFile(page, name, text, name.endsWith('.csv') ? 'text/csv' : 'application/json');
    await expect(error).toContainText(message);
    await expect(error).toHaveAttribute('role', 'alert');
    await expect(page.getByTestId('knob-capacity')).toHaveValue(capacity);
    await expect(page.getByTestId('knobs-reset')).toBeDisabled();
  }
  // Too big: refused before it is read.
  await importFile(page, 'big.json', ' '.repeat(1_000_001));
  await expect(error).toHaveText('“big.json” is 1.0 MB; a scenario file is at most 1 MB.');
  expect(await lanes(page)).toBe(before);
  await expect(page.getByTestId('timing')).toContainText('simulated in');
});

/** Starts dragging a file named `name` over the page (kept in `window.__drag`). */
async function dragOver(page: Page, name: string, text: string): Promise<void> {
  await page.evaluate(
    ([name, text]) => {
      const dt = new DataTransfer();
      dt.items.add(new File([text], name, { type: 'application/json' }));
      (window as unknown as { __drag: DataTransfer }).__drag = dt;
      const target = document.querySelector('main') ?? document.body;
      for (const type of ['dragenter', 'dragover']) {
        target.dispatchEvent(new DragEvent(type, { dataTransfer: dt, bubbles: true, cancelable: true }));
      }
    },
    [name, text],
  );
}

/** Drops the dragged file; returns whether the page took the drop (default prevented). */
async function drop(page: Page): Promise<boolean> {
  return page.evaluate(() => {
    const dt = (window as unknown as { __drag: DataTransfer }).__drag;
    const target = document.querySelector('main') ?? document.body;
    const ev = new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true });
    target.dispatchEvent(ev);
    return ev.defaultPrevented;
  });
}

test('Compare: dropping a scenario file anywhere imports it', async ({ app, page }) => {
  await openCompare(app, page, 'counters');
  const original = await lanes(page);
  const scenario = await download(page, 'data-scenario-json');
  await changeKnob(page, 'knob-capacity', '50', original);

  const hint = page.getByTestId('data-drop-hint');
  await expect(hint).toHaveCount(0);
  await dragOver(page, 'dropped.json', scenario.text);
  await expect(hint).toBeVisible();
  await expect(hint).toContainText('Drop a scenario .json');
  expect(await drop(page)).toBe(true);
  await expect(hint).toHaveCount(0);
  await expect(page.getByTestId('data-message')).toContainText('Imported dropped.json');
  await expect.poll(() => lanes(page), { timeout: 20_000 }).toBe(original);

  // A bad dropped file: the message, and nothing changes.
  await dragOver(page, 'bad.json', '{"requests": 0}');
  expect(await drop(page)).toBe(true);
  await expect(page.getByTestId('data-error')).toContainText('requests = 0 is out of range');
  expect(await lanes(page)).toBe(original);
});

/** The Lab's counter as a number. */
async function num(page: Page, id: string): Promise<number> {
  const n = Number(((await page.getByTestId(id).textContent()) ?? '').trim());
  expect(Number.isFinite(n), id).toBe(true);
  return n;
}

/** Scrubs the Lab to the end of its run. */
async function toEnd(page: Page): Promise<void> {
  const scrubber = page.getByTestId('scrubber');
  await scrubber.fill(String(await scrubber.getAttribute('max')));
  await scrubber.blur();
}

async function labCounters(page: Page): Promise<Record<string, number>> {
  await toEnd(page);
  const out: Record<string, number> = {};
  for (const id of ['hits', 'misses', 'stale-reads', 'lost-writes']) out[id] = await num(page, id);
  return out;
}

test('Lab: report downloads match the run, and a scenario re-imports to the same run', async ({ app, page }) => {
  await app.open('/?view=lab&strategy=write-back');
  await expect(page.getByTestId('lab-data-bar')).toBeVisible();
  const atEnd = await labCounters(page);

  const json = await download(page, 'data-report-json');
  expect(json.name).toBe('cachescope-lab-write-back-seed42-report.json');
  const report = JSON.parse(json.text);
  expect(json.text.endsWith('}\n')).toBe(true);
  expect(report.strategy).toBe('write-back');
  expect({
    hits: report.hits,
    misses: report.misses,
    'stale-reads': report.stale_reads,
    'lost-writes': report.lost_writes,
  }).toEqual(atEnd);

  const csv = await download(page, 'data-report-csv');
  expect(csv.name).toBe('cachescope-lab-write-back-seed42-report.csv');
  const [row, ...more] = parseCsv(csv.text);
  expect(more).toEqual([]);
  expect(row.strategy).toBe('write-back');
  expect(Number(row.hits)).toBe(report.hits);
  expect(Number(row.hit_ratio)).toBe(report.hit_ratio);
  expect(Number(row.write_p99_us)).toBe(report.write_latency.p99_us);

  const scenario = await download(page, 'data-scenario-json');
  expect(scenario.name).toBe('cachescope-lab-write-back-seed42-scenario.json');
  expect(JSON.parse(scenario.text).strategy).toBe('write-back');

  // Change a knob: another run.
  const capacity = page.getByTestId('knob-capacity');
  await capacity.fill('2');
  await capacity.dispatchEvent('change');
  await expect.poll(() => labCounters(page)).not.toEqual(atEnd);

  // Re-import the saved scenario (by dropping it): the same run again.
  await dragOver(page, 'lab.json', scenario.text);
  await expect(page.getByTestId('data-drop-hint')).toBeVisible();
  expect(await drop(page)).toBe(true);
  await expect(page.getByTestId('data-message')).toContainText('Imported lab.json');
  await expect(capacity).toHaveValue('6');
  await expect.poll(() => labCounters(page)).toEqual(atEnd);
  expect((await download(page, 'data-scenario-json')).text).toBe(scenario.text);
  expect((await download(page, 'data-report-json')).text).toBe(json.text);
});

test('Lab: an imported write-back with its own flush settings shows as write-back, with them', async ({ app, page }) => {
  await app.open('/?view=lab&strategy=write-back');
  const saved = JSON.parse((await download(page, 'data-scenario-json')).text);
  saved.write_path = { kind: 'write-back', flush_interval_us: 50000, batch_max: 20 };
  await importFile(page, 'custom-flush.json', JSON.stringify(saved));
  await expect(page.getByTestId('data-message')).toContainText('Imported custom-flush.json');
  // It said "custom pair" and "DB, then invalidate" while running write-back.
  await expect(page.getByTestId('strategy')).toHaveValue('write-back');
  await expect(page.getByTestId('write-path')).toHaveValue('write-back');
  await expect(page.getByTestId('write-path').locator('option:checked')).toHaveText(
    'write-back (flush every 50 ms, batches of 20)',
  );
  // Picking the kind already on keeps its settings.
  await page.getByTestId('write-path').selectOption('write-back');
  const now = JSON.parse((await download(page, 'data-scenario-json')).text);
  expect(now.write_path).toEqual(saved.write_path);
});

test('Lab: bad or oversized scenarios are refused and the run is kept', async ({ app, page }) => {
  await app.open('/?view=lab&strategy=cache-aside');
  const atEnd = await labCounters(page);
  const error = page.getByTestId('data-error');
  // A Compare preset is far bigger than the Lab shows.
  await importFile(page, 'counters.json', fixture('counters.scenario.json'));
  await expect(error).toContainText('“counters.json” is too big for the Lab: 20000 requests');
  await expect(error).toContainText('Import it in Compare instead.');
  await importFile(page, 'range.json', '{ "workload": { "read_ratio": 1.5 } }');
  await expect(error).toContainText('workload.read_ratio = 1.5 is out of range');
  await expect(page.getByTestId('strategy')).toHaveValue('cache-aside');
  expect(await labCounters(page)).toEqual(atEnd);
});

/** Both data bars, for a look: idle, with an error, and the drop hint. */
test('screenshots of the data bars', async ({ app, page }, info) => {
  const shot = async (name: string, target: Locator | Page) =>
    target.screenshot({ path: `target/e2e/shots/data-${name}-${info.project.name}.png` });
  await openCompare(app, page, 'counters');
  const bar = page.getByTestId('data-bar');
  await bar.scrollIntoViewIfNeeded();
  await shot('compare', bar);
  await importFile(page, 'range.json', '{ "cache": { "capacity": 0 } }');
  await expect(page.getByTestId('data-error')).toBeVisible();
  await shot('compare-error', bar);
  await dragOver(page, 'x.json', '{}');
  await expect(page.getByTestId('data-drop-hint')).toBeVisible();
  await shot('drop-hint', page);
  await drop(page);
  await app.open('/?view=lab');
  await page.getByTestId('lab-data-bar').scrollIntoViewIfNeeded();
  await shot('lab', page.getByTestId('lab-data-bar'));
});
