// When cachescope cannot start in a sandboxed frame, say the true cause.
//
// index.html's boot note appears (by a CSS delay, no script) 8 s after load
// if the wasm never ran, and blames a browser without WebAssembly SIMD. In a
// frame sandboxed without `allow-same-origin` there is another, likelier
// cause: the page has an opaque origin, so its module script and wasm are
// cross-origin CORS requests, and a static host that sends no
// `Access-Control-Allow-Origin` header (python3 -m http.server, most dev
// servers) makes the browser refuse them. This script, loaded from the page's
// own origin (the strict CSP allows no inline script), asks the host for the
// wasm's headers the way the browser does (a CORS HEAD request, no body)
// and, if that is refused, replaces the note's text with the cause and the
// fix and shows it at once. Nothing happens outside opaque-origin frames, or
// once the app has started (src/main.rs removes the note).
(function () {
  'use strict';
  if (self.origin !== 'null') return;
  var note = document.getElementById('boot-note');
  var wasm = document.querySelector('link[rel="preload"][as="fetch"][href$=".wasm"]');
  if (!note || !wasm || typeof fetch !== 'function') return;
  fetch(wasm.href, { method: 'HEAD', mode: 'cors' }).then(
    function () {},
    function () {
      if (!document.getElementById('boot-note')) return;
      note.textContent =
        'cachescope could not load its code: it is embedded in a sandboxed frame, ' +
        'and the server hosting it does not send the header ' +
        '“Access-Control-Allow-Origin: *” that such a frame needs to download it. ' +
        'Fix either side: send that header for the site’s files (GitHub Pages does), ' +
        'or embed the frame without the sandbox attribute (or add allow-same-origin to it).';
      note.setAttribute('data-cause', 'sandbox-cors');
      note.classList.add('boot-note--now');
    },
  );
})();
