//! The Lab: one strategy on one small system, played request by request.
//!
//! Plain-Rust modules (tested natively with `cargo test`): [`player`]
//! (checkpointed playback over the engine), [`frame`] (where tokens are on
//! the diagram), [`narration`] (the numbered steps of each flow) and
//! [`break_outcome`] (what a break-it press did). The Lab's scenario, knobs
//! and break-it buttons are data in [`crate::settings`]. The rest are Leptos
//! components, one per file, that read a shared [`state::LabState`] and draw;
//! none of them decides what a strategy does: everything shown comes from
//! the engine's counters, tables and hop log.

pub mod break_outcome;
pub mod frame;
pub mod narration;
pub mod player;

pub mod address;
pub mod animation;
pub mod break_panel;
pub mod cache_table;
pub mod controls;
pub mod counters;
pub mod data_bar;
pub mod db_table;
pub mod details;
pub mod diagram;
pub mod help;
pub mod knobs;
pub mod narration_panel;
pub mod scrubber;
pub mod shortcuts;
pub mod state;
