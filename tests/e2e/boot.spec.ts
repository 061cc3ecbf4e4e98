// index.html's boot note: invisible while the app starts, removed once it
// has mounted, and shown (by a CSS delay, without any script) when the
// page's wasm cannot start, e.g. in a browser without WebAssembly SIMD.
import { expect, test } from './app';

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
