// The app frame on the release build: loads clean, navigates, survives
// reloads and deep links, and works from a sub-path with no rewrite rule.
import { SUB_PATH, VIEWS, expect, test } from './app';

test('loads with the whole frame and zero console output', async ({ app, page }) => {
  await app.open('/');
  await app.expectView('lab');
  await expect(page.getByTestId('app-title')).toHaveText('cachescope');
  await expect(page.getByRole('navigation', { name: 'Views' })).toBeVisible();
  await expect(page.getByTestId('footer')).toContainText('no requests leave the page');
  // Chromium warns of a preload the page does not use only seconds after
  // load, too late for the fixture's zero-console check; check the cause
  // instead. A preload the app's own request matches is fetched once; one
  // it does not match (another URL, credentials mode or type) is fetched
  // again by the app, or never used.
  await page.waitForLoadState('networkidle');
  const fetches = await page.evaluate(() => {
    const preloads = [...document.querySelectorAll<HTMLLinkElement>('link[rel=preload], link[rel=modulepreload]')];
    const loaded = performance.getEntriesByType('resource').map((e) => e.name);
    return preloads.map((l) => ({ href: l.href, times: loaded.filter((n) => n === l.href).length }));
  });
  // Trunk's content hash is a u64 in hex without leading zeros: up to 16
  // digits, fewer about one build in sixteen.
  expect(fetches.map((f) => f.href.split('/').pop()!.replace(/-[0-9a-f]{1,16}(?=(_bg)?\.)/, ''))).toEqual([
    'cachescope-app.js',
    'cachescope-app_bg.wasm',
  ]);
  for (const f of fetches) expect(f.times, `${f.href} fetched once`).toBe(1);
});

test('every nav link shows its view and updates the address', async ({ app }) => {
  await app.open('/');
  for (const { id } of [...VIEWS].reverse()) {
    await app.nav(id).click();
    await app.expectView(id);
    expect(app.search()).toBe(`?view=${id}`);
  }
});

test('nav links are real links: a modified click opens a new tab', async ({ app, page }) => {
  await app.open('/');
  const [tab] = await Promise.all([
    page.context().waitForEvent('page'),
    app.nav('compare').click({ modifiers: ['ControlOrMeta'] }),
  ]);
  await tab.waitForLoadState();
  await expect(tab.getByTestId('view-title')).toHaveText('Compare');
  expect(new URL(tab.url()).search).toBe('?view=compare');
  // The original tab did not move.
  await app.expectView('lab');
  await tab.close();
});

test('a reload on a deep link shows that view', async ({ app, page }) => {
  await app.open('/?view=compare');
  await app.expectView('compare');
  await app.reload();
  await app.expectView('compare');
});

test('Back and Forward move between views', async ({ app, page }) => {
  await app.open('/?view=lab');
  await app.nav('choose').click();
  await app.expectView('choose');
  await page.goBack();
  await app.expectView('lab');
  await page.goForward();
  await app.expectView('choose');
});

test('an unknown view shows a notice and falls back to Lab', async ({ app, page }) => {
  await app.open('/?view=dashboard');
  await expect(page.getByTestId('unknown-view-notice')).toContainText('Unknown view “dashboard”');
  await app.expectView('lab');
  await app.nav('compare').click();
  await expect(page.getByTestId('unknown-view-notice')).toHaveCount(0);
});

test('the release build works from a sub-path', async ({ app, page }) => {
  await app.open(`${SUB_PATH}?view=compare`);
  await app.expectView('compare');
  await app.nav('choose').click();
  await app.expectView('choose');
  expect(app.pathname()).toBe(SUB_PATH);
  expect(app.search()).toBe('?view=choose');
  await app.reload();
  await app.expectView('choose');
  // Every asset came from under the sub-path: nothing assumes the site root.
  const outside = app.requests.filter((url) => !new URL(url).pathname.startsWith(SUB_PATH));
  expect(outside).toEqual([]);
});
