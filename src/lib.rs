//! cachescope-app: the browser front end of cachescope, a Leptos 0.8
//! client-side-rendered app that Trunk compiles to WebAssembly.
//!
//! The app is a thin shell around `cachescope-sim`: every number it shows is
//! computed by the simulation core, which knows nothing of the browser. This
//! crate owns the page frame (header, navigation, footer), the three views
//! (Lab, Compare, Choose) and the address bar format ([`url`]).
//!
//! `main.rs` only installs the panic hook and mounts [`App`]; tests mount the
//! same component into a detached test element:
//!
//! ```no_run
//! // In the browser (see src/main.rs):
//! leptos::mount::mount_to_body(cachescope_app::App);
//! ```
#![forbid(unsafe_code)]

pub mod advice;
pub mod app;
pub mod boot_skeleton;
pub mod choose;
pub mod compare;
pub mod components;
pub mod embed;
pub mod export;
pub mod glossary;
pub mod lab;
pub mod settings;
pub mod storage;
pub mod url;
pub mod views;

pub use app::App;
