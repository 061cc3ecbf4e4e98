// Permalinks: the whole state of every view lives in the address. For each
// view, change several things through the UI, take the link, open it in a
// fresh browser context (no storage, no history) and expect the very same
// numbers and no notice. Plus Back/Forward through states, a bad value's
// notice, and a Lab reloaded mid-timeline (screenshots in target/e2e/shots/).
import { expect, test, type AppPage } from './app';
import type { Browser, Locator, Page } from '@playwright/test';

const SHOTS = 'target/e2e/shots';

/** A locator's text once it stops changing (reports compute asynchronously). */
async function settled(locator: Locator): Promise<string> {
  let previous = '';
  await expect
    .poll(
      async () => {
        const now = (await locator.innerText()).replace(/\bin \d+ ms\b/g, 'in … ms');
        const same = now === previous && now.length > 0 && !now.includes('Simulating');
        previous = now;
        return same;
      },
      { intervals: [300, 300, 500, 1000], timeout: 30_000 },
    )
    .toBe(true);
  return previous;
}

/**
 * Compare's lanes once the newest run is done: a run is sliced and cancelled
 * by newer knobs, and the previous report stays on screen meanwhile.
 */
async function lanes(page: Page): Promise<string> {
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
  return settled(page.getByTestId('lanes'));
}

/** Takes the link the way a reader does: the Copy link button, then the clipboard. */
async function copyLink(page: Page): Promise<string> {
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.getByTestId('copy-link').click();
  await expect(page.getByTestId('copy-link-status')).toHaveText('Link copied');
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toBe(page.url());
  return copied;
}

/** Opens `link` in a new context; fails on any console error or page error there. */
async function openFresh(browser: Browser, link: string): Promise<{ page: Page; done: () => Promise<void> }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(e.message));
  await page.goto(link);
  await expect(page.getByTestId('view-title')).toBeVisible();
  return {
    page,
    done: async () => {
      expect(problems).toEqual([]);
      await context.close();
    },
  };
}

/** Nothing on the page says the link was not used or is incomplete. */
async function expectNoNotice(page: Page): Promise<void> {
  for (const id of ['notices', 'unknown-view-notice', 'unknown-strategy', 'unknown-preset-notice', 'link-incomplete']) {
    await expect(page.getByTestId(id), id).toHaveCount(0);
  }
}

/** Counters, clock, both tables and the timeline: the Lab's visible state. */
async function labState(page: Page): Promise<string> {
  const ids = ['hits', 'misses', 'hit-ratio', 'stale-reads', 'lost-writes', 'dirty', 'failed', 'clock', 'cache-table', 'db-table'];
  const parts = [];
  for (const id of ids) parts.push(`${id}=${(await page.getByTestId(id).textContent()) ?? ''}`);
  parts.push(`scrubber=${await page.getByTestId('scrubber').inputValue()}`);
  parts.push(`max=${await page.getByTestId('scrubber').getAttribute('max')}`);
  return parts.join(' | ');
}

/** The query's parameters as a sorted `key=value` list: order is not state. */
function query(app: AppPage): string[] {
  return [...new URL(app.page.url()).searchParams].map(([k, v]) => `${k}=${v}`).sort();
}

/** `n` single steps with the → shortcut (focus off any field first). */
async function steps(page: Page, n: number): Promise<void> {
  await page.getByTestId('view-title').click();
  for (let i = 0; i < n; i++) await page.keyboard.press('ArrowRight');
}

/** The clock of the address's `pos=events@time`, in µs (NaN if absent). */
function positionUs(app: AppPage): number {
  const pos = new URL(app.page.url()).searchParams.get('pos') ?? '';
  const m = /@([\d.]+)(s|ms|us)$/.exec(pos);
  if (!m) return NaN;
  return Math.round(Number(m[1]) * { s: 1e6, ms: 1e3, us: 1 }[m[2] as 's' | 'ms' | 'us']);
}

async function setNumber(page: Page, id: string, value: string): Promise<void> {
  const input = page.getByTestId(id);
  await input.fill(value);
  await input.press('Tab');
}

test('Compare: knobs, an event and the seed travel in the link', async ({ app, page, browser }) => {
  test.setTimeout(120_000);
  await app.open('/?view=compare&preset=counters');
  await setNumber(page, 'knob-capacity', '50');
  await setNumber(page, 'knob-seed', '7');
  await page.getByTestId('knob-read-ratio').fill('0.75');
  await page.getByTestId('event-0').uncheck();
  await expect.poll(() => query(app)).toEqual(
    ['capacity=50', 'crash=off', 'preset=counters', 'read-ratio=0.75', 'seed=7', 'view=compare'],
  );
  const before = await lanes(page);
  expect(before).toMatch(/\d/);
  const link = await copyLink(page);

  const fresh = await openFresh(browser, link);
  expect(await lanes(fresh.page)).toBe(before);
  await expect(fresh.page.getByTestId('knob-capacity')).toHaveValue('50');
  await expect(fresh.page.getByTestId('event-0')).not.toBeChecked();
  await expectNoNotice(fresh.page);
  expect(fresh.page.url()).toBe(link);
  await fresh.done();
});

test('Compare: an event moved in time is carried as a duration', async ({ app, page, browser }) => {
  test.setTimeout(120_000);
  await app.open('/?view=compare&preset=counters');
  const time = page.getByRole('spinbutton', { name: 'time of event 1 in seconds' });
  await time.fill('1.5');
  await time.press('Tab');
  await expect.poll(() => app.search()).toContain('crash=1500ms');
  const before = await lanes(page);
  const fresh = await openFresh(browser, page.url());
  expect(await lanes(fresh.page)).toBe(before);
  await expectNoNotice(fresh.page);
  await fresh.done();
});

test('Lab: strategy, a knob, an injection and steps travel in the link', async ({ app, page, browser }) => {
  test.setTimeout(90_000);
  await app.open('/?view=lab');
  await page.getByTestId('strategy').selectOption('write-back');
  await setNumber(page, 'knob-capacity', '4');
  await steps(page, 120);
  await page.getByTestId('break-crash').click();
  await steps(page, 15);
  await expect.poll(() => query(app).join('&')).toMatch(
    /^break=crash:1\d\d@[\d.]+m?s&capacity=4&pos=1\d\d@[\d.]+m?s&strategy=write-back&view=lab$/,
  );
  const before = await labState(page);
  const link = await copyLink(page);

  const fresh = await openFresh(browser, link);
  await expect(fresh.page.getByTestId('strategy')).toHaveValue('write-back');
  await expect.poll(() => labState(fresh.page)).toBe(before);
  await expectNoNotice(fresh.page);
  // The shared Lab goes on exactly like the original.
  for (const p of [page, fresh.page]) await steps(p, 10);
  expect(await labState(fresh.page)).toBe(await labState(page));
  await fresh.done();
});

test('Lab: a knob change keeps the break-it presses and the position, and says so', async ({ app, page }) => {
  test.setTimeout(60_000);
  await app.open('/?view=lab&strategy=write-back');
  await steps(page, 80);
  await page.getByTestId('break-crash').click();
  await steps(page, 20);
  await expect.poll(() => app.search()).toContain('break=crash:');
  const clock = await page.getByTestId('clock').textContent();
  // It used to drop both: the link lost break= and pos=, the Lab went to 0.
  await setNumber(page, 'knob-capacity', '3');
  await expect(page.getByTestId('break-outcome')).toContainText('kept the position');
  await expect(page.getByTestId('break-outcome')).toContainText('1 break-it press at the same times');
  await expect(page.getByTestId('clock')).toHaveText(clock!);
  await expect.poll(() => app.search()).toContain('capacity=3');
  expect(app.search()).toContain('break=crash:');
  expect(app.search()).toMatch(/pos=\d+@/);
  await expect(page.locator('.lab-scrubber__mark')).toHaveCount(1);
});

test('Lab: a position reached by playing and scrubbing reloads exactly', async ({ app, page }) => {
  await app.open('/?view=lab&strategy=write-through');
  await page.getByRole('slider', { name: /Playback speed/ }).fill('1.5');
  await page.getByTestId('play').click();
  await expect.poll(async () => Number(await page.getByTestId('hits').textContent())).toBeGreaterThan(20);
  await page.getByTestId('play').click();
  await page.getByTestId('break-admin-write').click();
  const scrubber = page.getByTestId('scrubber');
  await scrubber.fill(String(Math.round(Number(await scrubber.inputValue()) * 0.7)));
  await scrubber.blur();
  // The position is written once the scrubbing stops: wait for this one.
  const target = Number(await scrubber.inputValue());
  await expect.poll(() => positionUs(app)).toBe(target);
  const before = await labState(page);
  await app.reload();
  await expect.poll(() => labState(page)).toBe(before);
  await expectNoNotice(page);
  await page.screenshot({ path: `${SHOTS}/permalink-lab-mid-timeline.png`, fullPage: true });
  // The speed set before playing (10^1.5 ≈ 32×) came back with the link.
  expect(app.search()).toContain('speed=31.6');
  await expect(page.getByTestId('speed')).toHaveText('32×');
  await expect(page.getByRole('slider', { name: /Playback speed/ })).toHaveValue('1.5');
});

test('Lab: the playback speed travels in the link, and a bad one is named', async ({ app, page }) => {
  await app.open('/?view=lab&speed=10');
  await expect(page.getByTestId('speed')).toHaveText('10×');
  await expectNoNotice(page);
  await page.getByRole('slider', { name: /Playback speed/ }).fill('0');
  await expect.poll(() => app.search()).toContain('speed=1');
  await page.getByRole('slider', { name: /Playback speed/ }).fill('-1');
  await expect.poll(() => app.search()).toContain('speed=0.1');
  await app.open('/?view=lab&speed=9000');
  await expect(page.getByTestId('notices')).toContainText('speed “9000” is not a number from 0.1 to 100 (×); playing at 4×.');
  await expect(page.getByTestId('speed')).toHaveText('4×');
});

test('Lab: it opens at 4× so Play visibly moves, and s is slow motion and back', async ({ app, page }) => {
  await app.open('/?view=lab');
  // At 1× two requests started per second, and readers took it for frozen.
  await expect(page.getByTestId('speed')).toHaveText('4×');
  expect(app.search()).not.toContain('speed=');
  await page.keyboard.press('s');
  await expect(page.getByTestId('speed')).toHaveText('0.25×');
  await expect.poll(() => app.search()).toContain('speed=0.25');
  await page.keyboard.press('s');
  await expect(page.getByTestId('speed')).toHaveText('4×');
  await expect.poll(() => app.search()).not.toContain('speed=');
});

test('Choose: the answers travel in the link', async ({ app, page, browser }) => {
  await app.open('/?view=choose');
  await page.getByTestId('q-mix-write').check();
  await page.getByTestId('q-lose-yes').check();
  await page.getByTestId('q-others-yes').check();
  await expect.poll(() => app.search()).toBe('?view=choose&mix=write&lose=yes&others=yes');
  const advice = await settled(page.getByTestId('advice'));
  const link = await copyLink(page);

  const fresh = await openFresh(browser, link);
  await expect.poll(() => settled(fresh.page.getByTestId('advice'))).toBe(advice);
  await expect(fresh.page.getByTestId('q-lose-yes')).toBeChecked();
  await expectNoNotice(fresh.page);
  await fresh.done();
});

test('Back and Forward walk through Compare states', async ({ app, page }) => {
  await app.open('/?view=compare&preset=counters');
  await page.getByTestId('preset-select').selectOption('etl');
  await expect.poll(() => app.search()).toBe('?view=compare&preset=etl');
  const entries = () => page.evaluate(() => history.length);
  const beforeKnob = await entries();
  await setNumber(page, 'knob-capacity', '77');
  await expect.poll(() => app.search()).toBe('?view=compare&preset=etl&capacity=77');
  // The knob's first change opened its own history entry at once (later
  // changes of the same burst only rewrite it), so Back can leave it now.
  expect(await entries()).toBe(beforeKnob + 1);
  await page.goBack();
  await expect.poll(() => app.search()).toBe('?view=compare&preset=etl');
  await expect(page.getByTestId('knob-capacity')).not.toHaveValue('77');
  await page.goBack();
  await expect(page.getByTestId('preset-select')).toHaveValue('counters');
  await page.goForward();
  await expect(page.getByTestId('preset-select')).toHaveValue('etl');
  await page.goForward();
  await expect(page.getByTestId('knob-capacity')).toHaveValue('77');
  expect(app.search()).toBe('?view=compare&preset=etl&capacity=77');
});

test('a bad value falls back with a specific notice, and the address is corrected', async ({ app, page }) => {
  await app.open('/?view=compare&preset=counters&capacity=0&crash=soon&seed=7');
  const notices = page.getByTestId('notices');
  await expect(notices).toContainText('cache size (entries) 0 is below the minimum 1; using');
  await expect(notices).toContainText('cache crash time “soon” is not a time like 30s or 1500ms');
  // The address now says what the page shows: the rejected values are gone.
  await expect.poll(() => app.search()).toBe('?view=compare&preset=counters&seed=7');
  await expect(notices).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/permalink-bad-value.png` });
});

test('a Lab link with a position that is not in the run says so', async ({ app, page }) => {
  await app.open('/?view=lab&pos=5@0s&ttl=-3');
  const notices = page.getByTestId('notices');
  await expect(notices).toContainText('TTL (ms) -3 is below the minimum 0; using 500.');
  await expect(notices).toContainText('timeline position event 5 at 0 ms is not a moment of this run');
});
