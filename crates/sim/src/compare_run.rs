//! A comparison that runs a bounded number of events at a time.
//!
//! [`crate::compare`] runs six lanes back to back: at the UI's largest sizes
//! that is seconds of work, too long for a browser's main thread in one go. A
//! [`CompareRun`] is the same work cut at any event boundary: the caller
//! calls [`CompareRun::advance`] with an event budget until it returns
//! `true`, doing whatever it likes in between (yielding to the browser,
//! drawing a progress bar, or dropping the run because the scenario changed),
//! then [`CompareRun::finish`] gives the report. Lanes are deterministic and
//! independent, so how the run is cut never changes a byte of the report:
//! `compare()` itself is `CompareRun::new(s).finish()`, one code path.
//!
//! ```
//! use cachescope_sim::{compare, CompareRun, Scenario};
//!
//! let s = Scenario { requests: 2_000, ..Scenario::default() };
//! let mut run = CompareRun::new(&s);
//! let mut slices = 0;
//! while !run.advance(1_000) {
//!     slices += 1;
//!     assert!(run.progress() < 1.0);
//! }
//! assert!(slices > 6, "six lanes of 2 000 requests take many 1 000-event slices");
//! assert_eq!(run.progress(), 1.0);
//! assert_eq!(run.requests_done(), 6 * 2_000);
//! assert_eq!(run.finish(), compare(&s));
//! ```

use std::fmt;
use std::sync::Arc;

use crate::engine::sampler::KeyPicker;
use crate::engine::Simulation;
use crate::limits;
use crate::report::{CompareReport, LaneReport};
use crate::scenario::{Popularity, Scenario, Workload};
use crate::strategy::{ReadPath, StrategyId, WritePath};
use crate::trace::{RecordedTrace, TraceSummary};

/// Number of lanes in a comparison: the no-cache baseline and the five named
/// strategies.
pub const COMPARE_LANES: u64 = 1 + StrategyId::ALL.len() as u64;

/// The (read, write) paths of lane `i` of a comparison of `scenario`: 0 is
/// the no-cache baseline, then [`StrategyId::ALL`] in order with their
/// default paths, except that a path the scenario names with its own
/// settings replaces the default of its kind (an imported write-back that
/// flushes every 50 ms makes the write-back lane flush every 50 ms; it used
/// to be ignored).
pub(crate) fn lane_paths(i: usize, scenario: &Scenario) -> (ReadPath, WritePath) {
    match i {
        0 => (ReadPath::NoCache, WritePath::NoCache),
        _ => {
            let (r, w) = StrategyId::ALL[i - 1].default_paths();
            let r = scenario.read_path.filter(|p| p.same_kind(r)).unwrap_or(r);
            let w = scenario.write_path.filter(|p| p.same_kind(w)).unwrap_or(w);
            (r, w)
        }
    }
}

/// The named strategy of lane `i`: `None` for the baseline.
fn lane_strategy(i: usize) -> Option<StrategyId> {
    i.checked_sub(1).map(|s| StrategyId::ALL[s])
}

/// Why a lane could not be planned or lanes could not be assembled into a
/// comparison. Lane indices and reports arrive from outside the process
/// (a Web Worker's message), so a wrong one is an error, never a panic.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LaneError {
    /// A lane index outside `0..COMPARE_LANES`.
    NoSuchLane(u64),
    /// [`CompareReport::from_lanes`] needs exactly [`COMPARE_LANES`] lanes.
    LaneCount(u64),
    /// The report at `index` is not what lane `index` of a comparison runs
    /// (its strategy or paths differ): lanes out of order, or a stray one.
    WrongLane {
        /// Position in the list given.
        index: u64,
        /// The label of the report found there.
        found: String,
    },
}

impl fmt::Display for LaneError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LaneError::NoSuchLane(i) => write!(
                f,
                "lane {i} does not exist: a comparison has lanes 0 to {}",
                COMPARE_LANES - 1
            ),
            LaneError::LaneCount(n) => write!(f, "a comparison has {COMPARE_LANES} lanes, not {n}"),
            LaneError::WrongLane { index, found } => {
                write!(f, "lane {index} should not be \"{found}\"")
            }
        }
    }
}

impl std::error::Error for LaneError {}

/// The key picker last built, kept for the next lane while the key space
/// and popularity stay the same. A Zipf table over millions of keys is the
/// biggest part of a lane's set-up, and a picker is a pure function of those
/// two values, so reusing it changes no byte of any report. A Web Worker
/// keeps one across the lanes it is given; a sweep keeps one across pieces.
#[derive(Clone, Debug, Default)]
pub struct PickerCache {
    last: Option<(u64, Popularity, KeyPicker)>,
}

impl PickerCache {
    /// An empty cache: the first lane builds its picker.
    pub fn new() -> PickerCache {
        PickerCache::default()
    }

    /// The picker for `w`: the cached one if it was built for the same key
    /// space and popularity, else a new one (which replaces it).
    pub(crate) fn picker(&mut self, w: &Workload) -> KeyPicker {
        match &self.last {
            Some((keys, pop, picker)) if *keys == w.key_space && *pop == w.popularity => {
                picker.clone()
            }
            _ => {
                let picker = KeyPicker::new(w.key_space, &w.popularity);
                self.last = Some((w.key_space, w.popularity.clone(), picker.clone()));
                picker
            }
        }
    }
}

/// One lane of a comparison on its own, advanced a bounded number of events
/// at a time like a [`CompareRun`]. Lanes are independent (each sees the
/// same requests and events), so they can run anywhere, in any order, even
/// in parallel in separate Web Workers, and
/// [`CompareReport::from_lanes`] puts the results together into exactly the
/// report [`crate::compare`] gives.
///
/// ```
/// use cachescope_sim::{compare, CompareReport, LaneRun, Scenario, COMPARE_LANES};
///
/// let s = Scenario { requests: 1_000, ..Scenario::default() };
/// let lanes: Vec<_> = (0..COMPARE_LANES)
///     .map(|i| {
///         let mut lane = LaneRun::new(&s, i).unwrap();
///         while !lane.advance(500) {}
///         lane.finish()
///     })
///     .collect();
/// assert_eq!(CompareReport::from_lanes(&s, lanes).unwrap(), compare(&s));
/// assert!(LaneRun::new(&s, COMPARE_LANES).is_err());
/// ```
#[derive(Clone, Debug)]
pub struct LaneRun {
    lane: u64,
    sim: Simulation,
}

impl LaneRun {
    /// Plans lane `lane` (0 the no-cache baseline, then [`StrategyId::ALL`]
    /// in order) of the comparison of a (validated) `scenario`.
    pub fn new(scenario: &Scenario, lane: u64) -> Result<LaneRun, LaneError> {
        LaneRun::with_pickers(scenario, lane, &mut PickerCache::new())
    }

    /// [`LaneRun::new`], taking the key picker from `pickers` when it fits.
    pub fn with_pickers(
        scenario: &Scenario,
        lane: u64,
        pickers: &mut PickerCache,
    ) -> Result<LaneRun, LaneError> {
        if lane >= COMPARE_LANES {
            return Err(LaneError::NoSuchLane(lane));
        }
        let (read, write) = lane_paths(lane as usize, scenario);
        let picker = pickers.picker(&scenario.workload);
        Ok(LaneRun {
            lane,
            sim: Simulation::for_lane(scenario, read, write, picker),
        })
    }

    /// Which lane this is.
    pub fn lane(&self) -> u64 {
        self.lane
    }

    /// Processes at most `max_events` more events. True once the lane has
    /// finished; from then on it does nothing and keeps returning true.
    pub fn advance(&mut self, max_events: u64) -> bool {
        let mut budget = max_events;
        advance_lane(&mut self.sim, &mut budget)
    }

    /// Client requests completed so far.
    pub fn requests_done(&self) -> u64 {
        self.sim.requests_completed()
    }

    /// Client requests the lane completes in all.
    pub fn requests_total(&self) -> u64 {
        self.sim.requests_planned()
    }

    /// Events processed so far.
    pub fn events_done(&self) -> u64 {
        self.sim.events_processed()
    }

    /// Runs whatever is left and builds the lane's report.
    pub fn finish(self) -> LaneReport {
        self.sim.finish()
    }
}

/// Runs lane `lane` of the comparison of `scenario` to the end (see
/// [`LaneRun`]).
pub fn run_lane(scenario: &Scenario, lane: u64) -> Result<LaneReport, LaneError> {
    LaneRun::new(scenario, lane).map(LaneRun::finish)
}

impl CompareReport {
    /// The comparison of `scenario` from its lanes' reports, in lane order
    /// (baseline first), however and wherever they were run: byte for byte
    /// what [`crate::compare`] returns. Checks that there are
    /// [`COMPARE_LANES`] of them and that each is the lane its position
    /// says (strategy and paths), since they may come from another thread.
    pub fn from_lanes(
        scenario: &Scenario,
        lanes: Vec<LaneReport>,
    ) -> Result<CompareReport, LaneError> {
        if lanes.len() as u64 != COMPARE_LANES {
            return Err(LaneError::LaneCount(lanes.len() as u64));
        }
        for (i, lane) in lanes.iter().enumerate() {
            if (lane.read_path, lane.write_path) != lane_paths(i, scenario)
                || lane.strategy != lane_strategy(i)
            {
                return Err(LaneError::WrongLane {
                    index: i as u64,
                    found: lane.label.clone(),
                });
            }
        }
        let mut lanes = lanes.into_iter();
        let baseline = lanes.next().expect("the count was checked");
        Ok(CompareReport {
            scenario: scenario.clone(),
            baseline,
            lanes: lanes.collect(),
            trace: None,
        })
    }

    /// The comparison of a trace (`summary`) replayed under `scenario`,
    /// from its lanes' reports: byte for byte what
    /// [`CompareRun::with_trace`] returns, so a worker can send the lanes
    /// and the trace's numbers rather than the whole report.
    pub fn from_traced_lanes(
        scenario: &Scenario,
        summary: TraceSummary,
        lanes: Vec<LaneReport>,
    ) -> Result<CompareReport, LaneError> {
        let mut report = CompareReport::from_lanes(&traced_scenario(scenario, &summary), lanes)?;
        report.trace = Some(summary);
        Ok(report)
    }
}

/// What a comparison of a trace reports as its scenario: the knobs'
/// scenario, with the trace's length and key count.
fn traced_scenario(scenario: &Scenario, trace: &TraceSummary) -> Scenario {
    let mut s = scenario.clone();
    s.requests = trace.requests;
    s.workload.key_space = trace.distinct_keys.max(1);
    s
}

/// Steps `sim` until it finishes or `budget` events have been processed,
/// taking what it used from `budget`. True when the lane is finished, so
/// [`Simulation::finish`] has nothing left to step and only builds the
/// report. The one loop every sliced run (comparison, sweep) goes through.
pub(crate) fn advance_lane(sim: &mut Simulation, budget: &mut u64) -> bool {
    let before = *budget;
    // The event loop inside the engine: `step_many` stops short of the
    // budget only when the lane is finished or its queue is empty (then
    // `finish()` would stop there too, so the lane is over).
    let n = sim.step_many(before);
    *budget = before - n;
    n < before || sim.is_finished()
}

/// A comparison in progress (see the module docs). Holds at most one live
/// lane: finished lanes are kept as reports, so memory is one lane's state
/// plus the reports, as with [`crate::compare`].
#[derive(Clone, Debug)]
pub struct CompareRun {
    scenario: Scenario,
    /// Built once and shared by every lane (the Zipf table is the biggest
    /// part of a lane's set-up).
    picker: KeyPicker,
    /// The trace every lane replays instead of drawing requests, if any.
    trace: Option<Arc<RecordedTrace>>,
    /// The lane being stepped; `None` once all are done.
    current: Option<Simulation>,
    /// Finished lanes, in lane order (baseline first).
    done: Vec<LaneReport>,
    /// Client requests per lane (the scenario's, clamped like the engine).
    requests: u64,
    /// Events processed by the lanes finished so far.
    events_done: u64,
}

impl CompareRun {
    /// Plans the comparison of a (validated) `scenario`; nothing runs yet
    /// beyond building the shared key picker and the first lane.
    pub fn new(scenario: &Scenario) -> CompareRun {
        let picker = KeyPicker::new(scenario.workload.key_space, &scenario.workload.popularity);
        let mut run = CompareRun {
            scenario: scenario.clone(),
            picker,
            trace: None,
            current: None,
            done: Vec::with_capacity(COMPARE_LANES as usize),
            requests: scenario.requests.min(limits::MAX_REQUESTS),
            events_done: 0,
        };
        run.current = Some(run.lane(0));
        run
    }

    /// Plans the comparison of every lane replaying `trace`'s requests, in
    /// order, at the times `scenario`'s arrivals give; the cache, database,
    /// events and seed are the scenario's. The report's scenario says how
    /// many requests and keys the trace had, and its `trace` field says a
    /// trace was replayed.
    ///
    /// ```
    /// use std::sync::Arc;
    /// use cachescope_sim::trace::{TraceFormat, TraceLoader};
    /// use cachescope_sim::{CompareRun, Scenario};
    ///
    /// let csv = b"1,a,get\n2,a,set\n3,a,get\n4,b,get\n".to_vec();
    /// let trace = Arc::new(TraceLoader::load(csv, TraceFormat::Csv).unwrap());
    /// let r = CompareRun::with_trace(&Scenario::default(), trace).finish();
    /// assert_eq!(r.scenario.requests, 4);
    /// assert_eq!(r.scenario.workload.key_space, 2);
    /// assert_eq!(r.trace.unwrap().writes, 1);
    /// for lane in &r.lanes {
    ///     assert_eq!((lane.reads, lane.writes), (3, 1), "{}", lane.label);
    /// }
    /// ```
    pub fn with_trace(scenario: &Scenario, trace: Arc<RecordedTrace>) -> CompareRun {
        let s = traced_scenario(scenario, &trace.summary());
        let mut run = CompareRun {
            picker: KeyPicker::new(1, &Popularity::Uniform),
            scenario: s,
            requests: trace.len().min(limits::MAX_REQUESTS),
            trace: Some(trace),
            current: None,
            done: Vec::with_capacity(COMPARE_LANES as usize),
            events_done: 0,
        };
        run.current = Some(run.lane(0));
        run
    }

    fn lane(&self, i: usize) -> Simulation {
        let (read, write) = lane_paths(i, &self.scenario);
        match &self.trace {
            Some(trace) => Simulation::for_traced_lane(&self.scenario, read, write, trace.clone()),
            None => Simulation::for_lane(&self.scenario, read, write, self.picker.clone()),
        }
    }

    /// Processes at most `max_events` more events (across lane boundaries;
    /// a lane that ends also has its report built here). Returns true when
    /// every lane has finished; from then on it does nothing and keeps
    /// returning true.
    pub fn advance(&mut self, max_events: u64) -> bool {
        let mut budget = max_events;
        while let Some(sim) = self.current.as_mut() {
            if !advance_lane(sim, &mut budget) {
                return false;
            }
            let sim = self.current.take().expect("a current lane");
            self.events_done += sim.events_processed();
            self.done.push(sim.finish());
            if (self.done.len() as u64) < COMPARE_LANES {
                self.current = Some(self.lane(self.done.len()));
            }
        }
        true
    }

    /// True once every lane has finished.
    pub fn is_done(&self) -> bool {
        self.current.is_none()
    }

    /// Client requests completed so far, summed over the lanes.
    pub fn requests_done(&self) -> u64 {
        let live = self
            .current
            .as_ref()
            .map_or(0, Simulation::requests_completed);
        self.done.len() as u64 * self.requests + live
    }

    /// Client requests the whole comparison completes: lanes × requests.
    pub fn requests_total(&self) -> u64 {
        COMPARE_LANES * self.requests
    }

    /// Events processed so far, summed over the lanes.
    pub fn events_done(&self) -> u64 {
        self.events_done
            + self
                .current
                .as_ref()
                .map_or(0, Simulation::events_processed)
    }

    /// How far the run is, from 0 to 1, by completed client requests. It is
    /// exactly 1.0 only when [`Self::is_done`]: a lane whose requests have
    /// all completed may still have flushes or imports to run.
    pub fn progress(&self) -> f64 {
        if self.is_done() {
            return 1.0;
        }
        let total = self.requests_total().max(1);
        (self.requests_done() as f64 / total as f64).min(0.999)
    }

    /// Runs whatever is left and returns the report: byte for byte what
    /// [`crate::compare`] returns for the same scenario.
    pub fn finish(mut self) -> CompareReport {
        self.advance(u64::MAX);
        let mut lanes = self.done.into_iter();
        let baseline = lanes.next().expect("the baseline lane ran");
        CompareReport {
            scenario: self.scenario,
            baseline,
            lanes: lanes.collect(),
            trace: self.trace.map(|t| t.summary()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compare;

    /// A traced comparison put together from its lanes and the trace's
    /// numbers is the one `with_trace` gives, and a wrong lane is refused.
    #[test]
    fn a_traced_comparison_from_its_lanes_is_the_same_report() {
        let csv: String = (0..2_000u64)
            .map(|i| {
                format!(
                    "{i},k{},{}\n",
                    (i * i + 7) % 211,
                    if i % 5 == 0 { "set" } else { "get" }
                )
            })
            .collect();
        let trace = Arc::new(
            crate::trace::TraceLoader::load(csv.into_bytes(), crate::trace::TraceFormat::Csv)
                .unwrap(),
        );
        let s = Scenario::default();
        let whole = CompareRun::with_trace(&s, trace.clone()).finish();
        let summary = trace.summary();
        let lanes: Vec<LaneReport> = std::iter::once(whole.baseline.clone())
            .chain(whole.lanes.iter().cloned())
            .collect();
        let rebuilt = CompareReport::from_traced_lanes(&s, summary, lanes.clone()).unwrap();
        assert_eq!(
            serde_json::to_string(&rebuilt).unwrap(),
            serde_json::to_string(&whole).unwrap()
        );
        let mut swapped = lanes;
        swapped.swap(1, 2);
        assert!(CompareReport::from_traced_lanes(&s, summary, swapped).is_err());
    }

    #[test]
    fn the_write_back_lane_flushes_as_the_scenario_says() {
        let custom = WritePath::WriteBack {
            flush_interval_us: 50_000,
            batch_max: 20,
        };
        let s = Scenario {
            strategy: StrategyId::WriteBack,
            write_path: Some(custom),
            ..small()
        };
        let r = compare(&s);
        let wb = r.lane(StrategyId::WriteBack).expect("a write-back lane");
        assert_eq!(wb.write_path, custom);
        assert_eq!(wb.label, "Write-back");
        // The flush interval really is the scenario's: a different run.
        let plain = compare(&Scenario {
            write_path: None,
            ..s.clone()
        });
        assert_ne!(plain.lane(StrategyId::WriteBack), Some(wb));
        // Lanes of other kinds keep their defaults.
        for id in [
            StrategyId::CacheAside,
            StrategyId::WriteThrough,
            StrategyId::WriteAround,
        ] {
            assert_eq!(r.lane(id), plain.lane(id), "{id}");
        }
        // Assembled from lanes run apart, the same.
        let lanes = (0..COMPARE_LANES)
            .map(|i| run_lane(&s, i).unwrap())
            .collect();
        assert_eq!(CompareReport::from_lanes(&s, lanes).unwrap(), r);
    }

    fn small() -> Scenario {
        Scenario {
            requests: 300,
            ..Scenario::default()
        }
    }

    #[test]
    fn a_zero_budget_does_nothing_and_a_finished_run_stays_finished() {
        let mut run = CompareRun::new(&small());
        assert!(!run.advance(0));
        assert_eq!(run.events_done(), 0);
        assert_eq!(run.progress(), 0.0);
        assert!(run.advance(u64::MAX));
        let events = run.events_done();
        assert!(events > 6 * 300, "at least one event per request and lane");
        assert!(run.advance(10));
        assert_eq!(run.events_done(), events);
        assert_eq!(run.requests_done(), run.requests_total());
    }

    #[test]
    fn progress_only_grows() {
        let mut run = CompareRun::new(&small());
        let mut last = run.progress();
        while !run.advance(97) {
            let p = run.progress();
            assert!(p >= last && p < 1.0, "{last} then {p}");
            last = p;
        }
        assert_eq!(run.progress(), 1.0);
    }

    #[test]
    fn lane_order_is_baseline_then_the_five() {
        let r = CompareRun::new(&small()).finish();
        assert_eq!(r.baseline.strategy, None);
        let ids: Vec<_> = r.lanes.iter().map(|l| l.strategy).collect();
        assert_eq!(ids, StrategyId::ALL.map(Some).to_vec());
        assert_eq!(r.lanes.len() as u64 + 1, COMPARE_LANES);
    }

    fn json<T: serde::Serialize>(v: &T) -> String {
        serde_json::to_string_pretty(v).expect("serialise")
    }

    /// Scenarios whose lanes differ a lot: the default, and one with a
    /// cache crash (write-back loses writes) and a skewed, larger key space.
    fn scenarios() -> Vec<Scenario> {
        let crash = Scenario::from_json(
            r#"{
                "requests": 3000,
                "workload": { "key_space": 5000, "read_ratio": 0.7 },
                "events": [ { "at_us": 200000, "kind": "cache-crash", "down_for_us": 50000 } ]
            }"#,
        )
        .expect("a valid scenario");
        vec![small(), crash]
    }

    #[test]
    fn lanes_run_apart_assemble_to_compare_byte_for_byte() {
        for s in scenarios() {
            let want = json(&compare(&s));
            // In order, each lane in one call.
            let lanes: Vec<_> = (0..COMPARE_LANES)
                .map(|i| run_lane(&s, i).expect("a lane"))
                .collect();
            let got = CompareReport::from_lanes(&s, lanes).expect("six lanes in order");
            assert_eq!(json(&got), want);
            // In reverse order, sliced finely, sharing one picker cache (as
            // a Web Worker does), then put back in lane order.
            let mut pickers = PickerCache::new();
            let mut lanes: Vec<(u64, LaneReport)> = (0..COMPARE_LANES)
                .rev()
                .map(|i| {
                    let mut run = LaneRun::with_pickers(&s, i, &mut pickers).expect("a lane");
                    assert_eq!(run.lane(), i);
                    let mut last = 0;
                    while !run.advance(37) {
                        assert!(run.requests_done() >= last);
                        last = run.requests_done();
                    }
                    assert_eq!(run.requests_done(), run.requests_total());
                    (i, run.finish())
                })
                .collect();
            lanes.sort_by_key(|(i, _)| *i);
            let got = CompareReport::from_lanes(&s, lanes.into_iter().map(|(_, l)| l).collect())
                .expect("six lanes in order");
            assert_eq!(json(&got), want);
        }
    }

    /// The worker protocol carries a lane as serde JSON: with serde_json's
    /// `float_roundtrip`, every f64 (ratios, rates) comes back bit for bit.
    #[test]
    fn a_lane_survives_json_exactly() {
        for s in scenarios() {
            for i in 0..COMPARE_LANES {
                let lane = run_lane(&s, i).expect("a lane");
                let text = serde_json::to_string(&lane).expect("serialise");
                let back: LaneReport = serde_json::from_str(&text).expect("parse");
                assert_eq!(back, lane);
                assert_eq!(serde_json::to_string(&back).expect("serialise"), text);
                assert_eq!(back.hit_ratio.to_bits(), lane.hit_ratio.to_bits());
            }
        }
        // Floats that a shortest-digits parser without round-trip care gets
        // wrong in the last bit.
        for x in [
            0.1 + 0.2,
            1.0 / 3.0,
            2.0f64.sqrt(),
            5e-324,
            f64::MAX,
            0.8273913904209427,
        ] {
            let back: f64 = serde_json::from_str(&serde_json::to_string(&x).unwrap()).unwrap();
            assert_eq!(back.to_bits(), x.to_bits(), "{x}");
        }
    }

    #[test]
    fn bad_lanes_are_errors_not_panics() {
        let s = small();
        assert_eq!(
            LaneRun::new(&s, COMPARE_LANES).unwrap_err(),
            LaneError::NoSuchLane(COMPARE_LANES)
        );
        assert!(run_lane(&s, u64::MAX).is_err());
        let mut lanes: Vec<_> = (0..COMPARE_LANES)
            .map(|i| run_lane(&s, i).unwrap())
            .collect();
        let five = lanes[..5].to_vec();
        assert_eq!(
            CompareReport::from_lanes(&s, five).unwrap_err(),
            LaneError::LaneCount(5)
        );
        lanes.swap(1, 2);
        let err = CompareReport::from_lanes(&s, lanes).unwrap_err();
        assert!(
            matches!(err, LaneError::WrongLane { index: 1, .. }),
            "{err:?}"
        );
        assert!(err.to_string().starts_with("lane 1 should not be"), "{err}");
    }
}
