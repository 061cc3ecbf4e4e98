//! The address bar: the only module that knows the query-string format.
//!
//! Every view is addressed by a plain query string (`?view=compare`), never by
//! a path, so a deep link survives a reload on any static host (GitHub Pages,
//! an S3 bucket, `python3 -m http.server`) without a rewrite rule, and the
//! app works unchanged when served from a sub-path such as `/some/sub/path/`.
//!
//! The query string holds the whole state of a view, so a copied link, a
//! bookmark or an embed reproduces the same numbers:
//!
//! - every view: `view`, `seed`, `embed`, `theme` ([`PageOptions`]);
//! - Compare: `preset`, each knob that differs from the preset (the ids of
//!   [`crate::settings::compare::COMPARE_KNOBS`]) and one key per event kind for the
//!   preset's events that were moved or switched off (`crash=30s,off`):
//!   [`parse_compare`], [`compare_search`]; the chart keys (`risk`,
//!   `metric`, and `chart` in an embed): [`parse_chart_view`],
//!   [`chart_view_search`];
//! - the Lab: `strategy`, `read`/`write` for a custom pair, the knobs that
//!   differ from the Lab defaults, the break-it injections
//!   (`break=crash:812@406.25ms`) and the timeline position
//!   (`pos=812@406.25ms`): [`parse_lab`], [`lab_search`]; the playback
//!   speed (`speed=10`): [`parse_lab_speed`], [`lab_speed_search`];
//! - Choose: one key per answer (`mix=write&lose=yes`): [`parse_choose`],
//!   [`choose_search`].
//!
//! One idea per file: [`route`] (which view, strategy, preset), [`keys`]
//! (every key and which view reads it), [`page_options`] (embed, theme, the
//! notices for unknown keys, the embed links), [`query`] (splitting,
//! decoding, echoing and setting parameters), [`duration`], [`knob_field`]
//! (a knob row as a link carries it); each view's state has its own file
//! (`compare`, `chart_view`, `lab`, `lab_speed`, `choose`), and [`history`]
//! writes the browser's history.
//!
//! The knob rows come from [`crate::settings`]; nothing here imports a
//! component, so the layers point down: views → components → url →
//! settings → the simulation core.
//!
//! Parsers never fail: each rejected value falls back to the default with a
//! specific sentence, and the result passes `Scenario::validate`. Writers
//! keep every other parameter, write only what differs from the defaults,
//! and parse their own output back to say whether the link is complete.
//! Everything here is pure and tested natively; the few functions that touch
//! `window` (reading the address, writing history) are thin wrappers.
//!
//! ```
//! use cachescope_app::url::{Route, View};
//!
//! let route = Route::parse("?view=compare&seed=7");
//! assert_eq!(route.view, View::Compare);
//! assert_eq!(route.unknown, None);
//!
//! // An unknown view falls back to the default and remembers what was asked.
//! let route = Route::parse("?view=graphs");
//! assert_eq!(route.view, View::Lab);
//! assert_eq!(route.unknown.as_deref(), Some("graphs"));
//! ```

mod chart_view;
mod choose;
mod compare;
mod duration;
mod eviction_field;
mod history;
#[cfg(test)]
mod hostile_values;
mod keys;
mod knob_field;
mod lab;
mod lab_speed;
mod page_options;
mod query;
mod route;
mod trace_mark;

pub use chart_view::{
    chart_view_search, parse_chart_view, ChartView, CHART_KEY, CHART_KEYS, METRIC_KEY, RISK_KEY,
};
pub use choose::{choose_search, parse_choose};
pub use compare::{compare_link_gaps, compare_search, enabled_events, parse_compare, CompareState};
pub use duration::{format_duration, parse_duration};
pub use history::{current_search, discard_pending, flush_pending, push_search, write_search};
pub use history::{Write, SETTLE_MS};
pub use keys::*;
pub use lab::{lab_search, parse_lab, LabLink};
pub use lab_speed::{lab_speed_search, parse_lab_speed, SPEED_KEY};
pub use page_options::{embed_link, full_page_link, PageOptions, Theme};
pub use route::{
    compare_link, compare_preset, compare_seed, lab_strategy, with_compare, with_strategy,
    with_view, Route, View,
};
pub use trace_mark::{names_local_trace, trace_mark_search};
