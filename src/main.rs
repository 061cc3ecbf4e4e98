//! Entry point of the browser build: install the panic hook (console message
//! plus an error banner in the page), then mount the app on `<body>`.
#![forbid(unsafe_code)]

fn main() {
    cachescope_app::components::error_banner::install_panic_hook();
    leptos::mount::mount_to_body(cachescope_app::App);
}
