//! Miss counts pinned from libCacheSim itself, on Zipf traces of this
//! crate's own generator.
//!
//! How they were taken (2026-12-07, libCacheSim at aa0fc40, its `cachesim`
//! built from source with one local change: printing the miss count next to
//! the ratio): each trace was written as oracleGeneral records (timestamp =
//! index, object id = key + 1, size 1, next access −1) and run with
//! `cachesim FILE oracleGeneral POLICY CAP --ignore-obj-size=true`. Replaying
//! the same keys here gave the same miss count for LRU, LFU, FIFO, SIEVE,
//! S3-FIFO and ARC at capacities 20, 37, 100, 500, 1 000 and 4 999 on five
//! traces (180 runs, no difference); this test keeps a sample of them.

use std::num::NonZeroU32;

use crate::eviction::EvictionPolicy;
use crate::replay::replay;
use crate::trace::zipf_trace;

/// `(requests, keys, alpha, seed)` of a trace and libCacheSim's misses for
/// `(policy, capacity)` on it.
type Pinned = ((u64, u64, f64, u64), &'static [(EvictionPolicy, u32, u64)]);

const PINNED: [Pinned; 2] = [
    (
        (200_000, 10_000, 1.0, 3),
        &[
            (EvictionPolicy::S3Fifo, 20, 130_823),
            (EvictionPolicy::S3Fifo, 100, 99_033),
            (EvictionPolicy::S3Fifo, 1_000, 53_600),
            (EvictionPolicy::Arc, 20, 133_444),
            (EvictionPolicy::Arc, 100, 100_703),
            (EvictionPolicy::Arc, 1_000, 55_036),
            (EvictionPolicy::Lru, 100, 121_983),
            (EvictionPolicy::Sieve, 100, 98_243),
        ],
    ),
    (
        (300_000, 50_000, 0.9, 5),
        &[
            (EvictionPolicy::S3Fifo, 37, 230_561),
            (EvictionPolicy::S3Fifo, 500, 170_520),
            (EvictionPolicy::S3Fifo, 4_999, 106_137),
            (EvictionPolicy::Arc, 37, 232_930),
            (EvictionPolicy::Arc, 500, 172_213),
            (EvictionPolicy::Arc, 4_999, 107_039),
        ],
    ),
];

#[test]
fn miss_counts_equal_libcachesim() {
    for ((requests, keys, alpha, seed), runs) in PINNED {
        let trace = zipf_trace(requests, keys, alpha, seed);
        for &(policy, cap, misses) in runs {
            let got = replay(
                trace.iter().map(|k| k + 1),
                policy,
                NonZeroU32::new(cap).unwrap(),
            );
            assert_eq!(
                got.misses, misses,
                "{policy} at {cap} on zipf({keys}, {alpha}) seed {seed}"
            );
        }
    }
}
