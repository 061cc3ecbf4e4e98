// Compare's lanes on Web Workers (crates/worker, src/compare/runner/pool.rs):
// the numbers are the same with workers and in every fallback to the main
// thread (the off switch, worker files that fail to load, a sandboxed embed
// whose opaque origin cannot start a worker), the sweep's chart too, and a
// knob change during a run on the workers shows only the newest result.
import { expect, isLocal, test } from './app';
import type { Frame, Page } from '@playwright/test';

const RUNNER = 'data-cachescope-runner';
const SCENARIO = '?view=compare&preset=counters';

/** Every figure of every lane card ("lane-write-back hit-ratio" → its exact value), once Compare is done. */
async function figures(target: Page | Frame): Promise<Record<string, string>> {
  await target.waitForFunction(
    () => document.querySelector('[data-testid="run-status"]')?.getAttribute('data-state') === 'done',
    null,
    { timeout: 60_000 },
  );
  return target.evaluate(() => {
    const out: Record<string, string> = {};
    for (const el of document.querySelectorAll('[data-testid^="lane-"] [data-value]')) {
      const lane = el.closest('[data-testid^="lane-"]')?.getAttribute('data-testid');
      out[`${lane} ${el.getAttribute('data-testid')}`] = el.getAttribute('data-value') ?? '';
    }
    const status = document.querySelector('[data-testid="run-status"]') as HTMLElement;
    out['status requests'] = status.dataset.requests ?? '';
    out['status lanes'] = status.dataset.lanes ?? '';
    return out;
  });
}

/**
 * The comparison's charts as drawn (SVG text), for pages of the same size;
 * not the sweep's, which comes later and on its own schedule.
 */
async function charts(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    // The <svg> itself: Leptos's placeholder comments around it depend on
    // the render history, not on the chart.
    [...document.querySelectorAll('.chart-svg')]
      .filter((c) => !c.closest('[data-testid="chart-sweep"]'))
      .map((c) => c.querySelector('svg')?.outerHTML ?? ''),
  );
}

async function runner(target: Page | Frame): Promise<string> {
  return (await target.locator('html').getAttribute(RUNNER)) ?? '';
}

/**
 * The sweep chart once the sweep of the current knobs is done (it runs on the
 * same pool, or here). Until then the previous sweep's chart stays on
 * screen, marked stale.
 */
async function sweepChart(page: Page): Promise<string> {
  await page.waitForFunction(() => performance.getEntriesByName('cachescope:sweep-done').length > 0, null, { timeout: 90_000 });
  // The <svg> itself, as for the other charts (placeholder comments around
  // it depend on the render history).
  return page
    .locator('[data-testid="chart-sweep"]:not(.sweep__chart--stale) .chart-svg svg')
    .evaluate((svg) => svg.outerHTML, null, { timeout: 90_000 });
}

/** Runs the same scenario again: away and back on the Requests knob. */
async function runAgain(page: Page): Promise<void> {
  const status = page.getByTestId('run-status');
  const knob = page.getByTestId('knob-requests');
  const n = await knob.inputValue();
  for (const v of [String(Number(n) + 1000), n]) {
    await knob.fill(v);
    await knob.dispatchEvent('change');
    await expect(status).toHaveAttribute('data-requests', v, { timeout: 60_000 });
    await expect(status).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
  }
}

/** Waits until `n` lane workers have started on this page (first starts and replacements). */
async function workersStarted(page: Page, n: number): Promise<void> {
  await page.waitForFunction((n) => performance.getEntriesByName('cachescope:worker-ready').length >= n, n, { timeout: 60_000 });
}

/** Makes every later page of this context run Compare on the main thread. */
async function switchOff(page: Page): Promise<void> {
  await page.addInitScript(() => localStorage.setItem('cachescope.workers', 'off'));
}

test('workers and the main thread show the same numbers, byte for byte', async ({ app, page, browser }) => {
  test.setTimeout(120_000);
  await app.open(`/${SCENARIO}`);
  await figures(page);
  // The first comparison ran here while the pool started (it starts after
  // the first report: src/compare/runner.rs). Once a worker is ready, the
  // same scenario again (away and back on the Requests knob) runs on it.
  await workersStarted(page, 1);
  expect(await runner(page)).toMatch(/^workers [1-6]$/);
  await runAgain(page);
  const pooled = await figures(page);
  // Six lanes of eleven figures each.
  expect(Object.keys(pooled).length).toBeGreaterThanOrEqual(6 * 11 + 2);
  const pooledCharts = await charts(page);
  expect(pooledCharts.length).toBeGreaterThan(0);

  // The off switch: same page, main thread.
  const ctx = await browser.newContext({ viewport: page.viewportSize() });
  const off = await ctx.newPage();
  const problems: string[] = [];
  off.on('console', (m) => ['error', 'warning'].includes(m.type()) && problems.push(m.text()));
  off.on('pageerror', (e) => problems.push(e.message));
  await switchOff(off);
  await off.goto(new URL(`/${SCENARIO}`, page.url()).href);
  const main = await figures(off);
  expect(await runner(off)).toBe('main thread: switched off (localStorage cachescope.workers = off)');
  expect(await off.evaluate(() => performance.getEntriesByName('cachescope:worker-ready').length)).toBe(0);
  expect(main).toEqual(pooled);
  expect(await charts(off)).toEqual(pooledCharts);
  // The sweep: 40 pieces on the workers, or sliced here; the same chart.
  expect(await sweepChart(off)).toEqual(await sweepChart(page));
  expect(problems).toEqual([]);
  await ctx.close();
});

test('worker files that fail to load: the page falls back and shows the same numbers', async ({ app, page }) => {
  test.setTimeout(120_000);
  await app.open(`/${SCENARIO}`);
  const pooled = await figures(page);
  // A fresh page whose worker script cannot be fetched (a host that did not
  // deploy it, a proxy that blocks it): the worker's error event, no throw.
  await page.route(/cachescope-worker/, (route) => route.abort('failed'));
  await app.reload();
  const fallback = await figures(page);
  expect(await runner(page)).toMatch(/^main thread: a worker failed/);
  expect(fallback).toEqual(pooled);
  // The browser reports the failed download itself; that is the one line
  // expected on the console.
  const taken = app.takeProblems(/cachescope-worker|Failed to load resource|ERR_FAILED/);
  expect(taken.length).toBeLessThanOrEqual(2);
});

test('a sandboxed embed (opaque origin, no worker) shows the same numbers', async ({ app, page }) => {
  test.setTimeout(120_000);
  await app.open(`/${SCENARIO}`);
  const pooled = await figures(page);
  // As GitHub Pages serves it: the sandboxed frame's requests are
  // cross-origin and need the CORS header (see embed.spec.ts).
  await page.route(
    (url) => isLocal(url.href) && url.protocol.startsWith('http'),
    async (route) => {
      const response = await route.fetch();
      await route.fulfill({ response, headers: { ...response.headers(), 'access-control-allow-origin': '*' } });
    },
  );
  await page.route('**/worker-host.html', (route) =>
    route.fulfill({
      contentType: 'text/html',
      body: `<!doctype html><title>host</title><iframe id="f" sandbox="allow-scripts" style="width:1200px;height:900px" src="/${SCENARIO}&embed=1"></iframe>`,
    }),
  );
  await page.goto('/worker-host.html');
  const frame = page.frame({ url: /embed=1/ });
  expect(frame).not.toBeNull();
  const embedded = await figures(frame!);
  expect(await runner(frame!)).toMatch(/^main thread: no worker/);
  expect(embedded).toEqual(pooled);
});

test('a knob change during a run on the workers shows only the newest result', async ({ app, page }) => {
  test.setTimeout(180_000);
  await app.open('/?view=compare&preset=catalog');
  await figures(page);
  expect(await runner(page)).toMatch(/^workers/);
  const requests = page.getByTestId('knob-requests');
  await requests.fill('100000');
  await requests.dispatchEvent('change');
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-requests', '100000', { timeout: 60_000 });
  await figures(page);
  // In the page: count reports drawn and remember every exact cache-aside
  // hit ratio shown; set capacity to 20, and as soon as the workers report
  // progress (a percentage in the status line), to 50.
  const progress = await page.evaluate(
    () =>
      new Promise<string>((resolve) => {
        const w = window as unknown as { __seen: string[] };
        w.__seen = [];
        performance.clearMarks('cachescope:report-drawn');
        const cell = '[data-testid="lane-cache-aside"] [data-testid="hit-ratio"]';
        let last = document.querySelector(cell)?.getAttribute('data-value');
        new MutationObserver(() => {
          // Exact values only: partial results of both runs come and go.
          if (document.querySelector('[data-testid="lanes"]')?.hasAttribute('data-partial')) return;
          const v = document.querySelector(cell)?.getAttribute('data-value');
          if (v != null && v !== last) w.__seen.push((last = v));
        }).observe(document.body, { subtree: true, childList: true, attributes: true });
        const input = document.querySelector('[data-testid="knob-capacity"]') as HTMLInputElement;
        const set = (v: string) => {
          input.value = v;
          input.dispatchEvent(new Event(input.type === 'range' ? 'input' : 'change', { bubbles: true }));
        };
        const watch = new MutationObserver(() => {
          const p = document.querySelector('[data-testid="run-progress"]')?.textContent?.trim() ?? '';
          if (/^\d{1,2} %$/.test(p) && p !== '0 %') {
            watch.disconnect();
            set('50');
            resolve(p);
          }
        });
        watch.observe(document.body, { subtree: true, childList: true, characterData: true });
        set('20');
      }),
  );
  expect(progress).toMatch(/^\d{1,2} %$/);
  const final = await figures(page);
  await expect
    .poll(() => page.evaluate(() => performance.getEntriesByName('cachescope:report-drawn').length))
    .toBe(1);
  const seen = await page.evaluate(() => (window as unknown as { __seen: string[] }).__seen);
  expect(seen).toEqual([final['lane-cache-aside hit-ratio']]);
  // The reference: capacity 50 alone, on a fresh page of the same address.
  // The address settles 400 ms after the last of a burst of knob changes
  // (url/history.rs, SETTLE_MS), which can be after the run has finished.
  await expect.poll(() => app.search()).toContain('capacity=50');
  const ref = await page.context().newPage();
  await ref.goto(page.url());
  expect(await figures(ref)).toEqual(final);
  await ref.close();
});

test('a worker whose memory grew past the limit is replaced, and the numbers stay the same', async ({ app, page }) => {
  test.setTimeout(120_000);
  await app.open(`/${SCENARIO}`);
  const reference = await figures(page);
  // Two workers, each replaced by a fresh one after every lane (the limit
  // lowered to 0 MiB: no allowed input grows a worker to the real 256).
  await page.addInitScript(() => {
    localStorage.setItem('cachescope.workers', '2');
    localStorage.setItem('cachescope.workers.keep-mb', '0');
  });
  await app.reload();
  await figures(page);
  await workersStarted(page, 2);
  await runAgain(page);
  expect(await figures(page)).toEqual(reference);
  expect(await runner(page)).toBe('workers 2');
  // Two first starts, then one fresh worker per lane they ran (six lanes of
  // each of the two runs again, and the sweeps').
  await workersStarted(page, 2 + 2 * 6);
});
