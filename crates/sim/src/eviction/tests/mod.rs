//! Each policy against an obviously-correct naive model (Vec-based, O(n) per
//! operation) on random operation sequences, plus exact pinned hits, misses
//! and victims on a small hand-checked trace.

use std::num::NonZeroU32;

use proptest::prelude::*;

use super::{EvictionPolicy, Evictor};

mod libcachesim;
mod naive;
use naive::naive;

#[derive(Clone, Copy, Debug)]
enum Op {
    /// A cache request: touch if resident, else insert (through `access`).
    Access(u64),
    Insert(u64),
    Touch(u64),
    Remove(u64),
    Clear,
}

const KEYS: u64 = 12;

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        8 => (0..KEYS).prop_map(Op::Access),
        3 => (0..KEYS).prop_map(Op::Insert),
        2 => (0..KEYS).prop_map(Op::Touch),
        2 => (0..KEYS).prop_map(Op::Remove),
        1 => Just(Op::Clear),
    ]
}

/// Apply `ops` to the real evictor and the naive model in lock step; every
/// return value, the length and the full resident set must agree after
/// every step.
fn check_against_naive(policy: EvictionPolicy, cap: u32, ops: &[Op]) -> Result<(), TestCaseError> {
    let mut real = Evictor::new(policy, NonZeroU32::new(cap).unwrap());
    let mut model = naive(policy, cap as usize);
    for (step, &op) in ops.iter().enumerate() {
        match op {
            Op::Access(k) => {
                let was = model.contains(k);
                if was {
                    model.touch(k);
                } else {
                    model.insert(k);
                }
                prop_assert_eq!(real.access(k), was, "step {} {:?}", step, op);
            }
            Op::Insert(k) => {
                prop_assert_eq!(real.insert(k), model.insert(k), "step {} {:?}", step, op)
            }
            Op::Touch(k) => {
                real.touch(k);
                model.touch(k);
            }
            Op::Remove(k) => {
                prop_assert_eq!(real.remove(k), model.remove(k), "step {} {:?}", step, op)
            }
            Op::Clear => {
                real.clear();
                model.clear();
            }
        }
        prop_assert_eq!(real.len(), model.len() as u64, "step {} {:?}", step, op);
        prop_assert!(real.len() <= real.capacity());
        prop_assert_eq!(real.is_empty(), model.len() == 0);
        for k in 0..KEYS {
            prop_assert_eq!(
                real.contains(k),
                model.contains(k),
                "key {} after step {} {:?}",
                k,
                step,
                op
            );
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn lru_matches_naive(cap in 1u32..=6, ops in prop::collection::vec(op(), 0..300)) {
        check_against_naive(EvictionPolicy::Lru, cap, &ops)?;
    }

    #[test]
    fn fifo_matches_naive(cap in 1u32..=6, ops in prop::collection::vec(op(), 0..300)) {
        check_against_naive(EvictionPolicy::Fifo, cap, &ops)?;
    }

    #[test]
    fn lfu_matches_naive(cap in 1u32..=6, ops in prop::collection::vec(op(), 0..300)) {
        check_against_naive(EvictionPolicy::Lfu, cap, &ops)?;
    }

    #[test]
    fn sieve_matches_naive(cap in 1u32..=6, ops in prop::collection::vec(op(), 0..300)) {
        check_against_naive(EvictionPolicy::Sieve, cap, &ops)?;
    }

    #[test]
    fn s3fifo_matches_naive(cap in 1u32..=11, ops in prop::collection::vec(op(), 0..300)) {
        check_against_naive(EvictionPolicy::S3Fifo, cap, &ops)?;
    }

    #[test]
    fn arc_matches_naive(cap in 1u32..=6, ops in prop::collection::vec(op(), 0..300)) {
        check_against_naive(EvictionPolicy::Arc, cap, &ops)?;
    }
}

/// Larger capacities and key spaces than the proptest cases, with a fixed
/// pseudo-random sequence, so slab reuse and long hand walks get exercised.
#[test]
fn all_policies_match_naive_on_long_traces() {
    // A small xorshift keeps this test independent of the rand crates.
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    for policy in EvictionPolicy::ALL {
        for cap in [1u32, 2, 7, 16, 50] {
            let ops: Vec<Op> = (0..5_000)
                .map(|_| {
                    let r = next();
                    let k = r % 80;
                    match (r >> 32) % 100 {
                        0..=79 => Op::Access(k),
                        80..=89 => Op::Touch(k),
                        90..=98 => Op::Remove(k),
                        _ => Op::Insert(k),
                    }
                })
                .collect();
            check_against_naive(policy, cap, &ops)
                .unwrap_or_else(|e| panic!("{policy} at capacity {cap}: {e}"));
        }
    }
}

/// The fixed trace `1 2 3 1 4 1 2 5 1 2 3 4 5 1 2 3`, capacity 3. Hand
/// derivation (resident set listed oldest → newest; `*` = SIEVE visited bit;
/// `h` = where the SIEVE hand rests):
///
/// ```text
/// req  LRU (by recency)   FIFO (by admission)  LFU key:freq           SIEVE
///  1   m [1]              m [1]                m 1:1                  m [1]
///  2   m [1 2]            m [1 2]              m 2:1                  m [1 2]
///  3   m [1 2 3]          m [1 2 3]            m 3:1                  m [1 2 3]
///  1   h [2 3 1]          h                    h 1:2                  h [1* 2 3]
///  4   m -2 [3 1 4]       m -1 [2 3 4]         m -2 (1:1 oldest)      m clear 1, -2 [1 3 4] h=3
///  1   h [3 4 1]          m -2 [3 4 1]         h 1:3                  h [1* 3 4]
///  2   m -3 [4 1 2]       m -3 [4 1 2]         m -3                   m -3 [1* 4 2] h=4
///  5   m -4 [1 2 5]       m -4 [1 2 5]         m -4                   m -4 [1* 2 5] h=2
///  1   h [2 5 1]          h                    h 1:4                  h
///  2   h [5 1 2]          h                    h 2:2                  h [1* 2* 5]
///  3   m -5 [1 2 3]       m -1 [2 5 3]         m -5 (only freq 1)     m clear 2, -5 [1* 2 3] h=none
///  4   m -1 [2 3 4]       m -2 [5 3 4]         m -3                   m clear 1, -2 [1 3 4] h=3
///  5   m -2 [3 4 5]       h                    m -4                   m -3 [1 4 5] h=4
///  1   m -3 [4 5 1]       m -5 [3 4 1]         h 1:5                  h [1* 4 5]
///  2   m -4 [5 1 2]       m -3 [4 1 2]         h 2:3                  m -4 [1* 5 2] h=5
///  3   m -5 [1 2 3]       m -4 [1 2 3]         m -5                   m -5 [1* 2 3] h=2
/// hits 4                  4                    6                      5
/// ```
#[test]
fn pinned_small_trace() {
    let trace = [1u64, 2, 3, 1, 4, 1, 2, 5, 1, 2, 3, 4, 5, 1, 2, 3];
    let cap = NonZeroU32::new(3).unwrap();
    let expect: [(EvictionPolicy, u64, &[u64]); 4] = [
        (EvictionPolicy::Lru, 4, &[2, 3, 4, 5, 1, 2, 3, 4, 5]),
        (EvictionPolicy::Fifo, 4, &[1, 2, 3, 4, 1, 2, 5, 3, 4]),
        (EvictionPolicy::Lfu, 6, &[2, 3, 4, 5, 3, 4, 5]),
        (EvictionPolicy::Sieve, 5, &[2, 3, 4, 5, 2, 3, 4, 5]),
    ];
    for (policy, hits, victims) in expect {
        let (got_hits, got_victims) = hits_and_victims(policy, cap, &trace);
        assert_eq!(got_hits, hits, "{policy} hits");
        assert_eq!(trace.len() as u64 - got_hits, 16 - hits, "{policy} misses");
        assert_eq!(got_victims, victims, "{policy} victims");
    }
}

/// Hits and the victims in order, requesting `trace` through `contains`,
/// `touch` and `insert`.
fn hits_and_victims(policy: EvictionPolicy, cap: NonZeroU32, trace: &[u64]) -> (u64, Vec<u64>) {
    let mut e = Evictor::new(policy, cap);
    let mut hits = 0u64;
    let mut victims = Vec::new();
    for &k in trace {
        if e.contains(k) {
            e.touch(k);
            hits += 1;
        } else if let Some(v) = e.insert(k) {
            victims.push(v);
        }
    }
    (hits, victims)
}

/// The same trace and capacity for S3-FIFO and ARC, derived by hand
/// (oldest first; `k:f` = key and hit count; victims after `-`).
///
/// S3-FIFO at 3: small's share 1, main's 2, the ghost's 2 (below 20 entries
/// libCacheSim caches nothing, see `s3fifo.rs`). ARC at 3, with `p`; its
/// 12 misses are also libCacheSim's.
///
/// ```text
/// req  S3-FIFO small | main | ghost               ARC T1 | T2 | B1 | B2, p
///  1   m [1]                                       m [1]
///  2   m [1 2]                                     m [1 2]
///  3   m [1 2 3]                                   m [1 2 3]
///  1   h 1:1                                       h [2 3] [1]
///  4   m -1 [2 3 4] | | [1]                        m -2 [3 4] [1] [2]
///  1   m ghost -2 [3 4] [1] [2]                    h
///  2   m ghost -3 [4] [1 2] [3]                    m B1 p=1 -3 [4] [1 2] [3]
///  5   m -4 [5] [1 2] [3 4]                        m -1 [4 5] [2] [3] [1]
///  1   h 1:1                                       m B2 p=0 -4 [5] [2 1] [3 4] []
///  2   h 2:1                                       h [5] [1 2]
///  3   m ghost -5 [] [1:1 2:1 3] [4 5]             m B1 p=1 -1 [5] [2 3] [4] [1]
///  4   m ghost, main's clock -3 [] [1 2 4] [5]     m B1 p=2 -2 [5] [3 4] [] [1 2]
///  5   m ghost -1 [] [2 4 5] []                    h [] [3 4 5]
///  1   m -2 [1] [4 5] []                           m B2 p=1 -3 [] [4 5 1] [] [2 3]
///  2   m -1 [2] [4 5] [1]                          m B2 p=0 -4 [] [5 1 2] [] [3 4]
///  3   m -2 [3] [4 5] [1 2]                        m B2 p=0 -5 [] [1 2 3] [] [4 5]
/// hits 3                                           4
/// ```
#[test]
fn pinned_small_trace_s3fifo_and_arc() {
    let trace = [1u64, 2, 3, 1, 4, 1, 2, 5, 1, 2, 3, 4, 5, 1, 2, 3];
    let expect: [(EvictionPolicy, u64, &[u64]); 2] = [
        (EvictionPolicy::S3Fifo, 3, &[1, 2, 3, 4, 5, 3, 1, 2, 1, 2]),
        (EvictionPolicy::Arc, 4, &[2, 3, 1, 4, 1, 2, 3, 4, 5]),
    ];
    for (policy, hits, victims) in expect {
        let (got_hits, got_victims) = hits_and_victims(policy, NonZeroU32::new(3).unwrap(), &trace);
        assert_eq!(got_hits, hits, "{policy} hits");
        assert_eq!(got_victims, victims, "{policy} victims");
    }
}

/// What S3-FIFO and ARC are for (SIEVE and LFU too): a burst of keys read
/// once (a bulk import, a scan) passes through without pushing out keys
/// that are read again and again, where LRU and FIFO lose them all.
#[test]
fn one_time_scans_do_not_flush_the_hot_keys() {
    let hot: Vec<u64> = (0..8).collect();
    for policy in EvictionPolicy::ALL {
        let mut e = Evictor::new(policy, NonZeroU32::new(20).unwrap());
        for _ in 0..5 {
            for &k in &hot {
                e.access(k);
            }
        }
        for k in 1_000..1_200 {
            e.access(k);
        }
        let kept = hot.iter().filter(|&&k| e.contains(k)).count();
        match policy {
            EvictionPolicy::Lru | EvictionPolicy::Fifo => assert_eq!(kept, 0, "{policy}"),
            _ => assert_eq!(kept, hot.len(), "{policy} keeps every hot key"),
        }
    }
}

#[test]
fn policy_ids_round_trip() {
    for p in EvictionPolicy::ALL {
        assert_eq!(p.as_str().parse::<EvictionPolicy>().unwrap(), p);
        assert_eq!(p.label().parse::<EvictionPolicy>().unwrap(), p);
        let json = serde_json::to_string(&p).unwrap();
        assert_eq!(json, format!("\"{}\"", p.as_str()));
        assert_eq!(serde_json::from_str::<EvictionPolicy>(&json).unwrap(), p);
        assert_eq!(Evictor::new(p, NonZeroU32::MIN).policy(), p);
    }
    let err = "clock".parse::<EvictionPolicy>().unwrap_err();
    assert_eq!(
        err.to_string(),
        "unknown eviction policy \"clock\"; expected one of: lru, lfu, fifo, sieve, s3fifo, arc"
    );
}
