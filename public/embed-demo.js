// Optional: let embedded cachescope views size their iframes to their content.
//
// An embedded view posts {type: "cachescope:height", height} to its parent on
// load and whenever its content changes height. Without this script the
// iframes keep the height their tag gives them; nothing else changes.
// The message is matched to its iframe by `event.source` (a sandboxed frame
// has an opaque origin, so its origin cannot be checked), and the height is
// bounded, so a misbehaving frame can only resize itself, within limits.
window.addEventListener('message', (event) => {
  const data = event.data;
  if (!data || data.type !== 'cachescope:height') return;
  const height = Number(data.height);
  if (!Number.isFinite(height)) return;
  for (const frame of document.querySelectorAll('iframe')) {
    if (frame.contentWindow === event.source) {
      frame.style.height = `${Math.min(Math.max(Math.ceil(height), 100), 20000)}px`;
    }
  }
});
