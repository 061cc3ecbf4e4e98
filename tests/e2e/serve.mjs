// A deliberately dumb static file server for the end-to-end tests.
//
// It serves the release build (dist/) twice: at / and at /some/sub/path/, the
// way GitHub Pages serves a project site. It does no rewriting of any kind: a
// path is a file, a directory means its index.html, anything else is a 404.
// So a test that passes here passes on any static host.
//
//   node tests/e2e/serve.mjs [--dist dist] [--port 4173] [--isolate 1]
//
// --isolate 1 (the benchmark's choice) adds the two headers that make the
// page cross-origin isolated (COOP same-origin, COEP require-corp): then
// Chromium reports performance.now() and requestAnimationFrame times to
// 5 µs instead of 100 µs, and a 60 Hz frame reads 16.67 ms rather than
// 16.6, 16.7 or 16.8. cachescope loads nothing from other origins, so it
// runs the same either way.

import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';

export const SUB_PATH = '/some/sub/path/';

const args = new Map();
for (let i = 2; i + 1 < process.argv.length; i += 2) args.set(process.argv[i], process.argv[i + 1]);
const dist = resolve(args.get('--dist') ?? 'dist');
const port = Number(args.get('--port') ?? 4173);
const isolate = args.get('--isolate') === '1';
const ISOLATION = isolate ? { 'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp' } : {};

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
};

/** Maps a URL path to a file inside dist/, or null when it is outside. */
function fileFor(urlPath) {
  let rel = urlPath;
  if (rel.startsWith(SUB_PATH)) rel = rel.slice(SUB_PATH.length - 1);
  let decoded;
  try {
    decoded = decodeURIComponent(rel);
  } catch {
    return null;
  }
  const file = resolve(join(dist, decoded));
  return file === dist || file.startsWith(dist + sep) ? file : null;
}

async function send(res, status, file) {
  if (!file) {
    res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
    res.end(`${status}\n`);
    return;
  }
  res.writeHead(status, {
    'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
    'cache-control': 'no-store',
    ...ISOLATION,
  });
  createReadStream(file).pipe(res);
}

const server = createServer(async (req, res) => {
  if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, null);
  const path = new URL(req.url, 'http://127.0.0.1').pathname;
  let file = fileFor(path);
  if (!file) return send(res, 404, null);
  try {
    let info = await stat(file);
    if (info.isDirectory()) {
      // Like every static host: /dir needs the slash, /dir/ means /dir/index.html.
      if (!path.endsWith('/')) {
        res.writeHead(301, { location: `${path}/` });
        return res.end();
      }
      file = join(file, 'index.html');
      info = await stat(file);
    }
    return send(res, 200, file);
  } catch {
    return send(res, 404, null);
  }
});

try {
  const index = await stat(join(dist, 'index.html'));
  if (!index.isFile()) throw new Error('not a file');
} catch {
  console.error(`serve.mjs: ${dist}/index.html is missing: run \`./x build\` (trunk build --release) first`);
  process.exit(1);
}

server.listen(port, '127.0.0.1', () => {
  const how = isolate ? ' (cross-origin isolated)' : '';
  console.log(`serving ${dist} at http://127.0.0.1:${port}/ and http://127.0.0.1:${port}${SUB_PATH}${how}`);
});
