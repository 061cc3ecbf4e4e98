// Boots the cachescope lane worker (crates/worker). The page starts it with
// `new Worker("./cachescope-worker_loader.js")`; Trunk builds the worker's
// wasm-bindgen glue (no-modules target, global `wasm_bindgen`) and wasm next
// to it. Trunk has a loader shim of its own, but it calls the glue with the
// deprecated bare-path argument (a console warning on every start) and
// swallows a failed start; this one reports a failure to the page, which then
// runs the simulation on its main thread instead.
importScripts('./cachescope-worker.js');
wasm_bindgen({ module_or_path: './cachescope-worker_bg.wasm' }).catch((e) => {
  postMessage(JSON.stringify({ broken: { error: `the worker did not start: ${e}` } }));
});
