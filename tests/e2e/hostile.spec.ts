// 200 hostile query strings: each loads with no console error, no uncaught
// exception, a visible notice for what was rejected, and no script from a
// parameter ever runs. The strings come from a seeded generator, so a
// failure names a case that reproduces.
import { expect, test } from './app';

/** mulberry32: a tiny seeded PRNG, so the 200 cases are the same every run. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Each payload would set window.__pwned if it ever ran as script or HTML.
const SCRIPTS = [
  '<script>window.__pwned=1</script>',
  '"><script>window.__pwned=1</script>',
  '<img src=x onerror="window.__pwned=1">',
  "'><svg onload=window.__pwned=1>",
  'javascript:window.__pwned=1',
  '</textarea><script>window.__pwned=1</script>',
  '{{window.__pwned=1}}',
  '<iframe srcdoc="<script>parent.__pwned=1</script>">',
];

const UNICODE = [
  '\u202Eevil', 'ｖｉｅｗ', '😀🔥', 'e\u0301\u0301\u0301', '\u200B\u200D', 'Ω≈ç√', '中文', '\uFEFF',
  '𝕏'.repeat(30), 'ﷺ'.repeat(20),
];

/** Percent-encodes every byte: raw bytes in, a valid URL out. */
const enc = (bytes: number[]) => bytes.map((b) => `%${b.toString(16).padStart(2, '0')}`).join('');

/** The longest query string a case sends (see the end of `cases`). */
const MAX_QUERY = 7500;

interface Case {
  query: string;
  why: string;
}

/** Keys whose value is a number with a range: `1.5` may be valid there. */
const NUMERIC = new Set(['capacity', 'read-ratio', 'zipf-alpha', 'key-space', 'requests', 'rate', 'ttl', 'db-read', 'db-connections']);

/** A value for a known key that its parser must reject (never valid). */
function badValue(r: () => number, pick: <T>(xs: T[]) => T, key = ''): string {
  const kind = Math.floor(r() * 6);
  const bytes = Array.from({ length: 1 + Math.floor(r() * 40) }, () => Math.floor(r() * 256));
  switch (kind) {
    case 0: return `~${enc(bytes)}`; // random bytes (never a valid value: "~" first)
    case 1: return encodeURIComponent(pick(SCRIPTS));
    case 2: return `~${encodeURIComponent(pick(UNICODE))}`;
    case 3: {
      const numbers = ['-1', '-9223372036854775808', '1e400', '18446744073709551616', 'NaN', '0x10', '9'.repeat(400), '1.5', 'Infinity'];
      return pick(NUMERIC.has(key) ? numbers.filter((n) => n !== '1.5') : numbers);
    }
    case 4: return `~${'A'.repeat(1000 + Math.floor(r() * 5000))}`;
    default: return `%zz%${pick(['', '4', 'G1', 'FF', 'ED%A0%80', 'C0%AF', '00'])}`;
  }
}

function cases(): Case[] {
  const r = rng(20261129);
  const pick = <T>(xs: T[]): T => xs[Math.floor(r() * xs.length)];
  const out: Case[] = [];
  const views = ['', 'view=lab&', 'view=compare&', 'view=choose&'];
  // Page keys, then every view's state keys (knobs, events, the Lab's
  // injections and position, Choose's answers).
  const keys = [
    'view', 'strategy', 'preset', 'seed', 'theme', 'embed',
    'capacity', 'read-ratio', 'zipf-alpha', 'key-space', 'requests', 'rate', 'ttl', 'db-read', 'db-connections',
    'crash', 'db-slow', 'import', 'read', 'write', 'break', 'pos', 'mix', 'lose', 'platform',
    'chart', 'risk', 'metric', 'speed',
  ];
  for (let i = 0; out.length < 200; i++) {
    const base = pick(views);
    switch (i % 6) {
      case 0: { // a known key with a value its parser rejects
        const key = pick(keys);
        // strategy/preset are shown on every view: the Lab explains its own,
        // Compare its own, the frame the others.
        out.push({ query: `?${base}${key}=${badValue(r, pick, key)}`, why: `bad ${key}` });
        break;
      }
      case 1: { // unknown keys made of random bytes, unicode or script
        const key = pick([
          `x${enc(Array.from({ length: 1 + Math.floor(r() * 30) }, () => Math.floor(r() * 256)))}`,
          encodeURIComponent(pick(SCRIPTS)),
          encodeURIComponent(pick(UNICODE)),
          'x'.repeat(2000),
          '',
        ]);
        out.push({ query: `?${base}${key}=${badValue(r, pick)}`, why: 'unknown key' });
        break;
      }
      case 2: { // repeated keys, many times
        const key = pick(['seed', 'view', 'theme', 'embed', 'strategy', 'preset', 'capacity', 'crash', 'pos', 'mix']);
        const n = 2 + Math.floor(r() * 300);
        const value = {
          seed: '7', view: 'lab', theme: 'dark', embed: '0', strategy: 'write-back', preset: 'etl',
          capacity: '50', crash: '1s', pos: '10@5ms', mix: 'write',
        }[key]!;
        out.push({ query: `?${base}${`${key}=${value}&`.repeat(n)}`, why: `${key} ×${n}` });
        break;
      }
      case 3: { // raw, unencoded junk straight in the address bar
        const junk = pick(SCRIPTS) + pick(UNICODE) + pick(['&&&', '=&=', '?', '%', '%%%', ';', '\\']);
        out.push({ query: `?${base}q${i}=${junk}`, why: 'raw junk' });
        break;
      }
      case 4: { // everything at once
        const parts = Array.from({ length: 2 + Math.floor(r() * 8) }, () => {
          const key = pick(keys);
          return `${key}=${badValue(r, pick, key)}`;
        });
        out.push({ query: `?${base}${parts.join('&')}&zz${i}=1`, why: 'mixed' });
        break;
      }
      default: { // a huge query string: thousands of unknown keys
        const n = 100 + Math.floor(r() * 700);
        const many = Array.from({ length: n }, (_, k) => `k${k}=${k}`).join('&');
        out.push({ query: `?${base}${many}`, why: `${n} unknown keys` });
      }
    }
  }
  // Web servers refuse longer request lines (Node: 16 KB of headers; GitHub
  // Pages about 8 KB), so a longer link never reaches the page anyway.
  return out.map(({ query, why }) =>
    query.length <= MAX_QUERY ? { query, why } : { query: query.slice(0, query.lastIndexOf('&', MAX_QUERY)), why },
  );
}

const ALL = cases();
const NOTICES = [
  'notices', 'unknown-view-notice', 'unknown-strategy', 'unknown-preset-notice',
].map((id) => `[data-testid="${id}"]`).join(', ');
const CHUNKS = 4;

test.describe('hostile query strings', () => {
  test.skip(({ viewport }) => (viewport?.width ?? 0) < 1000, 'once is enough: desktop only');

  for (let c = 0; c < CHUNKS; c++) {
    const slice = ALL.slice((c * ALL.length) / CHUNKS, ((c + 1) * ALL.length) / CHUNKS);
    test(`cases ${c * slice.length}–${(c + 1) * slice.length - 1} load safely with a notice`, async ({ app, page }) => {
      test.setTimeout(240_000);
      expect(slice.length).toBe(ALL.length / CHUNKS);
      for (const [k, { query, why }] of slice.entries()) {
        const label = `case ${c * slice.length + k} (${why}): ${query.slice(0, 120)}`;
        await page.goto(`/${query}`);
        await expect(page.getByTestId('view-title'), label).toBeVisible();
        await expect(page.locator(NOTICES).first(), label).toBeVisible();
        expect(await page.evaluate(() => (window as { __pwned?: unknown }).__pwned), label).toBeUndefined();
        expect(await page.locator('[data-testid="panic-banner"]').count(), label).toBe(0);
        expect(app.problems, label).toEqual([]);
      }
    });
  }
});
