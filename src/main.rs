//! Entry point of the browser build: remove index.html's boot note (the
//! wasm has started, so what it would say no longer applies), install the
//! panic hook (console message plus an error banner in the page), then swap
//! index.html's static skeleton for the app mounted on `<body>`.
#![forbid(unsafe_code)]

fn main() {
    // First: should mounting panic, the error banner says so, not this note.
    if let Some(note) = leptos::prelude::document().get_element_by_id("boot-note") {
        note.remove();
    }
    cachescope_app::components::error_banner::install_panic_hook();
    // Same task as the mount: the static skeleton and the app never share a
    // frame, so nothing shifts (src/boot_skeleton.rs).
    if let Some(skeleton) =
        leptos::prelude::document().get_element_by_id(cachescope_app::boot_skeleton::ID)
    {
        skeleton.remove();
    }
    leptos::mount::mount_to_body(cachescope_app::App);
}
