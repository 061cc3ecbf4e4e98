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

use crate::engine::sampler::KeyPicker;
use crate::engine::Simulation;
use crate::limits;
use crate::report::{CompareReport, LaneReport};
use crate::scenario::Scenario;
use crate::strategy::{ReadPath, StrategyId, WritePath};

/// Number of lanes in a comparison: the no-cache baseline and the five named
/// strategies.
pub const COMPARE_LANES: u64 = 1 + StrategyId::ALL.len() as u64;

/// The (read, write) paths of lane `i` of a comparison: 0 is the no-cache
/// baseline, then [`StrategyId::ALL`] in order with their default paths.
fn lane_paths(i: usize) -> (ReadPath, WritePath) {
    match i {
        0 => (ReadPath::NoCache, WritePath::NoCache),
        _ => StrategyId::ALL[i - 1].default_paths(),
    }
}

/// Steps `sim` until it finishes or `budget` events have been processed,
/// taking what it used from `budget`. True when the lane is finished, so
/// [`Simulation::finish`] has nothing left to step and only builds the
/// report. The one loop every sliced run (comparison, sweep) goes through.
pub(crate) fn advance_lane(sim: &mut Simulation, budget: &mut u64) -> bool {
    loop {
        if sim.is_finished() {
            return true;
        }
        if *budget == 0 {
            return false;
        }
        // `None` while unfinished means an empty queue: `finish()` would stop
        // there too, so the lane is over.
        if sim.step().is_none() {
            return true;
        }
        *budget -= 1;
    }
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
            current: None,
            done: Vec::with_capacity(COMPARE_LANES as usize),
            requests: scenario.requests.min(limits::MAX_REQUESTS),
            events_done: 0,
        };
        run.current = Some(run.lane(0));
        run
    }

    fn lane(&self, i: usize) -> Simulation {
        let (read, write) = lane_paths(i);
        Simulation::for_lane(&self.scenario, read, write, self.picker.clone())
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
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
