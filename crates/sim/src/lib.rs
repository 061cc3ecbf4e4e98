//! cachescope-sim: a deterministic discrete-event model of an application, a
//! cache and a database, running the five classic caching strategies.
//!
//! Architecture invariant: this crate knows nothing of the browser. It never
//! depends on leptos, web-sys, wasm-bindgen or plotters, so it runs the same
//! under `cargo test`, in the native CLI and compiled to WebAssembly.
//!
//! Architecture invariant: the same scenario and seed give a byte-identical
//! report, natively and on wasm32 (integer virtual time, `(time, sequence)`
//! event order, seeded xoshiro256++ streams, pure-Rust `libm` for every
//! transcendental, ordered output).
//!
//! ```
//! use cachescope_sim::{run, compare, Scenario, StrategyId};
//!
//! let scenario = Scenario::from_json(r#"{
//!     "requests": 2000,
//!     "strategy": "write-back",
//!     "events": [ { "at_us": 1000000, "kind": "cache-crash", "down_for_us": 100000 } ]
//! }"#).unwrap();
//! let lane = run(&scenario);
//! assert_eq!(lane.strategy, Some(StrategyId::WriteBack));
//! assert_eq!(lane.hits + lane.misses + lane.failed_reads, lane.reads);
//!
//! let all = compare(&scenario);
//! assert_eq!(all.lanes.len(), 5);
//! assert_eq!(all.baseline.hits, 0);
//! ```
#![forbid(unsafe_code)]

pub mod compare_progressive;
pub mod compare_run;
pub mod engine;
pub mod eviction;
pub mod limits;
pub mod mrc;
pub mod presets;
pub mod replay;
pub mod report;
pub mod report_csv;
pub(crate) mod rng;
pub mod scenario;
mod scenario_error;
pub mod strategy;
pub mod sweep;
pub mod trace;

pub use compare_progressive::{PartialCompare, ProgressiveCompare};
pub use compare_run::{run_lane, CompareRun, LaneError, LaneRun, PickerCache, COMPARE_LANES};
pub use engine::Simulation;
pub use eviction::EvictionPolicy;
pub use mrc::{curve_capacities, miss_ratio_curve, MissRatioCurve, MrcPoint, MrcRun, PolicyCurve};
pub use presets::{Metric, Preset, PresetId};
pub use report::{
    CacheEntryView, CompareReport, DbEntryView, Hop, HopKind, LaneReport, LatencySummary,
    LiveCounters, Node, Op, Outcome, RequestTrace, StepInfo, StepKind, WindowPoint,
};
pub use scenario::{
    Arrivals, CacheConfig, DbConfig, EventKind, Latency, Phase, Popularity, Scenario,
    ScenarioError, ScheduledEvent, Workload,
};
pub use strategy::{ReadPath, StrategyId, WritePath};
pub use sweep::{Sweep, SweepAxis, SweepLane, SweepPoint, SweepResult, SweepRun};
pub use trace::{
    decompress_hint, zipf_trace, RecordedTrace, TraceFormat, TraceLoader, TraceOp, TraceRecord,
    TraceSummary,
};

/// Runs one lane: `scenario.strategy` (or its path overrides) to the end.
pub fn run(scenario: &Scenario) -> LaneReport {
    Simulation::new(scenario).finish()
}

/// Runs the no-cache baseline and the five named strategies (each with its
/// default paths, in [`StrategyId::ALL`] order) on the same workload: every
/// lane sees the same request sequence and the same out-of-band events; only
/// latency samples and what the strategy does with them differ.
///
/// This is [`CompareRun`] run to the end in one call; a caller that must stay
/// responsive (the browser) advances a `CompareRun` in slices instead and
/// gets the same bytes.
pub fn compare(scenario: &Scenario) -> CompareReport {
    CompareRun::new(scenario).finish()
}

/// Compiles and runs the README's example as a doctest.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
