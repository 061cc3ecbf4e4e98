// Tooltips: every Compare knob and metric, every Lab counter, knob, break-it
// button and table column explains itself in one line; hover, keyboard focus
// and tap show it, Escape hides it, it stays inside a 360 px screen and
// showing it moves nothing.
import { expect, test, type AppPage } from './app';
import type { Locator, Page } from '@playwright/test';

/** The bubble a "?" button describes itself with (aria-describedby). */
async function bubbleOf(app: AppPage, button: Locator): Promise<Locator> {
  const id = await button.getAttribute('aria-describedby');
  expect(id, 'the button names its tooltip').toBeTruthy();
  const bubble = app.page.locator(`[id="${id}"]`);
  await expect(bubble).toHaveAttribute('role', 'tooltip');
  return bubble;
}

/**
 * Every `container` holds exactly one "?" named "What is …?" whose tooltip
 * (found through aria-describedby) is a real sentence. Read in one pass in
 * the page: a busy machine makes hundreds of separate round trips slow.
 */
async function expectEachExplained(containers: Locator, expected: number): Promise<void> {
  await expect(containers).toHaveCount(expected);
  const found = await containers.evaluateAll((els) =>
    els.map((el) => {
      const buttons = el.querySelectorAll('.info-tip__button');
      const button = buttons[0];
      const id = button?.getAttribute('aria-describedby') ?? '';
      const bubble = id ? document.getElementById(id) : null;
      return {
        where: (el as HTMLElement).innerText.split('\n')[0],
        buttons: buttons.length,
        name: button?.getAttribute('aria-label') ?? '',
        role: bubble?.getAttribute('role') ?? '',
        text: (bubble?.textContent ?? '').trim(),
      };
    }),
  );
  for (const f of found) {
    expect(f.buttons, `one "?" in ${f.where}`).toBe(1);
    expect(f.name, f.where).toMatch(/^What is .+\?$/);
    expect(f.role, f.where).toBe('tooltip');
    expect(f.text, f.where).toMatch(/^[A-Z0-9].{15,}\.$/);
  }
}

async function compareReady(app: AppPage): Promise<void> {
  await expect(app.page.getByTestId('lane-write-back').getByTestId('hit-ratio')).toHaveText(/\d/);
}

test('every knob on Compare has a tooltip, and so has every metric and column', async ({ app, page }) => {
  await app.open('/?view=compare');
  await compareReady(app);
  // Numbers and sliders, and the eviction-policy picker.
  const knobInputs = page.locator('.knob input, .knob select');
  const knobs = await knobInputs.count();
  expect(knobs).toBeGreaterThanOrEqual(14);
  await expectEachExplained(page.locator('.knob'), knobs);
  // Each metric of the first lane (the others repeat it, out of the tab order).
  const metrics = page.getByTestId('lane-cache-aside').locator('dt');
  await expectEachExplained(metrics, 13);
  await expect(metrics.first().locator('.info-tip__button')).not.toHaveAttribute('tabindex', '-1');
  await expect(page.getByTestId('lane-write-back').locator('dt .info-tip__button').first()).toHaveAttribute('tabindex', '-1');
  // The comparison table's headers, after "Strategy".
  await expectEachExplained(page.getByTestId('compare-table').locator('thead th:not(:first-child)'), 6);
});

test('every Lab counter, knob, break-it button and table column has a tooltip', async ({ app, page }) => {
  await app.open('/?view=lab');
  await expectEachExplained(page.locator('.lab-counter'), 10);
  // The strategy, read path and write path menus, the eviction picker and
  // LAB_KNOBS' 13 rows.
  await expectEachExplained(page.getByTestId('lab-knobs').locator('.lab-knob'), 17);
  await expectEachExplained(page.getByTestId('break-panel').locator('li'), 5);
  await expectEachExplained(page.getByTestId('cache-table').locator('th'), 5);
  await expectEachExplained(page.getByTestId('db-table').locator('th'), 3);
});

test('hover shows the line and leaving hides it; nothing moves', async ({ app, page }) => {
  await app.open('/?view=compare');
  await compareReady(app);
  const knob = page.locator('.knob').filter({ has: page.locator('#knob-capacity') });
  const button = knob.locator('.info-tip__button');
  const bubble = await bubbleOf(app, button);
  await expect(bubble).toBeHidden();
  await knob.scrollIntoViewIfNeeded();
  const before = await knob.boundingBox();
  const lanesBefore = await page.getByTestId('lanes').boundingBox();
  await button.hover();
  await expect(bubble).toBeVisible();
  await expect(bubble).toHaveText(/entries fit in the cache/);
  expect(await knob.boundingBox()).toEqual(before);
  expect(await page.getByTestId('lanes').boundingBox()).toEqual(lanesBefore);
  await page.mouse.move(2, 2);
  await expect(bubble).toBeHidden();
});

test('keyboard focus shows the line and Escape hides it', async ({ app, page }) => {
  await app.open('/?view=compare');
  await compareReady(app);
  // The "?" sits right before its input: Shift+Tab from the input reaches it.
  await page.locator('#knob-ttl').focus();
  await page.keyboard.press('Shift+Tab');
  const button = page.locator('.knob').filter({ has: page.locator('#knob-ttl') }).locator('.info-tip__button');
  await expect(button).toBeFocused();
  const bubble = await bubbleOf(app, button);
  await expect(bubble).toBeVisible();
  await expect(bubble).toHaveText(/expires/);
  await expect(button).toHaveAttribute('aria-expanded', 'true');
  await page.keyboard.press('Escape');
  await expect(bubble).toBeHidden();
  await expect(button).toBeFocused();
  // Tab away and back: shown again.
  await page.keyboard.press('Tab');
  await page.keyboard.press('Shift+Tab');
  await expect(bubble).toBeVisible();
});

test('tabbing from a knob to the next one: its tooltip does not cover the input you Tab to', async ({ app, page }) => {
  await app.open('/?view=compare');
  await compareReady(app);
  const inputs = page.locator('.knob input');
  await inputs.first().focus();
  await page.keyboard.press('Tab');
  const next = page.locator('.knob').nth(1);
  const button = next.locator('.info-tip__button');
  await expect(button).toBeFocused();
  const bubble = await bubbleOf(app, button);
  await expect(bubble).toBeVisible();
  const [b, i] = [(await bubble.boundingBox())!, (await next.locator('input').first().boundingBox())!];
  const overlaps = b.x < i.x + i.width && i.x < b.x + b.width && b.y < i.y + i.height && i.y < b.y + b.height;
  expect(overlaps, `tooltip ${JSON.stringify(b)} over the input ${JSON.stringify(i)}`).toBe(false);
});

test('Escape on a tooltip in the Lab hides it without touching the help overlay', async ({ app, page }) => {
  await app.open('/?view=lab');
  const button = page.getByTestId('counters').locator('.info-tip__button').nth(1);
  // Reach it by keyboard: from the "?" before it, Tab.
  await page.getByTestId('counters').locator('.info-tip__button').first().focus();
  await page.keyboard.press('Tab');
  await expect(button).toBeFocused();
  const bubble = await bubbleOf(app, button);
  await expect(bubble).toBeVisible();
  await expect(bubble).toHaveText(/database served/);
  await page.keyboard.press('Escape');
  await expect(bubble).toBeHidden();
  await expect(page.getByTestId('help')).toBeHidden();
});

test.describe('touch', () => {
  test.use({ hasTouch: true });

  test('a tap shows the line, a second tap hides it, a tap elsewhere too', async ({ app, page }) => {
    await app.open('/?view=lab');
    const button = page.getByTestId('break-panel').locator('.info-tip__button').first();
    const bubble = await bubbleOf(app, button);
    await button.tap();
    await expect(bubble).toBeVisible();
    await expect(bubble).toHaveText(/restarts empty/);
    await button.tap();
    await expect(bubble).toBeHidden();
    await button.tap();
    await expect(bubble).toBeVisible();
    await page.getByTestId('view-title').tap();
    await expect(bubble).toBeHidden();
  });
});

test('a tooltip is never clipped: inside the scrolling table and at the screen edge', async ({ app, page }) => {
  await app.open('/?view=compare');
  await compareReady(app);
  const viewport = page.viewportSize()!;
  const headers = page.getByTestId('compare-table').locator('thead th .info-tip__button');
  for (const i of [0, 5]) {
    const button = headers.nth(i);
    const bubble = await bubbleOf(app, button);
    // Retried as a whole: the sweep panel above may still be growing, and a
    // layout shift under the pointer rightly hides the tooltip.
    await expect(async () => {
      await button.scrollIntoViewIfNeeded();
      await button.hover();
      await expect(bubble).toBeVisible({ timeout: 1_000 });
      await expect(bubble).toBeInViewport({ ratio: 1, timeout: 1_000 });
      const box = (await bubble.boundingBox())!;
      expect(box.x).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width).toBeLessThanOrEqual(viewport.width);
      // Nothing in front of it: the topmost element at its centre is the bubble.
      const onTop = await bubble.evaluate((el) => {
        const r = el.getBoundingClientRect();
        const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
        return hit === el || el.contains(hit);
      });
      expect(onTop, 'the tooltip is covered').toBe(true);
    }).toPass({ timeout: 15_000 });
    await page.mouse.move(1, viewport.height - 1);
    await expect(bubble).toBeHidden();
  }
});

test('a pinned tooltip follows its button when the page scrolls, and stops when closed', async ({ app, page }) => {
  await app.open('/?view=compare');
  await compareReady(app);
  const button = page.locator('.knob').filter({ has: page.locator('#knob-capacity') }).locator('.info-tip__button');
  const bubble = await bubbleOf(app, button);
  await button.scrollIntoViewIfNeeded();
  await button.click();
  await expect(bubble).toBeVisible();
  // The bubble sits at a fixed offset from its button, before and after a scroll.
  const offset = async () => {
    const [b, t] = [await button.boundingBox(), await bubble.boundingBox()];
    return Math.round(t!.y - b!.y);
  };
  const before = await offset();
  await scrollAndSettle(page, button);
  await expect.poll(offset).toBe(before);
  // Closed: scrolling no longer moves it (no listener left behind either).
  await button.click();
  await expect(bubble).toBeHidden();
  const hiddenAt = await bubble.evaluate((el) => el.style.top);
  await scrollAndSettle(page, button);
  expect(await bubble.evaluate((el) => el.style.top)).toBe(hiddenAt);
});

/** Scrolls the page by one wheel notch and returns once it has moved (the
 *  button is somewhere else on screen) and two frames have passed, so every
 *  scroll listener has run and painted. */
async function scrollAndSettle(page: Page, button: Locator) {
  const y = (await button.boundingBox())!.y;
  await page.mouse.wheel(0, 120);
  await expect.poll(async () => (await button.boundingBox())!.y).not.toBe(y);
  await page.evaluate(
    () => new Promise<void>((done) => requestAnimationFrame(() => requestAnimationFrame(() => done()))),
  );
}
