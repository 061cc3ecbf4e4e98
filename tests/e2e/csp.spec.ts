// The release page carries a strict Content-Security-Policy (tools/csp.mjs):
// the app itself runs under it without a single violation (the fixture fails
// on any console error), and script injected at run time is refused.
import { expect, test } from './app';

test('the page has a strict Content-Security-Policy', async ({ app, page }) => {
  await app.open('/?view=compare');
  const policy = await page
    .locator('meta[http-equiv="Content-Security-Policy"]')
    .getAttribute('content');
  expect(policy).toContain("default-src 'self'");
  expect(policy).toMatch(/script-src 'self' 'wasm-unsafe-eval' 'sha256-[A-Za-z0-9+/=]+'(;|$)/);
  const directive = (name: string) =>
    policy!.split(';').map((d) => d.trim()).find((d) => d.startsWith(`${name} `));
  // Script is the boundary: no inline script or eval beyond the hashed loader.
  expect(directive('script-src')).not.toContain('unsafe-inline');
  expect(directive('script-src')).not.toContain("'unsafe-eval'");
  expect(directive('style-src')).toBe("style-src 'self'");
});

test('injected inline script is blocked', async ({ app, page }) => {
  await app.open('/');
  const ran = await page.evaluate(() => {
    const script = document.createElement('script');
    script.textContent = 'window.__injected = true;';
    document.head.append(script);
    return (window as unknown as { __injected?: boolean }).__injected === true;
  });
  expect(ran).toBe(false);
  // Chromium reports the refusal on the console; that one is expected.
  await expect.poll(() => app.takeProblems(/Content Security Policy/).length).toBe(1);
});
