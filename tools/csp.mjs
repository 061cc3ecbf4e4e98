// Trunk post_build hook: give the release page a strict Content-Security-Policy.
//
// Trunk 0.21 boots the app with an inline <script type="module"> whose text
// names the hashed asset files, so a policy of `script-src 'self'` alone would
// block the app. This hook runs after Trunk has written the final HTML to its
// staging directory, hashes every inline script exactly as written, and adds
// a <meta http-equiv="Content-Security-Policy"> that allows those scripts and
// nothing else inline. Static hosts such as GitHub Pages cannot send headers,
// which is why the policy travels in the page.
//
// Debug builds (`trunk serve`) are left alone: Trunk injects an inline
// live-reload script there and the policy would only get in the way.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

if (process.env.TRUNK_PROFILE !== 'release') process.exit(0);

const staging = process.env.TRUNK_STAGING_DIR;
if (!staging) {
  console.error('csp.mjs: TRUNK_STAGING_DIR is not set; run me as a Trunk post_build hook');
  process.exit(1);
}
const file = join(staging, 'index.html');
let html = readFileSync(file, 'utf8');

if (html.includes('http-equiv="Content-Security-Policy"')) {
  console.error('csp.mjs: index.html already has a Content-Security-Policy');
  process.exit(1);
}

const hashes = [];
for (const m of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
  if (/\bsrc\s*=/.test(m[1])) continue;
  hashes.push(`'sha256-${createHash('sha256').update(m[2], 'utf8').digest('base64')}'`);
}
if (hashes.length === 0) {
  console.error('csp.mjs: found no inline loader script; has Trunk changed how it boots the app?');
  process.exit(1);
}

// 'wasm-unsafe-eval' lets the page compile its own WebAssembly and nothing
// else; everything else comes from the page's own origin only. Stylesheets
// and <style> elements must come from the page's own files; style=""
// attributes are allowed (style-src-attr) because Leptos sets `style=` through
// setAttribute and views position things with it. Script is the boundary
// that matters, and no inline script runs unless its hash is listed here.
const policy = [
  "default-src 'self'",
  `script-src 'self' 'wasm-unsafe-eval' ${hashes.join(' ')}`,
  "style-src 'self'",
  "style-src-attr 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

const meta = `<meta http-equiv="Content-Security-Policy" content="${policy}" />`;
// The policy only governs what follows it: put it at the top of <head>, right
// after <meta charset> (which must stay within the first 1024 bytes).
const anchor = html.match(/<meta charset[^>]*>/i) ?? html.match(/<head\b[^>]*>/i);
if (!anchor) {
  console.error('csp.mjs: index.html has no <head>');
  process.exit(1);
}
const at = anchor.index + anchor[0].length;
html = `${html.slice(0, at)}\n    ${meta}${html.slice(at)}`;
writeFileSync(file, html);
console.log(`csp.mjs: Content-Security-Policy added (${hashes.length} inline script hash(es))`);
