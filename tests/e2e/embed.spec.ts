// Embed mode (?embed=1) and the blog-like demo page (public/embed-demo.html)
// with two embeds, one of them under the strictest sandbox="allow-scripts".
import { expect, isLocal, test, type AppPage } from './app';
import type { Page } from '@playwright/test';

/** Chromium's hint that the page's wasm preload was not used in time:
 * "A preload for … is found, but is not used" (older) or "The resource … was
 * preloaded using link preload but not used within a few seconds" (newer). */
const PRELOAD_UNUSED = /preload.*_bg\.wasm|_bg\.wasm.*preload/;

/**
 * A sandboxed iframe has an opaque origin, so the app's module script and
 * wasm are cross-origin CORS requests for it. GitHub Pages (like most static
 * hosts) answers them with `Access-Control-Allow-Origin: *`; the test server
 * does not, so this adds that one header to every local response. Requests
 * that would leave 127.0.0.1 stay aborted by the fixture.
 */
async function serveLikeGitHubPages(page: Page): Promise<void> {
  await page.route(
    (url) => isLocal(url.href) && url.protocol.startsWith('http'),
    async (route) => {
      const response = await route.fetch();
      await route.fulfill({
        response,
        headers: { ...response.headers(), 'access-control-allow-origin': '*' },
      });
    },
  );
}

/** Height in CSS pixels of the iframe element `selector` on the host page. */
async function frameHeight(page: Page, selector: string): Promise<number> {
  return page.locator(selector).evaluate((el) => Math.round(el.getBoundingClientRect().height));
}

async function checkEmbed(app: AppPage, selector: string, view: string, theme: string) {
  const { page } = app;
  await page.locator(selector).scrollIntoViewIfNeeded();
  const frame = page.frameLocator(selector);
  await expect(frame.getByTestId('view-title')).toHaveText(view);
  // Minimal chrome: no header, navigation, toolbar or footer.
  await expect(frame.locator('.site-header, .site-footer, nav.nav')).toHaveCount(0);
  await expect(frame.getByTestId('theme-toggle')).toHaveCount(0);
  await expect(frame.locator('html')).toHaveAttribute('data-theme', theme);
  const open = frame.getByTestId('open-full');
  await expect(open).toHaveText(/open in cachescope/i);
  const href = await open.getAttribute('href');
  expect(href).not.toContain('embed');
  expect(href).toContain(`view=${view.toLowerCase()}`);
  // The frame grows (or shrinks) from its tag's 480 px to its content.
  const content = () =>
    frame
      .getByTestId('app')
      .evaluate((el) => Math.ceil(el.getBoundingClientRect().height));
  await expect
    .poll(async () => Math.abs((await frameHeight(page, selector)) - (await content())), {
      message: `${selector} sized to its content`,
    })
    .toBeLessThanOrEqual(1);
  expect(await frameHeight(page, selector)).not.toBe(480);
}

test('the blog-like page loads its embeds, each sized to its content', async ({ app, page }) => {
  await serveLikeGitHubPages(page);
  await page.goto('/embed-demo.html');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Why our counters lost writes');
  await checkEmbed(app, '#embed-compare', 'Compare', 'light');
  await checkEmbed(app, '#embed-lab', 'Lab', 'dark');
  await checkEmbed(app, '#embed-chart', 'Compare', 'light');
  const chart = page.frameLocator('#embed-chart');
  await expect(chart.getByTestId('chart-tradeoff').locator('svg')).toHaveCount(1);
  await expect(chart.getByTestId('chart-bars')).toHaveCount(0);
  // The strict sandbox really is strict: the Lab frame has no storage and
  // an opaque origin, yet it ran without a console error (the fixture).
  await expect(page.locator('#embed-lab')).toHaveAttribute('sandbox', 'allow-scripts');
  const origin = await page.frameLocator('#embed-lab').locator('html').evaluate(() => self.origin);
  expect(origin).toBe('null');
  // Both frames fetched the app from this server only.
  expect(app.requests.some((url) => url.endsWith('.wasm'))).toBe(true);
  expect(app.requests.filter((url) => !isLocal(url))).toEqual([]);
  await page.screenshot({ path: 'target/e2e/shots/embed-demo.png', fullPage: true });
  // On a loaded machine a frame can start its wasm later than "a few
  // seconds after load", and Chromium then calls the preload unused: a
  // timing hint, not a fault of the page.
  app.takeProblems(PRELOAD_UNUSED);
});

test('a sandboxed frame on a host without CORS headers says the true cause at once', async ({ app, page }) => {
  // The test server sends no Access-Control-Allow-Origin, like python3 -m
  // http.server: the demo's sandboxed frames cannot fetch the app. The note
  // used to say (after 8 s) that the browser lacked WebAssembly SIMD.
  await page.goto('/embed-demo.html');
  const note = page.frameLocator('#embed-lab').locator('#boot-note');
  await expect(note).toBeVisible({ timeout: 5_000 });
  await expect(note).toHaveAttribute('data-cause', 'sandbox-cors');
  await expect(note).toContainText('Access-Control-Allow-Origin: *');
  await expect(note).toContainText('without the sandbox attribute');
  await expect(note).not.toContainText('SIMD');
  // The refused downloads are what this test provokes.
  expect(app.takeProblems(/CORS|Access-Control|Failed to fetch|ERR_FAILED|net::/i).length).toBeGreaterThan(0);
  // ...and the wasm preload the refused module never used (each frame's;
  // Chromium's wording changed between versions).
  app.takeProblems(PRELOAD_UNUSED);
});

test('the Embed dialog offers a snippet that works on any static host by default', async ({ app, page }) => {
  await app.open('/?view=lab');
  await page.getByTestId('embed-open').click();
  const snippet = page.getByTestId('embed-snippet');
  await expect(snippet).not.toHaveValue(/sandbox=/);
  await page.getByTestId('embed-sandbox').check();
  await expect(snippet).toHaveValue(/sandbox="allow-scripts allow-popups allow-popups-to-escape-sandbox"/);
  await page.getByTestId('embed-sandbox').uncheck();
  await expect(snippet).not.toHaveValue(/sandbox=/);
});

test('embed mode on its own: the view, a link out, no header or footer', async ({ app, page }) => {
  await app.open('/?view=compare&preset=etl&embed=1');
  await expect(page.getByTestId('view-compare')).toBeVisible();
  await expect(page.locator('.site-header, .site-footer')).toHaveCount(0);
  await expect(page.getByTestId('open-full')).toHaveAttribute('href', '?view=compare&preset=etl');
  await expect(page.getByTestId('open-full')).toHaveAttribute('target', '_blank');
  // No forced theme: the system decides (no attribute on <html>).
  await expect(page.locator('html')).not.toHaveAttribute('data-theme', /./);
  await page.screenshot({ path: 'target/e2e/shots/embed-compare.png', fullPage: true });
});

test('embed mode without a parent posts no message and works', async ({ app, page }) => {
  await app.open('/?view=lab&embed=1&theme=dark');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  expect(bg).toBe('rgb(11, 17, 32)');
});

/** The markup of the chart `id`'s SVG once the run is done. */
async function chartSvg(page: Page, id: string): Promise<string> {
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-state', 'done');
  const svg = page.getByTestId(`chart-${id}`).locator('svg');
  await expect(svg).toHaveCount(1);
  return svg.evaluate((el) => el.outerHTML);
}

test('an embed of one chart shows that chart alone, the same as on the full page', async ({ app, page }) => {
  const state = 'view=compare&preset=counters&metric=read-p99';
  await app.open(`/?${state}&embed=1&chart=bars`);
  await expect(page.getByTestId('chart-bars')).toBeVisible();
  for (const other of ['tradeoff', 'before-after', 'timeseries']) {
    await expect(page.getByTestId(`chart-${other}`)).toHaveCount(0);
  }
  // Nothing of the view but the chart: no lanes, knobs, table or sweep.
  for (const part of ['lanes', 'knob-panel', 'compare-table', 'preset-select']) {
    await expect(page.getByTestId(part)).toHaveCount(0);
  }
  await expect(page.getByTestId('chart-caption')).toContainText('Likes and view counters');
  await expect(page.getByTestId('bars-metric')).toHaveValue('read-p99');
  await expect(page.getByTestId('notices')).toHaveCount(0);
  const embedded = await chartSvg(page, 'bars');
  expect(embedded).toContain('Read p99');
  // "Open in cachescope" leads to the whole view with the same chart setting.
  await expect(page.getByTestId('open-full')).toHaveAttribute('href', `?${state}`);
  await page.screenshot({ path: 'target/e2e/shots/embed-one-chart.png', fullPage: true });
  // The chart's own control still works inside the embed.
  await page.getByTestId('bars-metric').selectOption('db-reads');
  await expect.poll(() => app.search()).toContain('metric=db-reads');
  expect(app.search()).toContain('chart=bars');
  // Same scenario and viewport on the full page: the same SVG, byte for byte.
  await app.open(`/?${state}`);
  expect(await chartSvg(page, 'bars')).toBe(embedded);
});

test('a single chart is for embeds: the full page shows every chart and says why', async ({ app, page }) => {
  await app.open('/?view=compare&chart=tradeoff&risk=stale-rate');
  await expect(page.getByTestId('notices')).toContainText(
    'chart=tradeoff picks a single chart in an embed (embed=1) only; the full page shows every chart.',
  );
  await expect(page.getByTestId('chart-bars')).toBeVisible();
  await expect(page.getByTestId('risk-stale-rate')).toBeChecked();
  await app.open('/?view=compare&embed=1&chart=pie&metric=%3Cscript%3E');
  const notices = page.getByTestId('notices');
  await expect(notices).toContainText('chart “pie” is not one of tradeoff, before-after, bars or timeseries');
  await expect(notices).toContainText('metric “<script>” is not one of');
  await expect(page.getByTestId('chart-timeseries')).toBeVisible();
  await expect(page.getByTestId('bars-metric')).toHaveValue('hit-ratio');
});

test('the Embed dialog offers one chart of Compare, with its preview', async ({ app, page }) => {
  await app.open('/?view=compare&preset=wallet');
  await page.getByTestId('risk-stale-rate').check();
  await page.getByTestId('embed-open').click();
  const pick = page.getByTestId('embed-chart');
  await expect(pick).toHaveValue('');
  await pick.selectOption('tradeoff');
  const snippet = page.getByTestId('embed-snippet');
  await expect(snippet).toHaveValue(/chart=tradeoff/);
  await expect(snippet).toHaveValue(/risk=stale-rate/);
  await expect(snippet).toHaveValue(/title="cachescope: Compare, Trade-off: write p99 against a risk"/);
  await expect(page.getByTestId('embed-height')).toHaveValue('560');
  const preview = page.frameLocator('[data-testid="embed-preview"]');
  await expect(preview.getByTestId('chart-tradeoff').locator('svg')).toHaveCount(1);
  await expect(preview.getByTestId('chart-bars')).toHaveCount(0);
  await expect(preview.getByTestId('risk-stale-rate')).toBeChecked();
  // Back to the whole view.
  await pick.selectOption('');
  await expect(snippet).not.toHaveValue(/chart=/);
  await expect(preview.getByTestId('chart-bars')).toBeVisible();
  await page.keyboard.press('Escape');
  // The Lab has no chart choice.
  await page.getByTestId('nav-lab').click();
  await page.getByTestId('embed-open').click();
  await expect(page.getByTestId('embed-chart')).toHaveCount(0);
  await expect(snippet).not.toHaveValue(/chart=/);
});
