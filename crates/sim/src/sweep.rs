//! Parameter sweeps: hit ratio and read p99 of the five strategies against
//! cache size, Zipf skew, write ratio (a miss-ratio-curve family), the
//! eviction policy (one point per policy, in [`EvictionPolicy::ALL`]'s
//! order: which policy suits each strategy on this workload) or the
//! stampede mitigation (one point per [`MITIGATIONS`] entry, on the same
//! seed: how much of the spike each removes).
//!
//! A sweep is many runs, so it is split into small, independent pieces: one
//! piece simulates one strategy at one x value. A [`SweepRun`] goes through
//! the pieces a bounded number of events at a time, cutting inside a piece
//! when the budget runs out, so the browser can run a slice of a few
//! milliseconds, yield to the event loop and carry on (progress bar, Cancel
//! button, a page that never freezes); the CLI and the tests just call
//! [`Sweep::run_all`], which is the same `SweepRun` in one go. Every piece is
//! deterministic, so the order or the slicing never changes the result.
//!
//! ```
//! use cachescope_sim::sweep::{Sweep, SweepAxis};
//! use cachescope_sim::Scenario;
//!
//! let base = Scenario { requests: 500, ..Scenario::default() };
//! let sweep = Sweep::new(&base, SweepAxis::CacheSize);
//! assert_eq!(sweep.pieces(), sweep.xs().len() as u64 * 5);
//! let result = sweep.run_all();
//! // Sliced: the same result, whatever the slice size.
//! let mut run = sweep.start();
//! while !run.advance(5_000) {
//!     assert!(run.progress() < 1.0);
//! }
//! assert_eq!(run.finish(), result);
//! // A bigger cache never hurts LRU under the same request sequence here.
//! let first = &result.points[0].lanes[0];
//! let last = &result.points[result.points.len() - 1].lanes[0];
//! assert!(last.hit_ratio >= first.hit_ratio);
//! ```

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::compare_run::{advance_lane, PickerCache};
use crate::engine::Simulation;
use crate::eviction::EvictionPolicy;
use crate::limits::{MAX_CAPACITY, MIN_CAPACITY};
use crate::scenario::{Popularity, Scenario};
use crate::strategy::StrategyId;

/// What a sweep varies.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SweepAxis {
    /// Cache capacity in entries (log-spaced, 0.5 % to 100 % of the keys).
    CacheSize,
    /// Zipf exponent α (0 = uniform to 2 = very skewed).
    ZipfAlpha,
    /// Fraction of requests that are writes (0 to 0.9).
    WriteRatio,
    /// The eviction policy: x is the index into [`EvictionPolicy::ALL`].
    EvictionPolicy,
    /// The stampede mitigation: x is the index into [`MITIGATIONS`] (only
    /// none and coalescing without a TTL: the others act on expiries).
    Mitigation,
}

/// The mitigations a [`SweepAxis::Mitigation`] sweep compares, each alone
/// on the base scenario with every other one off: none, coalescing, TTL
/// jitter ±30 %, stale-while-revalidate for a tenth of the TTL, early
/// refresh with β 1.
pub const MITIGATIONS: [&str; 5] = [
    "none",
    "coalescing",
    "TTL jitter 30 %",
    "serve stale",
    "early refresh",
];

/// [`MITIGATIONS`] as a chart's axis ticks name them: five fit under a
/// phone-wide panel.
pub const MITIGATION_TICKS: [&str; 5] = ["none", "coalesce", "jitter", "stale", "early"];

impl SweepAxis {
    /// All axes, in display order.
    pub const ALL: [SweepAxis; 5] = [
        SweepAxis::CacheSize,
        SweepAxis::ZipfAlpha,
        SweepAxis::WriteRatio,
        SweepAxis::EvictionPolicy,
        SweepAxis::Mitigation,
    ];

    /// Stable id.
    pub fn as_str(self) -> &'static str {
        match self {
            SweepAxis::CacheSize => "cache-size",
            SweepAxis::ZipfAlpha => "zipf-alpha",
            SweepAxis::WriteRatio => "write-ratio",
            SweepAxis::EvictionPolicy => "eviction",
            SweepAxis::Mitigation => "mitigation",
        }
    }

    /// Axis label with its unit.
    pub fn label(self) -> &'static str {
        match self {
            SweepAxis::CacheSize => "Cache size (entries)",
            SweepAxis::ZipfAlpha => "Zipf skew α (unitless)",
            SweepAxis::WriteRatio => "Write ratio (fraction of requests)",
            SweepAxis::EvictionPolicy => "Eviction policy",
            SweepAxis::Mitigation => "Stampede mitigation",
        }
    }

    /// True when the x values are categories (policies, mitigations) at
    /// 0, 1, …, not numbers.
    pub fn is_categorical(self) -> bool {
        matches!(self, SweepAxis::EvictionPolicy | SweepAxis::Mitigation)
    }

    /// The short name of category `x` for an axis tick (`None` on the
    /// others).
    pub fn category_tick(self, x: f64) -> Option<&'static str> {
        match self {
            SweepAxis::Mitigation => {
                let i = (x.round().max(0.0) as usize).min(MITIGATION_TICKS.len() - 1);
                Some(MITIGATION_TICKS[i])
            }
            _ => self.category(x),
        }
    }

    /// The name of category `x` on a categorical axis (`None` on the
    /// others).
    pub fn category(self, x: f64) -> Option<&'static str> {
        let i = x.round().max(0.0) as usize;
        match self {
            SweepAxis::EvictionPolicy => Some(Self::policy_at(x).label()),
            SweepAxis::Mitigation => Some(MITIGATIONS[i.min(MITIGATIONS.len() - 1)]),
            _ => None,
        }
    }

    /// True when the x values are log-spaced (cache size), so a chart should
    /// use a log axis.
    pub fn is_log(self) -> bool {
        matches!(self, SweepAxis::CacheSize)
    }

    /// The x values swept for this base scenario.
    pub fn xs(self, base: &Scenario) -> Vec<f64> {
        match self {
            SweepAxis::CacheSize => {
                let keys = base.workload.key_space as f64;
                let mut xs: Vec<f64> = [0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1.0]
                    .iter()
                    .map(|f| {
                        (keys * f)
                            .round()
                            .clamp(f64::from(MIN_CAPACITY), f64::from(MAX_CAPACITY))
                    })
                    .collect();
                xs.dedup();
                xs
            }
            SweepAxis::ZipfAlpha => vec![0.0, 0.4, 0.6, 0.8, 1.0, 1.2, 1.5, 2.0],
            SweepAxis::WriteRatio => vec![0.0, 0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 0.9],
            SweepAxis::EvictionPolicy => (0..EvictionPolicy::ALL.len()).map(|i| i as f64).collect(),
            SweepAxis::Mitigation => {
                let n = if base.cache.ttl_us.is_some() {
                    MITIGATIONS.len()
                } else {
                    2
                };
                (0..n).map(|i| i as f64).collect()
            }
        }
    }

    /// The policy at x value `x` of an [`SweepAxis::EvictionPolicy`] sweep
    /// (an index; out of range or fractional values take the nearest one).
    pub fn policy_at(x: f64) -> EvictionPolicy {
        let last = EvictionPolicy::ALL.len() - 1;
        EvictionPolicy::ALL[(x.round().max(0.0) as usize).min(last)]
    }

    /// `base` with this axis set to `x` (the x values of [`Self::xs`] are
    /// always valid). The trace log is switched off: a sweep reads summaries.
    pub fn apply(self, base: &Scenario, x: f64) -> Scenario {
        let mut s = base.clone();
        s.log_limit = 0;
        match self {
            SweepAxis::CacheSize => s.cache.capacity = x as u32,
            SweepAxis::ZipfAlpha => s.workload.popularity = Popularity::Zipf { alpha: x },
            SweepAxis::WriteRatio => s.workload.read_ratio = 1.0 - x,
            SweepAxis::EvictionPolicy => s.cache.eviction = Self::policy_at(x),
            SweepAxis::Mitigation => {
                let c = &mut s.cache;
                (c.coalesce, c.ttl_jitter, c.stale_grace_us, c.early_refresh) =
                    (false, 0.0, 0, 0.0);
                let ttl = c.ttl_us;
                match (x.round() as i64, ttl) {
                    (1, _) => c.coalesce = true,
                    (2, Some(_)) => c.ttl_jitter = 0.3,
                    (3, Some(t)) => c.stale_grace_us = (t / 10).max(1),
                    (4, Some(_)) => c.early_refresh = 1.0,
                    _ => {}
                }
            }
        }
        s
    }
}

impl fmt::Display for SweepAxis {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One strategy at one x value.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct SweepLane {
    /// Which strategy.
    pub strategy: StrategyId,
    /// Hits / (hits + misses).
    pub hit_ratio: f64,
    /// Read latency p99, µs.
    pub read_p99_us: u64,
    /// The most DB reads in one series window, per second (the height of a
    /// stampede). Absent in sweeps saved before it was kept: 0.
    #[serde(default)]
    pub db_read_peak_per_sec: f64,
}

/// All five strategies at one x value.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SweepPoint {
    /// The x value.
    pub x: f64,
    /// One entry per [`StrategyId::ALL`], in that order.
    pub lanes: Vec<SweepLane>,
}

/// A finished sweep.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SweepResult {
    /// What was varied.
    pub axis: SweepAxis,
    /// One point per x value, ascending.
    pub points: Vec<SweepPoint>,
}

/// A sweep to run piece by piece (see the module docs).
#[derive(Clone, Debug)]
pub struct Sweep {
    base: Scenario,
    axis: SweepAxis,
    xs: Vec<f64>,
}

impl Sweep {
    /// Plans a sweep of `axis` around a (validated) `base` scenario.
    pub fn new(base: &Scenario, axis: SweepAxis) -> Sweep {
        Sweep {
            base: base.clone(),
            axis,
            xs: axis.xs(base),
        }
    }

    /// What is varied.
    pub fn axis(&self) -> SweepAxis {
        self.axis
    }

    /// The x values.
    pub fn xs(&self) -> &[f64] {
        &self.xs
    }

    /// Number of pieces: x values × five strategies.
    pub fn pieces(&self) -> u64 {
        self.xs.len() as u64 * StrategyId::ALL.len() as u64
    }

    /// The x value and strategy of piece `i` (`0..pieces()`): x value
    /// `i / 5`, strategy `i % 5`. Panics if `i` is out of range.
    pub fn piece(&self, i: u64) -> (f64, StrategyId) {
        let n = StrategyId::ALL.len() as u64;
        (self.xs[(i / n) as usize], StrategyId::ALL[(i % n) as usize])
    }

    /// Runs piece `i` (`0..pieces()`, see [`Self::piece`]) to the end.
    /// Returns the x value and the lane. Panics if `i` is out of range.
    pub fn run_piece(&self, i: u64) -> (f64, SweepLane) {
        let (x, id) = self.piece(i);
        (x, self.run_lane(x, id))
    }

    /// Runs one strategy (its default paths) at x value `x`.
    pub fn run_lane(&self, x: f64, strategy: StrategyId) -> SweepLane {
        sweep_lane(strategy, self.lane_sim(x, strategy))
    }

    /// The lane of one strategy at `x`, not yet run.
    fn lane_sim(&self, x: f64, strategy: StrategyId) -> Simulation {
        self.lane_sim_with(x, strategy, &mut PickerCache::new())
    }

    /// [`Self::lane_sim`], reusing the key picker in `pickers` when the key
    /// space and popularity are the ones it was built for (every piece of a
    /// cache-size or write-ratio sweep, the five pieces of each x value of a
    /// skew sweep): a Zipf table over a million keys is tens of
    /// milliseconds, too much to redo for each of 40 pieces. The picker is a
    /// pure function of those two values, so reuse changes nothing.
    fn lane_sim_with(&self, x: f64, strategy: StrategyId, pickers: &mut PickerCache) -> Simulation {
        let s = self.axis.apply(&self.base, x);
        let picker = pickers.picker(&s.workload);
        let (r, w) = strategy.default_paths();
        Simulation::for_lane(&s, r, w, picker)
    }

    /// Piece `i` (`0..pieces()`) as a lane of a comparison: the scenario at
    /// its x value and the lane index of its strategy (see
    /// [`crate::LaneRun`]), so whatever runs comparison lanes (the page's
    /// Web Workers) can run a sweep too. [`Self::piece_from_lane`] turns the
    /// lane's report back into the piece. Panics if `i` is out of range.
    pub fn piece_lane(&self, i: u64) -> (Scenario, u64) {
        let (x, id) = self.piece(i);
        let lane = 1 + StrategyId::ALL
            .iter()
            .position(|s| *s == id)
            .expect("a named strategy") as u64;
        (self.axis.apply(&self.base, x), lane)
    }

    /// Piece `i` from the report of the lane [`Self::piece_lane`] gave for
    /// it: the same as [`Self::run_piece`]. `None` if the report is not of
    /// that piece's strategy (or `i` is out of range).
    pub fn piece_from_lane(&self, i: u64, lane: &crate::LaneReport) -> Option<(f64, SweepLane)> {
        if i >= self.pieces() {
            return None;
        }
        let (x, id) = self.piece(i);
        (lane.strategy == Some(id)).then_some((
            x,
            SweepLane {
                strategy: id,
                hit_ratio: lane.hit_ratio,
                read_p99_us: lane.read_latency.p99_us,
                db_read_peak_per_sec: lane.db_read_peak_per_sec,
            },
        ))
    }

    /// Groups finished pieces (in piece order) into points.
    pub fn assemble(&self, pieces: &[(f64, SweepLane)]) -> SweepResult {
        let n = StrategyId::ALL.len();
        SweepResult {
            axis: self.axis,
            points: pieces
                .chunks(n)
                .map(|c| SweepPoint {
                    x: c[0].0,
                    lanes: c.iter().map(|p| p.1).collect(),
                })
                .collect(),
        }
    }

    /// Starts running the sweep in slices (see [`SweepRun`]).
    pub fn start(&self) -> SweepRun {
        SweepRun {
            sweep: self.clone(),
            pieces: Vec::with_capacity(self.pieces() as usize),
            current: None,
            pickers: PickerCache::new(),
        }
    }

    /// Runs every piece at once (CLI, tests).
    pub fn run_all(&self) -> SweepResult {
        self.start().finish()
    }
}

/// Runs `sim` to its end (nothing is left when a [`SweepRun`] finished it)
/// and keeps the two numbers a sweep charts.
fn sweep_lane(strategy: StrategyId, sim: Simulation) -> SweepLane {
    let lane = sim.finish();
    SweepLane {
        strategy,
        hit_ratio: lane.hit_ratio,
        read_p99_us: lane.read_latency.p99_us,
        db_read_peak_per_sec: lane.db_read_peak_per_sec,
    }
}

/// A sweep in progress: [`Sweep::start`], then [`SweepRun::advance`] until it
/// returns true, then [`SweepRun::finish`]. At most one lane is alive at a
/// time; finished pieces are kept as their two numbers.
#[derive(Clone, Debug)]
pub struct SweepRun {
    sweep: Sweep,
    /// Finished pieces, in piece order.
    pieces: Vec<(f64, SweepLane)>,
    /// The piece being stepped: its x value, strategy and lane.
    current: Option<(f64, StrategyId, Simulation)>,
    /// The key picker of the last piece, reused while it fits.
    pickers: PickerCache,
}

impl SweepRun {
    /// Processes at most `max_events` more events, moving on to the next
    /// piece when one finishes (and building the next lane, which for a big
    /// key space costs a Zipf table). True when every piece has finished.
    pub fn advance(&mut self, max_events: u64) -> bool {
        let mut budget = max_events;
        loop {
            if self.current.is_none() {
                let i = self.pieces.len() as u64;
                if i >= self.sweep.pieces() {
                    return true;
                }
                let (x, id) = self.sweep.piece(i);
                let sim = self.sweep.lane_sim_with(x, id, &mut self.pickers);
                self.current = Some((x, id, sim));
            }
            let (_, _, sim) = self.current.as_mut().expect("a current piece");
            if !advance_lane(sim, &mut budget) {
                return false;
            }
            let (x, id, sim) = self.current.take().expect("a current piece");
            self.pieces.push((x, sweep_lane(id, sim)));
        }
    }

    /// True once every piece has finished.
    pub fn is_done(&self) -> bool {
        self.pieces.len() as u64 >= self.sweep.pieces()
    }

    /// Pieces finished so far (of [`Sweep::pieces`]).
    pub fn pieces_done(&self) -> u64 {
        self.pieces.len() as u64
    }

    /// The sweep being run.
    pub fn sweep(&self) -> &Sweep {
        &self.sweep
    }

    /// How far the sweep is, from 0 to 1: finished pieces plus the completed
    /// client requests of the current one. Exactly 1.0 only when done.
    pub fn progress(&self) -> f64 {
        if self.is_done() {
            return 1.0;
        }
        let within = self.current.as_ref().map_or(0.0, |(_, _, sim)| {
            sim.requests_completed() as f64 / sim.requests_planned().max(1) as f64
        });
        ((self.pieces_done() as f64 + within) / self.sweep.pieces().max(1) as f64).min(0.999)
    }

    /// Runs whatever is left and returns the result, the same as
    /// [`Sweep::run_all`].
    pub fn finish(mut self) -> SweepResult {
        self.advance(u64::MAX);
        self.sweep.assemble(&self.pieces)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compare;

    /// Small enough to be quick, with 5 requests per key so that cold misses
    /// do not hide the curves, and a cache of 10 % of the keys.
    fn base() -> Scenario {
        Scenario {
            requests: 5_000,
            workload: crate::Workload {
                key_space: 1_000,
                ..Default::default()
            },
            cache: crate::CacheConfig {
                capacity: 100,
                ..Default::default()
            },
            ..Scenario::default()
        }
    }

    #[test]
    fn every_x_gives_a_valid_scenario() {
        for axis in SweepAxis::ALL {
            let xs = axis.xs(&base());
            assert!(xs.windows(2).all(|w| w[0] < w[1]), "{axis}: ascending");
            for x in xs {
                axis.apply(&base(), x).validate().unwrap();
            }
        }
        // A tiny key space still yields distinct, valid capacities.
        let tiny = Scenario {
            workload: crate::Workload {
                key_space: 10,
                ..Default::default()
            },
            ..base()
        };
        assert_eq!(SweepAxis::CacheSize.xs(&tiny), vec![1.0, 2.0, 5.0, 10.0]);
    }

    /// A sweep piece is the same number `compare` gives for that scenario:
    /// the chart of a sweep and the Compare view never disagree.
    #[test]
    fn a_piece_equals_the_compare_lane() {
        let sweep = Sweep::new(&base(), SweepAxis::WriteRatio);
        let x = sweep.xs()[3];
        let r = compare(&SweepAxis::WriteRatio.apply(&base(), x));
        for (i, id) in StrategyId::ALL.into_iter().enumerate() {
            let lane = sweep.run_lane(x, id);
            assert_eq!(lane.hit_ratio, r.lanes[i].hit_ratio, "{id}");
            assert_eq!(lane.read_p99_us, r.lanes[i].read_latency.p99_us, "{id}");
        }
    }

    #[test]
    fn curves_have_the_expected_shape() {
        let size = Sweep::new(&base(), SweepAxis::CacheSize).run_all();
        let skew = Sweep::new(&base(), SweepAxis::ZipfAlpha).run_all();
        let writes = Sweep::new(&base(), SweepAxis::WriteRatio).run_all();
        for i in 0..5 {
            let h = |r: &SweepResult, p: usize| r.points[p].lanes[i].hit_ratio;
            let last = |r: &SweepResult| r.points.len() - 1;
            // More cache, more hits; more skew, more hits.
            assert!(h(&size, last(&size)) > h(&size, 0) + 0.3, "size lane {i}");
            assert!(h(&skew, last(&skew)) > h(&skew, 0) + 0.3, "skew lane {i}");
            assert!(h(&writes, 0) > 0.0, "writes lane {i}");
        }
        // Invalidating on write (cache-aside) loses hits as writes grow;
        // write-through keeps written keys cached and holds up better.
        let ca = writes.points.last().unwrap().lanes[0].hit_ratio;
        let wt = writes.points.last().unwrap().lanes[2].hit_ratio;
        assert!(ca < wt, "cache-aside {ca} vs write-through {wt}");
    }

    #[test]
    fn assemble_groups_pieces_by_x_in_strategy_order() {
        let sweep = Sweep::new(&base(), SweepAxis::ZipfAlpha);
        let r = sweep.run_all();
        assert_eq!(r.points.len(), sweep.xs().len());
        for (p, x) in r.points.iter().zip(sweep.xs()) {
            assert_eq!(p.x, *x);
            let ids: Vec<_> = p.lanes.iter().map(|l| l.strategy).collect();
            assert_eq!(ids, StrategyId::ALL.to_vec());
        }
    }

    #[test]
    fn pieces_run_as_comparison_lanes_give_the_same_sweep() {
        let mut b = base();
        b.requests = 800;
        for axis in SweepAxis::ALL {
            let sweep = Sweep::new(&b, axis);
            let pieces: Vec<_> = (0..sweep.pieces())
                .map(|i| {
                    let (s, lane) = sweep.piece_lane(i);
                    let report = crate::run_lane(&s, lane).expect("a lane");
                    sweep.piece_from_lane(i, &report).expect("its strategy")
                })
                .collect();
            assert_eq!(sweep.assemble(&pieces), sweep.run_all(), "{axis}");
            let (s, lane) = sweep.piece_lane(0);
            let wrong = crate::run_lane(&s, lane + 1).expect("a lane");
            assert_eq!(sweep.piece_from_lane(0, &wrong), None);
            assert_eq!(sweep.piece_from_lane(sweep.pieces(), &wrong), None);
        }
    }
}
