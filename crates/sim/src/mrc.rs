//! A trace's miss-ratio curve: its miss ratio under every eviction policy at
//! a range of cache sizes, the plot trace simulators are known for.
//!
//! Each point is exactly [`crate::replay::replay`] of the trace at that
//! policy and capacity (tested below), so `cachescope replay` on the same
//! file prints the same numbers. An [`MrcRun`] feeds a bounded number of
//! requests at a time, like every other sliced run, so the page can draw
//! progress and stay responsive on a two-million-request trace.
//!
//! ```
//! use std::sync::Arc;
//! use cachescope_sim::mrc::{curve_capacities, MrcRun};
//! use cachescope_sim::trace::{zipf_trace, RecordedTrace, TraceOp, TraceRecord};
//!
//! let records = zipf_trace(5_000, 500, 1.0, 7)
//!     .into_iter()
//!     .map(|key| TraceRecord { timestamp: None, key, op: TraceOp::Read });
//! let trace = Arc::new(RecordedTrace::from_records(records).unwrap());
//! let mut run = MrcRun::new(trace.clone(), curve_capacities(trace.distinct_keys()));
//! while !run.advance(1_000) {}
//! let curve = run.finish();
//! // A bigger cache never misses more under LRU (a stack algorithm).
//! let lru = &curve.policies[0];
//! assert!(lru.points.windows(2).all(|w| w[1].miss_ratio <= w[0].miss_ratio));
//! ```

use std::num::NonZeroU32;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::eviction::{EvictionPolicy, Evictor};
use crate::limits;
use crate::replay::ReplayStats;
use crate::trace::RecordedTrace;

/// The cache sizes of a curve, as shares of the trace's distinct keys: log
/// spaced from a thousandth (where every policy misses a lot) to all of
/// them (where only cold misses remain).
const SIZE_SHARES: [f64; 10] = [0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1.0];

/// The capacities a curve over `distinct_keys` keys is drawn at: one per
/// [`SIZE_SHARES`], at least 1 and at most [`limits::MAX_CAPACITY`], each
/// once (a small trace has fewer points).
pub fn curve_capacities(distinct_keys: u64) -> Vec<NonZeroU32> {
    let mut out: Vec<NonZeroU32> = Vec::with_capacity(SIZE_SHARES.len());
    for share in SIZE_SHARES {
        let n = (distinct_keys as f64 * share).round() as u64;
        let n = n.clamp(
            u64::from(limits::MIN_CAPACITY),
            u64::from(limits::MAX_CAPACITY),
        ) as u32;
        let c = NonZeroU32::new(n).unwrap_or(NonZeroU32::MIN);
        if out.last() != Some(&c) {
            out.push(c);
        }
    }
    out
}

/// One point of a curve.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct MrcPoint {
    /// Cache capacity in objects.
    pub capacity: u32,
    /// The replay's counts and miss ratio at that capacity.
    #[serde(flatten)]
    pub stats: ReplayStats,
}

impl std::ops::Deref for MrcPoint {
    type Target = ReplayStats;

    fn deref(&self) -> &ReplayStats {
        &self.stats
    }
}

/// One policy's curve, capacities ascending.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PolicyCurve {
    /// The eviction policy.
    pub policy: EvictionPolicy,
    /// Its points.
    pub points: Vec<MrcPoint>,
}

/// The miss-ratio curve of a trace: every policy of
/// [`EvictionPolicy::ALL`], in that order.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MissRatioCurve {
    /// Requests replayed.
    pub requests: u64,
    /// Distinct keys in the trace (the largest capacity is this many).
    pub distinct_keys: u64,
    /// One curve per policy.
    pub policies: Vec<PolicyCurve>,
}

/// A curve being computed (see the module docs).
///
/// It replays the whole trace through one cache, then the next, rather
/// than each slice through all of them: a slice is a few thousand
/// requests, and sixty caches' structures (megabytes each on a trace with
/// many keys) taking turns on every slice thrash the CPU's caches; one at a
/// time, only the one being fed is in use (and only it is in memory).
#[derive(Clone, Debug)]
pub struct MrcRun {
    trace: Arc<RecordedTrace>,
    capacities: Vec<NonZeroU32>,
    /// Hits of each (policy, capacity), policy-major, as far as replayed.
    hits: Vec<u64>,
    /// The cache being fed: its index in `hits` and its state.
    current: Option<(usize, Box<Evictor>)>,
    /// The next cache to start.
    next_cache: usize,
    /// Requests fed to the current cache so far.
    next: u64,
}

impl MrcRun {
    /// Plans the curve of `trace` at `capacities` (ascending) for every
    /// policy.
    pub fn new(trace: Arc<RecordedTrace>, capacities: Vec<NonZeroU32>) -> MrcRun {
        MrcRun {
            hits: vec![0; EvictionPolicy::ALL.len() * capacities.len()],
            trace,
            capacities,
            current: None,
            next_cache: 0,
            next: 0,
        }
    }

    /// The policy and capacity of cache `i` (policy-major).
    fn cache(&self, i: usize) -> Evictor {
        let per_policy = self.capacities.len();
        Evictor::new(
            EvictionPolicy::ALL[i / per_policy],
            self.capacities[i % per_policy],
        )
    }

    /// Does at most `max_accesses` more cache accesses (one request fed to
    /// one cache each). True once every cache has replayed the trace.
    pub fn advance(&mut self, max_accesses: u64) -> bool {
        let total = self.trace.len();
        let mut budget = max_accesses;
        loop {
            if self.current.is_none() {
                if self.next_cache == self.hits.len() {
                    return true;
                }
                self.current = Some((self.next_cache, Box::new(self.cache(self.next_cache))));
                self.next_cache += 1;
                self.next = 0;
            }
            let Some((i, cache)) = self.current.as_mut() else {
                unreachable!("a cache was just started")
            };
            let end = self.next.saturating_add(budget).min(total);
            let mut hits = 0u64;
            for key in self.trace.keys_between(self.next, end) {
                hits += u64::from(cache.access(key));
            }
            self.hits[*i] += hits;
            budget -= end - self.next;
            self.next = end;
            if end < total {
                return false;
            }
            // This cache is done: its memory goes now.
            self.current = None;
            if budget == 0 {
                return self.next_cache == self.hits.len();
            }
        }
    }

    /// The share of the replay done, 0 to 1.
    pub fn progress(&self) -> f64 {
        let caches = self.hits.len() as u64;
        let per_cache = self.trace.len();
        if caches == 0 || per_cache == 0 {
            return 1.0;
        }
        let started = self.next_cache as u64 - u64::from(self.current.is_some());
        let done = started * per_cache + if self.current.is_some() { self.next } else { 0 };
        done as f64 / (caches * per_cache) as f64
    }

    /// Replays whatever is left and gives the curve.
    pub fn finish(mut self) -> MissRatioCurve {
        while !self.advance(u64::MAX) {}
        let capacities: Vec<u32> = self.capacities.iter().map(|c| c.get()).collect();
        MissRatioCurve::from_hits(
            self.trace.len(),
            self.trace.distinct_keys(),
            &capacities,
            &self.hits,
        )
        .expect("one hit count per policy and size")
    }
}

impl MissRatioCurve {
    /// The curve of a trace of `requests` over `distinct_keys` keys from
    /// its hit counts, policy-major in [`EvictionPolicy::ALL`] order, one
    /// per capacity of `capacities` (what a worker sends: the page builds
    /// the same curve [`MrcRun::finish`] gives). `None` when the counts do
    /// not fit: a count per policy and capacity, none above `requests`.
    pub fn from_hits(
        requests: u64,
        distinct_keys: u64,
        capacities: &[u32],
        hits: &[u64],
    ) -> Option<MissRatioCurve> {
        if hits.len() != EvictionPolicy::ALL.len() * capacities.len()
            || hits.iter().any(|&h| h > requests)
        {
            return None;
        }
        let per_policy = capacities.len().max(1);
        let policies = EvictionPolicy::ALL
            .iter()
            .zip(hits.chunks(per_policy))
            .map(|(&policy, hits)| PolicyCurve {
                policy,
                points: capacities
                    .iter()
                    .zip(hits)
                    .map(|(&capacity, &h)| MrcPoint {
                        capacity,
                        stats: ReplayStats::from_counts(h, requests - h),
                    })
                    .collect(),
            })
            .collect();
        Some(MissRatioCurve {
            requests,
            distinct_keys,
            policies,
        })
    }

    /// Its hit counts, policy-major, as [`MissRatioCurve::from_hits`]
    /// takes them, and the capacities.
    pub fn hits(&self) -> (Vec<u32>, Vec<u64>) {
        let capacities = self
            .policies
            .first()
            .map(|p| p.points.iter().map(|pt| pt.capacity).collect())
            .unwrap_or_default();
        let hits = self
            .policies
            .iter()
            .flat_map(|p| p.points.iter().map(|pt| pt.hits))
            .collect();
        (capacities, hits)
    }
}

/// The curve of `trace` at [`curve_capacities`], in one call.
pub fn miss_ratio_curve(trace: Arc<RecordedTrace>) -> MissRatioCurve {
    let capacities = curve_capacities(trace.distinct_keys());
    MrcRun::new(trace, capacities).finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::replay::replay;
    use crate::trace::{zipf_trace, TraceOp, TraceRecord};

    #[test]
    fn capacities_span_a_thousandth_to_all_keys_once_each() {
        let c = |n| {
            curve_capacities(n)
                .iter()
                .map(|c| c.get())
                .collect::<Vec<_>>()
        };
        assert_eq!(
            c(100_000),
            [100, 200, 500, 1_000, 2_000, 5_000, 10_000, 20_000, 50_000, 100_000]
        );
        assert_eq!(c(30), [1, 2, 3, 6, 15, 30]);
        assert_eq!(c(0), [1]);
        assert_eq!(*c(5_000_000_000).last().unwrap(), limits::MAX_CAPACITY);
    }

    /// Every point is `replay` of the raw keys (before renumbering), however
    /// the run is sliced: the same numbers `cachescope replay` prints.
    #[test]
    fn every_point_is_the_replay_of_the_original_keys() {
        // Sparse, huge keys, so renumbering really changes them.
        let raw: Vec<u64> = zipf_trace(20_000, 3_000, 0.8, 11)
            .into_iter()
            .map(|k| k.wrapping_mul(0x9e37_79b9_7f4a_7c15))
            .collect();
        let records = raw.iter().map(|&key| TraceRecord {
            timestamp: None,
            key,
            op: TraceOp::Read,
        });
        let trace = Arc::new(RecordedTrace::from_records(records).unwrap());
        let mut run = MrcRun::new(trace.clone(), curve_capacities(trace.distinct_keys()));
        // Slices that end mid-cache and exactly at a cache's end (20 000 is
        // a multiple of 400): progress only grows, and is 1 at the end.
        let mut last = 0.0;
        for budget in [777, 400].iter().cycle() {
            let done = run.advance(*budget);
            assert!(run.progress() >= last, "{} < {last}", run.progress());
            last = run.progress();
            if done {
                break;
            }
            assert!(last < 1.0);
        }
        assert_eq!(last, 1.0);
        let curve = run.finish();
        assert_eq!(curve, miss_ratio_curve(trace));
        // Its hit counts give the curve back (what the worker sends).
        let (capacities, hits) = curve.hits();
        let back =
            MissRatioCurve::from_hits(curve.requests, curve.distinct_keys, &capacities, &hits);
        assert_eq!(back.as_ref(), Some(&curve));
        assert!(MissRatioCurve::from_hits(curve.requests, 1, &capacities, &hits[1..]).is_none());
        assert!(MissRatioCurve::from_hits(0, 1, &capacities, &hits).is_none());
        assert_eq!(curve.policies.len(), EvictionPolicy::ALL.len());
        for pc in &curve.policies {
            for p in &pc.points {
                let cap = NonZeroU32::new(p.capacity).unwrap();
                assert_eq!(
                    p.stats,
                    replay(raw.iter().copied(), pc.policy, cap),
                    "{} {}",
                    pc.policy,
                    p.capacity
                );
            }
        }
    }
}
