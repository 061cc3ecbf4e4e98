// Accessibility: axe-core (npm, pinned in package-lock.json) on every view,
// in embed mode, with the guided tour, a tooltip and the Lab's help overlay
// open, in the light and the dark theme. A serious or critical violation
// fails the test and is printed rule by rule with the offending elements.
//
// The release page carries a strict Content-Security-Policy that forbids
// injected scripts, so this spec alone runs with `bypassCSP`: axe is added
// by the test, never by the page (csp.spec.ts checks the policy itself).
import { join } from 'node:path';
import { expect, test, type AppPage } from './app';

test.use({ bypassCSP: true });

const AXE = 'node_modules/axe-core/axe.min.js';

interface AxeNode {
  target: string[];
  failureSummary?: string;
}
interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  helpUrl: string;
  nodes: AxeNode[];
}

/** Runs axe on the whole page; returns the serious and critical violations. */
async function seriousViolations(app: AppPage): Promise<AxeViolation[]> {
  const { page } = app;
  if (!(await page.evaluate(() => 'axe' in window))) {
    await page.addScriptTag({ path: AXE });
  }
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: AxeViolation[] }> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      helpUrl: v.helpUrl,
      nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary })),
    }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** One readable paragraph per violation: rule, impact, help, elements. */
function describe(violations: AxeViolation[]): string {
  return violations
    .map((v) => {
      const nodes = v.nodes
        .slice(0, 8)
        .map((n) => `    ${n.target.join(' ')}\n      ${(n.failureSummary ?? '').replace(/\n/g, '\n      ')}`)
        .join('\n');
      const more = v.nodes.length > 8 ? `\n    …and ${v.nodes.length - 8} more` : '';
      return `${v.id} (${v.impact}): ${v.help}\n  ${v.helpUrl}\n${nodes}${more}`;
    })
    .join('\n\n');
}

async function expectClean(app: AppPage, where: string): Promise<void> {
  const found = await seriousViolations(app);
  expect(found.length, `axe on ${where}:\n\n${describe(found)}`).toBe(0);
}

/**
 * Waits until Compare has simulated and shows its exact result at full
 * strength: a partial report (the first requests of a run) is dimmed on
 * purpose, and axe measured that dimming as low contrast on a loaded machine.
 */
async function compareReady(app: AppPage): Promise<void> {
  await expect(app.page.getByTestId('lane-write-back').getByTestId('hit-ratio')).toHaveText(/\d/);
  const lanes = app.page.getByTestId('lanes');
  await expect(lanes).not.toHaveAttribute('aria-busy', /.*/, { timeout: 30_000 });
  await expect.poll(() => lanes.evaluate((el) => getComputedStyle(el).opacity)).toBe('1');
}

for (const theme of ['light', 'dark'] as const) {
  const q = `&theme=${theme}`;

  test.describe(`${theme} theme`, () => {
    test('Lab', async ({ app }) => {
      await app.open(`/?view=lab${q}`);
      await app.page.getByTestId('step').click();
      await expectClean(app, `Lab (${theme})`);
    });

    test('Compare', async ({ app }) => {
      await app.open(`/?view=compare${q}`);
      await compareReady(app);
      await expectClean(app, `Compare (${theme})`);
    });

    test('Compare with a trace replayed', async ({ app }) => {
      await app.open(`/?view=compare${q}`);
      await compareReady(app);
      await app.page.getByTestId('trace-input').setInputFiles(join(process.cwd(), 'tests', 'fixtures', 'trace-small.csv'));
      const result = app.page.getByTestId('trace-result');
      await expect(result).toBeVisible({ timeout: 60_000 });
      await expect(app.page.getByTestId('trace-progress')).toHaveCount(0, { timeout: 60_000 });
      await expect.poll(() => result.evaluate((el) => getComputedStyle(el).opacity)).toBe('1');
      await app.page.locator('.trace__curve-table summary').click();
      await expectClean(app, `Compare with a trace (${theme})`);
    });

    test('Choose', async ({ app }) => {
      await app.open(`/?view=choose${q}`);
      await expect(app.page.getByTestId('advice')).toBeVisible();
      await expectClean(app, `Choose (${theme})`);
    });

    test('Compare embedded', async ({ app }) => {
      await app.open(`/?view=compare&embed=1${q}`);
      await compareReady(app);
      await expectClean(app, `Compare in embed mode (${theme})`);
    });

    test('one chart embedded', async ({ app }) => {
      await app.open(`/?view=compare&embed=1&chart=bars${q}`);
      await expect(app.page.getByTestId('chart-bars').locator('svg')).toHaveCount(1);
      await expectClean(app, `One chart in embed mode (${theme})`);
    });

    test('the tour invitation and the tour open', async ({ app }) => {
      await app.open(`/?view=lab${q}`);
      await expect(app.page.getByTestId('tour-invite')).toBeVisible();
      await expectClean(app, `the tour invitation (${theme})`);
      await app.page.getByTestId('tour-start').click();
      await expect(app.page.getByTestId('tour-popover')).toBeVisible();
      await expectClean(app, `the tour's first step (${theme})`);
    });

    test('a tooltip open', async ({ app }) => {
      await app.open(`/?view=compare${q}`);
      await compareReady(app);
      const tip = app.page.locator('.knob').first().locator('.info-tip__button');
      await tip.hover();
      await expect(app.page.locator('.info-tip__bubble.is-shown')).toHaveCount(1);
      await expectClean(app, `Compare with a knob's tooltip open (${theme})`);
    });

    test('the help overlay', async ({ app }) => {
      await app.open(`/?view=lab${q}`);
      await app.page.keyboard.press('?');
      await expect(app.page.getByTestId('help')).toBeVisible();
      // It takes focus (it did not), and Escape closes it.
      await expect(app.page.getByTestId('help-close')).toBeFocused();
      await expectClean(app, `the Lab's help overlay (${theme})`);
      await app.page.keyboard.press('Escape');
      await expect(app.page.getByTestId('help')).toBeHidden();
      await app.page.keyboard.press('?');
      await expect(app.page.getByTestId('help-close')).toBeFocused();
    });
  });
}
