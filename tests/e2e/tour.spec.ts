// The guided tour: started from the header, Next through every step across
// the Lab and Compare to the sandbox, Back, Skip, Escape, focus handling, and
// the first-visit invitation (in flow, remembered, absent when embedded or
// when storage is blocked).
import { expect, test, type AppPage } from './app';

/** Where each step is: the view and the highlighted element's test id. */
const STEPS = [
  { view: 'Lab', target: 'diagram' },
  { view: 'Lab', target: 'play' },
  { view: 'Lab', target: 'counters' },
  { view: 'Lab', target: 'break-panel' },
  { view: 'Compare', target: 'lanes' },
  { view: 'Compare', target: 'knob-panel' },
  { view: 'Lab', target: 'lab-knobs' },
] as const;

/** Checks the dialog shows step `i` (0-based) next to its element. */
async function expectStep(app: AppPage, i: number): Promise<void> {
  const { page } = app;
  const popover = page.getByTestId('tour-popover');
  await expect(popover).toBeVisible();
  await expect(page.getByTestId('tour-count')).toHaveText(`Step ${i + 1} of ${STEPS.length}`);
  await expect(app.viewTitle).toHaveText(STEPS[i].view);
  const marked = page.locator('[data-tour-target]');
  await expect(marked).toHaveCount(1);
  await expect(marked).toHaveAttribute('data-testid', STEPS[i].target);
  await expect(marked).toBeInViewport();
  await expect(popover).toBeInViewport({ ratio: 1 });
  await expect(popover).toBeFocused();
}

test('the header button starts the tour; Next walks from the Lab to Compare and back to the sandbox', async ({ app, page }) => {
  // Seven steps, two view switches and a Compare simulation.
  test.setTimeout(90_000);
  await app.open('/?view=choose');
  await page.getByTestId('tour-button').click();
  for (let i = 0; i < STEPS.length; i++) {
    await expectStep(app, i);
    const next = page.getByTestId('tour-next');
    await expect(next).toHaveText(i === STEPS.length - 1 ? 'Done' : 'Next');
    await expect(page.getByTestId('tour-back')).toBeEnabled({ enabled: i > 0 });
    // Skip on every step but the last, where Done says the same.
    await expect(page.getByTestId('tour-skip')).toHaveCount(i === STEPS.length - 1 ? 0 : 1);
    if (STEPS[i].target === 'play') {
      // A small target: the dialog sits beside it, not on it.
      const a = (await page.getByTestId('play').boundingBox())!;
      const b = (await page.getByTestId('tour-popover').boundingBox())!;
      const overlap = a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
      expect(overlap, 'the dialog covers the Play button').toBe(false);
    }
    await next.click();
  }
  // Done: the tour is over, in the Lab, and nothing stays marked.
  await expect(page.getByTestId('tour-popover')).toHaveCount(0);
  await app.expectView('lab');
  await expect(page.locator('[data-tour-target]')).toHaveCount(0);
  await expect(page.getByTestId('tour-button')).toBeFocused();
  // The sandbox is live: playing works after the tour.
  await page.getByTestId('step').click();
  await expect(page.getByTestId('issued')).not.toHaveText('0');
});

test('Back returns to the previous step, across views', async ({ app, page }) => {
  await app.open('/?view=lab');
  await page.getByTestId('tour-button').click();
  for (let i = 0; i < 4; i++) await page.getByTestId('tour-next').click();
  await expectStep(app, 4);
  await expect(page).toHaveURL(/view=compare/);
  await page.getByTestId('tour-back').click();
  await expectStep(app, 3);
  await page.getByTestId('tour-back').click();
  await expectStep(app, 2);
});

test('Skip ends the tour and gives focus back', async ({ app, page }) => {
  await app.open('/?view=lab');
  await page.getByTestId('tour-button').click();
  await page.getByTestId('tour-next').click();
  await expectStep(app, 1);
  await page.getByTestId('tour-skip').click();
  await expect(page.getByTestId('tour-popover')).toHaveCount(0);
  await expect(page.locator('[data-tour-target]')).toHaveCount(0);
  await expect(page.getByTestId('tour-button')).toBeFocused();
});

test('Escape ends the tour; leaving the view by the navigation ends it too', async ({ app, page }) => {
  await app.open('/?view=lab');
  await page.getByTestId('tour-button').click();
  await expectStep(app, 0);
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('tour-popover')).toHaveCount(0);
  await expect(page.getByTestId('tour-button')).toBeFocused();

  await page.getByTestId('tour-button').click();
  await expectStep(app, 0);
  await app.nav('choose').click();
  await app.expectView('choose');
  await expect(page.getByTestId('tour-popover')).toHaveCount(0);
});

test('first visit: an in-flow invitation, remembered once answered', async ({ app, page }) => {
  await app.open('/?view=compare');
  const invite = page.getByTestId('tour-invite');
  await expect(invite).toBeVisible();
  await expect(invite).toContainText('New here? Take the 1-minute tour');
  // In flow: below the header, above the view, covering neither.
  const header = (await page.locator('.site-header').boundingBox())!;
  const box = (await invite.boundingBox())!;
  const main = (await page.getByTestId('main').boundingBox())!;
  expect(box.y).toBeGreaterThanOrEqual(header.y + header.height);
  expect(box.y + box.height).toBeLessThanOrEqual(main.y);
  expect(await invite.evaluate((el) => getComputedStyle(el).position)).toBe('static');

  await page.getByTestId('tour-dismiss').click();
  await expect(invite).toHaveCount(0);
  await app.reload();
  await expect(page.getByTestId('tour-invite')).toHaveCount(0);
  // The header button still offers the tour.
  await page.getByTestId('tour-button').click();
  await expectStep(app, 0);
});

test('starting from the invitation also remembers it', async ({ app, page }) => {
  await app.open('/?view=lab');
  await page.getByTestId('tour-start').click();
  await expectStep(app, 0);
  await page.keyboard.press('Escape');
  await app.reload();
  await expect(page.getByTestId('tour-invite')).toHaveCount(0);
});

test('no invitation and no tour button when embedded', async ({ app, page }) => {
  await app.open('/?view=lab&embed=1');
  await expect(page.getByTestId('step')).toBeVisible();
  await expect(page.getByTestId('tour-invite')).toHaveCount(0);
  await expect(page.getByTestId('tour-button')).toHaveCount(0);
});

test('blocked storage: no invitation (it could not be dismissed), the tour still works', async ({ app, page }) => {
  await page.addInitScript(() => {
    Object.defineProperty(window, 'localStorage', {
      get() {
        throw new DOMException('blocked', 'SecurityError');
      },
    });
  });
  await app.open('/?view=lab');
  await expect(page.getByTestId('tour-button')).toBeVisible();
  await expect(page.getByTestId('tour-invite')).toHaveCount(0);
  await page.getByTestId('tour-button').click();
  await expectStep(app, 0);
});

test('a tour started on a Compare preset shows that preset at its Compare steps', async ({ app, page }) => {
  test.setTimeout(90_000);
  await app.open('/?view=compare&preset=counters');
  await expect(page.getByTestId('preset-select')).toHaveValue('counters');
  await page.getByTestId('tour-button').click();
  // Lab steps first, then Compare: it used to come back with the default preset.
  for (let i = 0; i < 4; i++) {
    await expectStep(app, i);
    await page.getByTestId('tour-next').click();
  }
  await expectStep(app, 4);
  expect(app.search()).toContain('preset=counters');
  await expect(page.getByTestId('preset-select')).toHaveValue('counters');
});
