// Embed mode (?embed=1) and the blog-like demo page (public/embed-demo.html)
// with two embeds, one of them under the strictest sandbox="allow-scripts".
import { expect, isLocal, test, type AppPage } from './app';
import type { Page } from '@playwright/test';

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

test('the blog-like page loads two embeds that size to their content', async ({ app, page }) => {
  await serveLikeGitHubPages(page);
  await page.goto('/embed-demo.html');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Why our counters lost writes');
  await checkEmbed(app, '#embed-compare', 'Compare', 'light');
  await checkEmbed(app, '#embed-lab', 'Lab', 'dark');
  // The strict sandbox really is strict: the Lab frame has no storage and
  // an opaque origin, yet it ran without a console error (the fixture).
  await expect(page.locator('#embed-lab')).toHaveAttribute('sandbox', 'allow-scripts');
  const origin = await page.frameLocator('#embed-lab').locator('html').evaluate(() => self.origin);
  expect(origin).toBe('null');
  // Both frames fetched the app from this server only.
  expect(app.requests.some((url) => url.endsWith('.wasm'))).toBe(true);
  expect(app.requests.filter((url) => !isLocal(url))).toEqual([]);
  await page.screenshot({ path: 'target/e2e/shots/embed-demo.png', fullPage: true });
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
