//! Entry point of the browser build: install the panic hook so a Rust panic
//! shows up in the console with its message, then mount the app on `<body>`.
#![forbid(unsafe_code)]

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(cachescope_app::App);
}
