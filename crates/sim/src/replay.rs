//! Replaying a trace through the cache alone (no app, no database, no
//! time): the classic miss-ratio experiment of cache research tools.
//!
//! Every request is a lookup: a resident key is a **hit** (the policy is
//! told, so recency/frequency update); an absent key is a **miss** and is
//! admitted, evicting the policy's victim if the cache is full. Trace
//! operations (writes, deletes) and object sizes are not modelled, as in
//! libCacheSim's default simulation; capacity counts objects.
//!
//! ```
//! use std::num::NonZeroU32;
//! use cachescope_sim::eviction::EvictionPolicy;
//! use cachescope_sim::replay::replay;
//!
//! let stats = replay([1, 2, 1, 3, 1], EvictionPolicy::Lru, NonZeroU32::new(2).unwrap());
//! assert_eq!((stats.requests, stats.hits, stats.misses), (5, 2, 3));
//! assert_eq!(stats.miss_ratio, 0.6);
//! ```

use std::num::NonZeroU32;

use serde::{Deserialize, Serialize};

use crate::eviction::{ArcCache, EvictionPolicy, Fifo, Lfu, Lru, S3Fifo, Sieve};

/// Outcome of a replay. Field names are part of the CLI's JSON contract.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReplayStats {
    /// Requests replayed.
    pub requests: u64,
    /// Requests that found their key resident.
    pub hits: u64,
    /// Requests that did not (`requests - hits`).
    pub misses: u64,
    /// `misses / requests`; 0 for an empty trace (nothing missed).
    pub miss_ratio: f64,
}

impl ReplayStats {
    /// Stats from hit and miss counts (the ratio is derived here, once).
    pub fn from_counts(hits: u64, misses: u64) -> Self {
        let requests = hits + misses;
        let miss_ratio = if requests == 0 {
            0.0
        } else {
            misses as f64 / requests as f64
        };
        ReplayStats {
            requests,
            hits,
            misses,
            miss_ratio,
        }
    }
}

/// Replay `keys` through an empty cache of `capacity` objects under
/// `policy`.
///
/// The policy is chosen once, outside the loop, and each policy's concrete
/// type is driven directly, so the per-request path is monomorphic and
/// inlined (no dispatch per request).
pub fn replay(
    keys: impl IntoIterator<Item = u64>,
    policy: EvictionPolicy,
    capacity: NonZeroU32,
) -> ReplayStats {
    let keys = keys.into_iter();
    let hits = match policy {
        EvictionPolicy::Lru => count_hits(keys, Lru::new(capacity), Lru::access),
        EvictionPolicy::Lfu => count_hits(keys, Lfu::new(capacity), Lfu::access),
        EvictionPolicy::Fifo => count_hits(keys, Fifo::new(capacity), Fifo::access),
        EvictionPolicy::Sieve => count_hits(keys, Sieve::new(capacity), Sieve::access),
        EvictionPolicy::S3Fifo => count_hits(keys, S3Fifo::new(capacity), S3Fifo::access),
        EvictionPolicy::Arc => count_hits(keys, ArcCache::new(capacity), ArcCache::access),
    };
    ReplayStats::from_counts(hits.0, hits.1)
}

/// `(hits, misses)` of `keys` through `cache`.
#[inline]
fn count_hits<C>(
    keys: impl Iterator<Item = u64>,
    mut cache: C,
    mut access: impl FnMut(&mut C, u64) -> bool,
) -> (u64, u64) {
    let mut hits = 0u64;
    let mut requests = 0u64;
    for key in keys {
        hits += u64::from(access(&mut cache, key));
        requests += 1;
    }
    (hits, requests - hits)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::eviction::Evictor;
    use crate::trace::zipf_trace;

    fn cap(n: u32) -> NonZeroU32 {
        NonZeroU32::new(n).unwrap()
    }

    /// The hand-derived trace of the eviction tests, through `replay`.
    #[test]
    fn pinned_small_trace() {
        let trace = [1u64, 2, 3, 1, 4, 1, 2, 5, 1, 2, 3, 4, 5, 1, 2, 3];
        let hits = |p| replay(trace, p, cap(3)).hits;
        assert_eq!(hits(EvictionPolicy::Lru), 4);
        assert_eq!(hits(EvictionPolicy::Fifo), 4);
        assert_eq!(hits(EvictionPolicy::Lfu), 6);
        assert_eq!(hits(EvictionPolicy::Sieve), 5);
        let s = replay(trace, EvictionPolicy::Lfu, cap(3));
        assert_eq!(
            s,
            ReplayStats {
                requests: 16,
                hits: 6,
                misses: 10,
                miss_ratio: 0.625
            }
        );
    }

    /// The monomorphic fast path agrees with the generic `Evictor` (the API
    /// the engine uses) on a skewed trace, for every policy.
    #[test]
    fn fast_path_matches_evictor() {
        let trace = zipf_trace(50_000, 2_000, 0.9, 3);
        for policy in EvictionPolicy::ALL {
            for c in [1, 10, 100, 1_000] {
                let mut e = Evictor::new(policy, cap(c));
                let hits = trace
                    .iter()
                    .filter(|&&k| {
                        let hit = e.contains(k);
                        if hit {
                            e.touch(k);
                        } else {
                            e.insert(k);
                        }
                        hit
                    })
                    .count() as u64;
                let s = replay(trace.iter().copied(), policy, cap(c));
                assert_eq!(s.hits, hits, "{policy} capacity {c}");
                assert_eq!(s.requests, 50_000);
                assert_eq!(s.hits + s.misses, s.requests);
            }
        }
    }

    #[test]
    fn empty_and_json_shape() {
        let s = replay([], EvictionPolicy::Sieve, cap(4));
        assert_eq!(
            s,
            ReplayStats {
                requests: 0,
                hits: 0,
                misses: 0,
                miss_ratio: 0.0
            }
        );
        let json = serde_json::to_string(&replay([7, 7], EvictionPolicy::Lru, cap(1))).unwrap();
        assert_eq!(
            json,
            r#"{"requests":2,"hits":1,"misses":1,"miss_ratio":0.5}"#
        );
    }

    /// A cache at least as large as the key space only misses cold keys.
    #[test]
    fn large_cache_misses_only_first_touches() {
        let trace = zipf_trace(20_000, 300, 1.0, 5);
        let mut distinct = trace.clone();
        distinct.sort_unstable();
        distinct.dedup();
        for policy in EvictionPolicy::ALL {
            let s = replay(trace.iter().copied(), policy, cap(300));
            assert_eq!(s.misses, distinct.len() as u64, "{policy}");
        }
    }
}
