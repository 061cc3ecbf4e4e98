//! cachescope-sim: a deterministic discrete-event model of an application, a
//! cache and a database, running the five classic caching strategies.
//!
//! Architecture invariant: this crate knows nothing of the browser. It never
//! depends on leptos, web-sys, wasm-bindgen or plotters, so it runs the same
//! under `cargo test`, in the native CLI and compiled to WebAssembly.
#![forbid(unsafe_code)]

pub mod eviction;
pub mod replay;
pub mod trace;
