// The page object and fixture every end-to-end spec uses.
//
// The `app` fixture watches the page from before the first request: every
// console error or warning, every uncaught exception and every request. After
// the test it fails if anything went to the console or if any request tried
// to leave 127.0.0.1 (such requests are also aborted, so a stray CDN link can
// never slip through as "it worked on my machine").
import { test as base, expect, type Locator, type Page } from '@playwright/test';

export const VIEWS = [
  { id: 'lab', label: 'Lab' },
  { id: 'compare', label: 'Compare' },
  { id: 'choose', label: 'Choose' },
] as const;

export type ViewId = (typeof VIEWS)[number]['id'];

export const SUB_PATH = '/some/sub/path/';

/** True for URLs that stay on this machine (or never hit the network). */
export function isLocal(url: string): boolean {
  const u = new URL(url);
  return u.protocol === 'data:' || u.protocol === 'blob:' || u.hostname === '127.0.0.1';
}

/** How long a page may take to mount under the suite's load. */
export const MOUNT_TIMEOUT_MS = 20_000;

export class AppPage {
  /** Console errors/warnings and page errors, as "kind: text". */
  readonly problems: string[] = [];
  /** Every request the page made, in order. */
  readonly requests: string[] = [];

  constructor(readonly page: Page) {
    page.on('console', (msg) => {
      if (msg.type() === 'error' || msg.type() === 'warning') {
        this.problems.push(`console.${msg.type()}: ${msg.text()}`);
      }
    });
    page.on('pageerror', (err) => this.problems.push(`pageerror: ${err.message}`));
    page.on('request', (req) => this.requests.push(req.url()));
  }

  /**
   * Removes and returns the problems matching `pattern`, for a test that
   * provokes an expected error on purpose; the fixture checks the rest.
   */
  takeProblems(pattern: RegExp): string[] {
    const taken = this.problems.filter((p) => pattern.test(p));
    const kept = this.problems.filter((p) => !pattern.test(p));
    this.problems.splice(0, this.problems.length, ...kept);
    return taken;
  }

  /**
   * Opens `path` (relative to the server root) and waits for the app to mount.
   * Mounting waits for the wasm to compile, which has taken over 5 s on a
   * 2-core machine running the suite's other page beside it; hence 20 s.
   */
  async open(path: string): Promise<void> {
    await this.page.goto(path);
    await expect(this.viewTitle).toBeVisible({ timeout: MOUNT_TIMEOUT_MS });
  }

  /** Reloads the page and waits for the app to mount again. */
  async reload(): Promise<void> {
    await this.page.reload();
    await expect(this.viewTitle).toBeVisible({ timeout: MOUNT_TIMEOUT_MS });
  }

  get viewTitle(): Locator {
    return this.page.getByTestId('view-title');
  }

  nav(view: ViewId): Locator {
    return this.page.getByTestId(`nav-${view}`);
  }

  /** Asserts the page shows `view`: heading, section, current nav link. */
  async expectView(view: ViewId): Promise<void> {
    const { label } = VIEWS.find((v) => v.id === view)!;
    await expect(this.viewTitle).toHaveText(label);
    await expect(this.page.getByTestId(`view-${view}`)).toBeVisible();
    await expect(this.nav(view)).toHaveAttribute('aria-current', 'page');
    await expect(this.page.locator('nav a[aria-current="page"]')).toHaveCount(1);
    await expect(this.page).toHaveTitle(`${label} · cachescope`);
  }

  /** The query string of the current URL, e.g. "?view=compare". */
  search(): string {
    return new URL(this.page.url()).search;
  }

  pathname(): string {
    return new URL(this.page.url()).pathname;
  }
}

export const test = base.extend<{ app: AppPage }>({
  app: async ({ page }, use) => {
    await page.route((url) => !isLocal(url.href), (route) => route.abort('blockedbyclient'));
    const app = new AppPage(page);
    await use(app);
    expect(app.problems, 'console errors, warnings or page errors').toEqual([]);
    expect(app.requests.filter((url) => !isLocal(url)), 'requests leaving 127.0.0.1').toEqual([]);
  },
});

export { expect };
