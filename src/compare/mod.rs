//! The Compare view's parts (one component per file) and the plain-Rust logic
//! behind them.
//!
//! State lives in one [`CompareCtx`] that [`crate::views::CompareView`]
//! provides: the chosen preset, the scenario the knobs edit, the latest
//! report and the run status. The [`runner`] re-simulates whenever the
//! scenario changes, in time slices that never block the page (a newer
//! scenario cancels an older run), and the panels read the report.

pub mod address;
pub mod chart_panel;
pub mod chart_width;
pub mod compare_table;
pub mod data_bar;
pub mod event_text;
pub mod format;
pub mod knob_panel;
pub mod lanes_table;
pub mod preset_picker;
pub mod report_cache;
pub mod runner;
pub mod sweep_panel;
pub mod tooltip;
pub mod trace_panel;
#[cfg(target_arch = "wasm32")]
pub mod trace_worker;

use std::sync::Arc;

use cachescope_sim::{CompareReport, PresetId, Scenario, ScheduledEvent};
use leptos::prelude::*;

/// Where a re-simulation stands.
#[derive(Clone, Debug, PartialEq)]
pub enum RunStatus {
    /// About to start (the view's first state, before the runner's effect).
    Simulating,
    /// Running in slices (see [`runner`]).
    Running {
        /// Share done, 0 to 1 (by completed requests over the six lanes).
        progress: f64,
        /// Milliseconds of simulation so far, summed over the slices.
        sim_ms: f64,
        /// Requests per lane.
        requests: u64,
    },
    /// Done: how long the five lanes + baseline took, in ms.
    Done {
        /// Milliseconds of simulation, summed over the slices (the time
        /// spent yielding to the browser in between is not in it).
        sim_ms: f64,
        /// Requests per lane.
        requests: u64,
    },
    /// Done without simulating: the exact report of the same scenario was
    /// kept from an earlier run (see [`report_cache`]).
    Cached {
        /// Requests per lane.
        requests: u64,
    },
    /// The knobs make an invalid scenario (the message says which field).
    Invalid(String),
}

impl RunStatus {
    /// The status element's `data-state`: `simulating`, `done` or `invalid`.
    pub fn as_str(&self) -> &'static str {
        match self {
            RunStatus::Simulating | RunStatus::Running { .. } => "simulating",
            RunStatus::Done { .. } | RunStatus::Cached { .. } => "done",
            RunStatus::Invalid(_) => "invalid",
        }
    }
}

/// The first requests of a comparison still running
/// ([`cachescope_sim::ProgressiveCompare::partial`]): shown at once, marked
/// "after `done` of `total` requests", and replaced by the exact report.
/// Never exported, linked or announced.
#[derive(Clone, Debug)]
pub struct PartialView {
    /// Every lane's report so far.
    pub report: Arc<CompareReport>,
    /// Client requests completed by the slowest lane.
    pub done: u64,
    /// Client requests per lane in the full run.
    pub total: u64,
}

impl PartialView {
    /// The mark a partial result carries wherever it is shown (short: one
    /// line on a phone).
    pub fn mark(&self) -> String {
        format!(
            "Partial: after {} of {} requests",
            cachescope_charts::thousands(self.done),
            cachescope_charts::thousands(self.total)
        )
    }
}

/// The Compare view's shared state.
#[derive(Clone, Copy)]
pub struct CompareCtx {
    /// The preset the knobs started from.
    pub preset: RwSignal<PresetId>,
    /// The scenario as the knobs have it now.
    pub scenario: RwSignal<Scenario>,
    /// The preset's events, each with an on/off switch (the scenario holds
    /// the enabled ones).
    pub events: RwSignal<Vec<(ScheduledEvent, bool)>>,
    /// The latest finished comparison of `scenario`: exact, the only report
    /// the table, advice, export and links use.
    pub report: RwSignal<Option<Arc<CompareReport>>>,
    /// The start of the comparison being run, while it runs (see
    /// [`PartialView`]); `None` once its exact report is in `report`.
    pub partial: RwSignal<Option<PartialView>>,
    /// What the lane cards and the charts draw: the partial report while
    /// there is one, else the exact `report`.
    pub shown: Signal<Option<Arc<CompareReport>>>,
    /// Where the latest re-simulation stands.
    pub status: RwSignal<RunStatus>,
    /// Width the charts are drawn at, px.
    pub chart_width: RwSignal<u32>,
    /// The trade-off chart's risk axis and the bar chart's metric (in the
    /// link as `risk` and `metric`).
    pub chart_options: RwSignal<cachescope_charts::ChartOptions>,
}

impl CompareCtx {
    /// Loads `preset` (and `seed`, if given) into the knobs.
    pub fn load(&self, preset: PresetId, seed: Option<u64>) {
        let mut s = cachescope_sim::Preset::get(preset).scenario;
        if let Some(seed) = seed {
            s.seed = seed;
        }
        self.events
            .set(s.events.iter().cloned().map(|e| (e, true)).collect());
        self.preset.set(preset);
        self.scenario.set(s);
    }
}

/// Milliseconds since the page started, with sub-millisecond resolution
/// (`performance.now()`), for measuring; `0.0` natively, where nothing is
/// measured.
pub fn now_ms() -> f64 {
    #[cfg(target_arch = "wasm32")]
    {
        web_sys::window()
            .and_then(|w| w.performance())
            .map_or_else(web_sys::js_sys::Date::now, |p| p.now())
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        0.0
    }
}

/// The presets whose CLI output is committed under `tests/fixtures/` and
/// checked against what the page shows (Playwright) and what the browser
/// computes (wasm-bindgen test).
pub const FIXTURE_PRESETS: [PresetId; 2] = [PresetId::Wallet, PresetId::Counters];

#[cfg(test)]
mod tests {
    use super::FIXTURE_PRESETS;
    use cachescope_sim::Preset;

    /// `tests/fixtures/<preset>.scenario.json` is exactly the preset's
    /// scenario, so the CLI output next to it is what Compare shows for the
    /// preset. When a preset changes, regenerate both:
    ///
    /// ```text
    /// UPDATE_FIXTURES=1 cargo test -p cachescope-app --lib fixture_scenarios
    /// for p in wallet counters; do
    ///   cargo run -q -p cachescope-cli --bin cachescope -- compare \
    ///     --scenario tests/fixtures/$p.scenario.json --format json > tests/fixtures/$p.compare.json
    /// done
    /// ```
    #[test]
    fn fixture_scenarios_are_the_presets() {
        for id in FIXTURE_PRESETS {
            let path = format!(
                "{}/tests/fixtures/{}.scenario.json",
                env!("CARGO_MANIFEST_DIR"),
                id.as_str()
            );
            let want = serde_json::to_string_pretty(&Preset::get(id).scenario).unwrap() + "\n";
            if std::env::var_os("UPDATE_FIXTURES").is_some() {
                std::fs::write(&path, &want).unwrap();
            }
            let got = std::fs::read_to_string(&path).unwrap_or_default();
            assert_eq!(got, want, "{path} is stale: see this test's docs");
        }
    }
}
