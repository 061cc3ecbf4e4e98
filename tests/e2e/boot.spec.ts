// index.html's boot note: invisible while the app starts, removed once it
// has mounted, and shown (by a CSS delay, without any script) when the
// page's wasm cannot start, e.g. in a browser without WebAssembly SIMD.
import type { Page } from '@playwright/test';
import { expect, test } from './app';

/** Holds the page's wasm download back until the returned function is called. */
async function holdWasm(page: Page): Promise<() => void> {
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route(/cachescope-app-[0-9a-f]+_bg\.wasm$/, async (route) => {
    await held;
    await route.continue();
  });
  return release;
}

test('the boot note is gone once the app has mounted', async ({ app, page }) => {
  await app.open('./?view=lab');
  await expect(page.locator('#boot-note')).toHaveCount(0);
});

test('a page whose wasm cannot start says why instead of staying blank', async ({ app, page }) => {
  await page.route(/cachescope-app-[0-9a-f]+_bg\.wasm$/, (route) => route.abort('failed'));
  await page.goto('./?view=compare');
  const note = page.locator('#boot-note');
  await expect(note).toBeHidden();
  await expect(note).toBeVisible({ timeout: 20_000 });
  await expect(note).toContainText('WebAssembly SIMD');
  await expect(note).toContainText('reload the page');
  await expect(page.getByTestId('view-title')).toHaveCount(0);
  // The failed download is what this test provokes.
  expect(app.takeProblems(/wasm|Failed to fetch|ERR_FAILED|WebAssembly/i).length).toBeGreaterThan(0);
});

test('before the wasm runs, the header and the five strategies are on screen; then the app takes their place', async ({ app, page }) => {
  // Hold the page's wasm back until the skeleton has been looked at.
  const release = await holdWasm(page);
  await page.addInitScript(() => {
    (window as unknown as { __shift: number }).__shift = 0;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries() as unknown as { value: number; hadRecentInput: boolean }[]) {
        if (!e.hadRecentInput) (window as unknown as { __shift: number }).__shift += e.value;
      }
    }).observe({ type: 'layout-shift', buffered: true });
  });
  await page.goto('./?view=compare');
  const skeleton = page.locator('#boot-skeleton');
  await expect(skeleton).toBeVisible();
  await expect(skeleton.getByRole('status')).toHaveText('Loading the simulator…');
  await expect(skeleton.getByRole('link')).toHaveText(['Lab', 'Compare', 'Choose']);
  await expect(skeleton.getByRole('rowheader')).toHaveText([
    'Cache-aside',
    'Read-through',
    'Write-through',
    'Write-back',
    'Write-around',
  ]);
  await expect(page.getByTestId('app')).toHaveCount(0);

  release();
  await expect(page.getByTestId('view-title')).toHaveText('Compare');
  await expect(skeleton).toHaveCount(0);
  // One header: the app's, not a second one beside the skeleton's.
  await expect(page.locator('header.site-header')).toHaveCount(1);
  // The swap moves nothing that stays (CLS well under "good", 0.1).
  const shift = await page.evaluate(() => (window as unknown as { __shift: number }).__shift);
  expect(shift).toBeLessThan(0.01);
});

test('without JavaScript the skeleton still shows the five strategies, with no loading line', async ({ browser, baseURL }) => {
  const ctx = await browser.newContext({ javaScriptEnabled: false });
  const page = await ctx.newPage();
  await page.goto(new URL('./?view=lab', baseURL).href);
  await expect(page.locator('#boot-skeleton').getByRole('rowheader')).toHaveCount(5);
  await expect(page.locator('.boot-skeleton__status')).toBeHidden();
  await ctx.close();
});

test('the skeleton already has the theme of the link and an embed has no header, before the wasm', async ({ app, page }) => {
  const release = await holdWasm(page);
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto('./?view=compare&embed=1&theme=dark');
  const skeleton = page.locator('#boot-skeleton');
  await expect(skeleton.getByRole('rowheader')).toHaveCount(5);
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await expect(skeleton.locator('.site-header')).toBeHidden();
  const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  const dark = await background();
  release();
  // The held wasm now downloads, compiles and mounts: on a loaded machine
  // that took longer than the default 5 s once.
  await expect(page.getByTestId('app')).toHaveClass(/app--embed/, { timeout: 20_000 });
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  expect(await background()).toBe(dark);
});

test('a remembered theme colours the skeleton too', async ({ app, page }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.addInitScript(() => localStorage.setItem('cachescope.theme', 'light'));
  await page.route(/cachescope-app-[0-9a-f]+_bg\.wasm$/, (route) => route.abort('failed'));
  await page.goto('./?view=lab');
  await expect(page.locator('#boot-skeleton .site-header')).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  expect(app.takeProblems(/wasm|Failed to fetch|ERR_FAILED|WebAssembly/i).length).toBeGreaterThan(0);
});
