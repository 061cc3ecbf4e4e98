//! A comparison whose six lanes advance together in virtual time, so that at
//! any moment it can show what all six have done so far.
//!
//! [`crate::CompareRun`] runs the lanes one after another (one live lane,
//! the least memory), so half-way through it knows three lanes and nothing
//! of the others. A [`ProgressiveCompare`] keeps every lane live and moves
//! them forward a fraction of a series window at a time: after a slice of work,
//! [`ProgressiveCompare::partial`] is the six lanes' reports at nearly the
//! same virtual time (a slice may end with some lanes one step further
//! than the others), each the beginning of its exact run (the run is
//! deterministic, so the first requests are the same however far it goes). The page shows
//! that, marked as partial, while the rest is computed, and the run-over-
//! time chart fills from left to right.
//!
//! Finishing runs every lane to its end: each lane's report does not depend
//! on how it was cut, so [`ProgressiveCompare::finish`] is byte for byte
//! [`crate::compare`].
//!
//! ```
//! use cachescope_sim::{compare, ProgressiveCompare, Scenario};
//!
//! let s = Scenario { requests: 3_000, ..Scenario::default() };
//! let mut run = ProgressiveCompare::new(&s);
//! assert!(!run.advance(5_000));
//! let partial = run.partial();
//! assert!(partial.requests_done > 0 && partial.requests_done < 3_000);
//! // The lanes are at most one step (a part of a window) apart in time.
//! let ends: Vec<u64> = partial.report.lanes.iter().map(|l| l.end_time_us).collect();
//! let (lo, hi) = (ends.iter().min().unwrap(), ends.iter().max().unwrap());
//! assert!(hi - lo <= s.effective_window_us());
//! assert_eq!(run.finish(), compare(&s));
//! ```

use crate::compare_run::{lane_paths, COMPARE_LANES};
use crate::engine::sampler::KeyPicker;
use crate::engine::Simulation;
use crate::limits;
use crate::report::CompareReport;
use crate::scenario::Scenario;

/// A comparison in progress with every lane at the same virtual time (see
/// the module docs). Memory: all six lanes' state at once (their latency
/// samples grow with the requests done), where a [`crate::CompareRun`]
/// holds one.
#[derive(Clone, Debug)]
pub struct ProgressiveCompare {
    scenario: Scenario,
    /// Baseline first, then the five strategies.
    lanes: Vec<Simulation>,
    /// The virtual time every lane is being brought to.
    target_us: u64,
    /// How far `target_us` moves once every lane has reached it: a
    /// [`STEPS_PER_WINDOW`]th of a series window, so that even a first
    /// slice of a few milliseconds moves every lane.
    step_us: u64,
    /// The lane being brought to `target_us` (the earlier ones are there).
    next_lane: usize,
    /// Client requests per lane (the scenario's, clamped like the engine).
    requests: u64,
}

/// Lockstep rounds per series window. One round per window made the
/// page's first slice (8 ms) end before the later lanes had started at
/// 6 × 100 000 requests, so its partial result showed zero requests for
/// them.
const STEPS_PER_WINDOW: u64 = 16;

/// What a [`ProgressiveCompare`] has done so far.
#[derive(Clone, Debug, PartialEq)]
pub struct PartialCompare {
    /// Every lane's report so far (each at [`PartialCompare::until_us`] or
    /// at most one lockstep step later): the start of the exact
    /// comparison, not the comparison itself.
    pub report: CompareReport,
    /// Client requests completed by the lane that has completed the fewest.
    pub requests_done: u64,
    /// Client requests each lane completes in the full run.
    pub requests_total: u64,
    /// The virtual time every lane has reached, µs.
    pub until_us: u64,
}

impl ProgressiveCompare {
    /// Plans the comparison of a (validated) `scenario`; nothing runs yet
    /// beyond building the shared key picker and the six lanes.
    pub fn new(scenario: &Scenario) -> ProgressiveCompare {
        let picker = KeyPicker::new(scenario.workload.key_space, &scenario.workload.popularity);
        let lanes = (0..COMPARE_LANES as usize)
            .map(|i| {
                let (read, write) = lane_paths(i, scenario);
                Simulation::for_lane(scenario, read, write, picker.clone())
            })
            .collect();
        let step_us = (scenario.effective_window_us() / STEPS_PER_WINDOW).max(1);
        ProgressiveCompare {
            scenario: scenario.clone(),
            lanes,
            target_us: step_us,
            step_us,
            next_lane: 0,
            requests: scenario.requests.min(limits::MAX_REQUESTS),
        }
    }

    /// Processes at most `max_events` more events, bringing the lanes to
    /// the target time in turn and then moving the target one step on.
    /// True once every lane has finished; from then on it does nothing and
    /// keeps returning true.
    pub fn advance(&mut self, max_events: u64) -> bool {
        let mut budget = max_events;
        loop {
            if self.is_done() {
                return true;
            }
            let mut moved = false;
            while let Some(sim) = self.lanes.get_mut(self.next_lane) {
                let before = sim.events_processed();
                let reached = sim.run_until_at_most(self.target_us, budget);
                let used = sim.events_processed() - before;
                budget -= used;
                moved |= used > 0;
                if !reached {
                    return false;
                }
                self.next_lane += 1;
            }
            self.next_lane = 0;
            match self.next_target(moved) {
                Some(t) => self.target_us = t,
                // Nothing is queued in any lane: nothing more can happen
                // (`finish` only builds the reports).
                None => return true,
            }
            if budget == 0 {
                return self.is_done();
            }
        }
    }

    /// The target after `target_us`: one step on, or, when a whole round
    /// processed nothing (a quiet stretch), the step holding the next
    /// event of any lane, so that quiet time costs no rounds.
    /// `None` when the round processed nothing and no lane has an event
    /// left.
    fn next_target(&self, moved: bool) -> Option<u64> {
        let next = self.target_us.saturating_add(self.step_us);
        if moved {
            return Some(next);
        }
        let soonest = self
            .lanes
            .iter()
            .filter_map(Simulation::next_event_us)
            .min()?;
        Some(if soonest > next {
            soonest.div_ceil(self.step_us).saturating_mul(self.step_us)
        } else {
            next
        })
    }

    /// True once every lane has finished.
    pub fn is_done(&self) -> bool {
        self.lanes.iter().all(Simulation::is_finished)
    }

    /// Client requests completed so far, summed over the lanes.
    pub fn requests_done(&self) -> u64 {
        self.lanes.iter().map(Simulation::requests_completed).sum()
    }

    /// How far the run is, from 0 to 1, by completed client requests;
    /// exactly 1.0 only when [`Self::is_done`].
    pub fn progress(&self) -> f64 {
        if self.is_done() {
            return 1.0;
        }
        let total = (COMPARE_LANES * self.requests).max(1);
        (self.requests_done() as f64 / total as f64).min(0.999)
    }

    /// Every lane's report as of now (see [`PartialCompare`]). Costs a copy
    /// and a selection of every latency sample so far: call it a few times
    /// a second, not per slice of a long run.
    pub fn partial(&self) -> PartialCompare {
        let mut reports = self.lanes.iter().map(Simulation::report);
        let baseline = reports.next().expect("a comparison has a baseline lane");
        PartialCompare {
            report: CompareReport {
                scenario: self.scenario.clone(),
                baseline,
                lanes: reports.collect(),
                trace: None,
            },
            requests_done: self
                .lanes
                .iter()
                .map(Simulation::requests_completed)
                .min()
                .unwrap_or(0),
            requests_total: self.requests,
            until_us: self.lanes.iter().map(Simulation::now_us).min().unwrap_or(0),
        }
    }

    /// Runs whatever is left and returns the report: byte for byte what
    /// [`crate::compare`] returns for the same scenario.
    pub fn finish(self) -> CompareReport {
        let mut reports = self.lanes.into_iter().map(Simulation::finish);
        let baseline = reports.next().expect("a comparison has a baseline lane");
        CompareReport {
            scenario: self.scenario,
            baseline,
            lanes: reports.collect(),
            trace: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compare;
    use crate::scenario::{EventKind, ScheduledEvent};

    fn scenario() -> Scenario {
        Scenario {
            requests: 4_000,
            events: vec![ScheduledEvent {
                at_us: 1_500_000,
                kind: EventKind::CacheCrash {
                    down_for_us: 100_000,
                },
            }],
            ..Scenario::default()
        }
    }

    /// However it is cut, the end is `compare()`, and every partial on the
    /// way is the six lanes at one virtual time, never going back.
    #[test]
    fn any_slicing_finishes_as_compare_and_partials_only_grow() {
        let s = scenario();
        let want = compare(&s);
        for slice in [1, 97, 2_048, 1 << 40] {
            let mut run = ProgressiveCompare::new(&s);
            let mut last = (0, 0);
            let mut calls = 0u64;
            while !run.advance(slice) {
                calls += 1;
                if calls % 1_000 == 1 {
                    let p = run.partial();
                    assert!(p.requests_done <= p.requests_total);
                    assert!((p.requests_done, p.until_us) >= last, "slice {slice}");
                    last = (p.requests_done, p.until_us);
                    for l in &p.report.lanes {
                        assert!(l.requests <= s.requests);
                    }
                }
            }
            assert_eq!(run.progress(), 1.0);
            assert_eq!(run.finish(), want, "slice {slice}");
        }
    }

    /// A partial is the start of the exact run: its windows are the exact
    /// report's first windows, equal point for point, in every lane.
    #[test]
    fn a_partial_is_the_beginning_of_the_exact_run() {
        let s = scenario();
        let exact = compare(&s);
        let mut run = ProgressiveCompare::new(&s);
        run.advance(12_000);
        let p = run.partial();
        let pairs = std::iter::once((&p.report.baseline, &exact.baseline))
            .chain(p.report.lanes.iter().zip(&exact.lanes));
        for (part, full) in pairs {
            assert_eq!(part.label, full.label);
            // The last window may still be open in the partial.
            let closed = part.series.len().saturating_sub(1);
            assert!(closed > 0, "{}: some windows closed", part.label);
            assert_eq!(
                part.series[..closed],
                full.series[..closed],
                "{}",
                part.label
            );
            assert!(part.requests < full.requests);
        }
    }

    /// A short first slice moves every lane, not only the first ones (the
    /// page's first partial result once showed zero requests for the later
    /// lanes at 6 × 100 000).
    #[test]
    fn a_short_first_slice_moves_every_lane() {
        let s = Scenario {
            requests: 100_000,
            ..Scenario::default()
        };
        let mut run = ProgressiveCompare::new(&s);
        // About 300 requests' worth of events per lane.
        run.advance(6 * 3 * 300);
        let p = run.partial();
        assert!(p.requests_done > 100, "{}", p.requests_done);
    }

    /// A quiet stretch (a slow open loop) costs no empty rounds: the target
    /// jumps to the next event.
    #[test]
    fn quiet_time_is_skipped() {
        let s = Scenario {
            requests: 20,
            arrivals: crate::scenario::Arrivals::Open { rate_per_sec: 0.5 },
            window_us: 1_000,
            ..Scenario::default()
        };
        let mut run = ProgressiveCompare::new(&s);
        let mut calls = 0;
        while !run.advance(10) {
            calls += 1;
            assert!(calls < 10_000, "stuck in empty rounds");
        }
        assert_eq!(run.finish(), compare(&s));
    }
}
