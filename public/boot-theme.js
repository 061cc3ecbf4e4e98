// Before the first paint: the boot skeleton (src/boot_skeleton.rs) in the
// colours and the frame the app will have, so nothing flips when it mounts.
//
// A classic script in <head>, not deferred: it runs before the body is
// rendered, and it is one small same-origin file (the strict CSP allows no
// inline script). It mirrors two rules of the app and decides nothing the
// app does not decide again on mount:
// - the theme: `?theme=light|dark` wins, else the visitor's remembered
//   choice (localStorage "cachescope.theme", when storage is allowed), else
//   the system setting (src/app.rs, src/components/theme_toggle.rs);
// - `?embed=1` (or `embed`, `embed=true`): an embed has no site header
//   (src/url/page_options.rs), so the skeleton hides its copy.
(function () {
  'use strict';
  var root = document.documentElement;
  var params = new URLSearchParams(location.search);
  var theme = params.get('theme');
  if (theme !== 'light' && theme !== 'dark' && theme !== 'auto') {
    theme = null;
    try {
      theme = localStorage.getItem('cachescope.theme');
    } catch (e) {
      // A sandboxed frame: no storage, so no remembered choice.
    }
  }
  if (theme === 'light' || theme === 'dark') root.setAttribute('data-theme', theme);
  var embed = params.get('embed');
  if (embed === '' || embed === '1' || embed === 'true') root.setAttribute('data-boot-embed', '');
})();
