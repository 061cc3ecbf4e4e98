//! Entry point of the browser build: install the panic hook (console message
//! plus an error banner in the page), then mount the app on `<body>`, and
//! remove index.html's boot note, which would otherwise appear after a few
//! seconds to say the app could not start.
#![forbid(unsafe_code)]

fn main() {
    cachescope_app::components::error_banner::install_panic_hook();
    leptos::mount::mount_to_body(cachescope_app::App);
    if let Some(note) = leptos::prelude::document().get_element_by_id("boot-note") {
        note.remove();
    }
}
