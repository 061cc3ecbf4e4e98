//! Each policy against an obviously-correct naive model (Vec-based, O(n) per
//! operation) on random operation sequences, plus exact pinned hits, misses
//! and victims on a small hand-checked trace.

use std::num::NonZeroU32;

use proptest::prelude::*;

use super::{EvictionPolicy, Evictor};

/// The reference models. Each keeps its keys in a `Vec`, oldest first, and
/// does the obvious linear-time thing.
trait Naive {
    fn touch(&mut self, key: u64);
    fn insert(&mut self, key: u64) -> Option<u64>;
    fn remove(&mut self, key: u64) -> bool;
    fn clear(&mut self);
    fn contains(&self, key: u64) -> bool;
    fn len(&self) -> usize;
}

/// LRU: the Vec is in recency order, least recently used first.
struct NaiveLru {
    keys: Vec<u64>,
    cap: usize,
}

impl Naive for NaiveLru {
    fn touch(&mut self, key: u64) {
        if let Some(i) = self.keys.iter().position(|&k| k == key) {
            self.keys.remove(i);
            self.keys.push(key);
        }
    }
    fn insert(&mut self, key: u64) -> Option<u64> {
        if self.contains(key) {
            self.touch(key);
            return None;
        }
        let victim = (self.keys.len() == self.cap).then(|| self.keys.remove(0));
        self.keys.push(key);
        victim
    }
    fn remove(&mut self, key: u64) -> bool {
        let i = self.keys.iter().position(|&k| k == key);
        i.map(|i| self.keys.remove(i)).is_some()
    }
    fn clear(&mut self) {
        self.keys.clear();
    }
    fn contains(&self, key: u64) -> bool {
        self.keys.contains(&key)
    }
    fn len(&self) -> usize {
        self.keys.len()
    }
}

/// FIFO: the Vec is in admission order; hits change nothing.
struct NaiveFifo {
    keys: Vec<u64>,
    cap: usize,
}

impl Naive for NaiveFifo {
    fn touch(&mut self, _key: u64) {}
    fn insert(&mut self, key: u64) -> Option<u64> {
        if self.contains(key) {
            return None;
        }
        let victim = (self.keys.len() == self.cap).then(|| self.keys.remove(0));
        self.keys.push(key);
        victim
    }
    fn remove(&mut self, key: u64) -> bool {
        let i = self.keys.iter().position(|&k| k == key);
        i.map(|i| self.keys.remove(i)).is_some()
    }
    fn clear(&mut self) {
        self.keys.clear();
    }
    fn contains(&self, key: u64) -> bool {
        self.keys.contains(&key)
    }
    fn len(&self) -> usize {
        self.keys.len()
    }
}

/// LFU: `(key, frequency, last access)`; the victim is the minimum of
/// `(frequency, last access)` found by a linear scan.
struct NaiveLfu {
    entries: Vec<(u64, u64, u64)>,
    clock: u64,
    cap: usize,
}

impl Naive for NaiveLfu {
    fn touch(&mut self, key: u64) {
        self.clock += 1;
        if let Some(e) = self.entries.iter_mut().find(|e| e.0 == key) {
            e.1 += 1;
            e.2 = self.clock;
        }
    }
    fn insert(&mut self, key: u64) -> Option<u64> {
        if self.contains(key) {
            self.touch(key);
            return None;
        }
        let mut victim = None;
        if self.entries.len() == self.cap {
            let (i, _) = self
                .entries
                .iter()
                .enumerate()
                .min_by_key(|(_, e)| (e.1, e.2))
                .expect("full cache is not empty");
            victim = Some(self.entries.remove(i).0);
        }
        self.clock += 1;
        self.entries.push((key, 1, self.clock));
        victim
    }
    fn remove(&mut self, key: u64) -> bool {
        let i = self.entries.iter().position(|e| e.0 == key);
        i.map(|i| self.entries.remove(i)).is_some()
    }
    fn clear(&mut self) {
        self.entries.clear();
    }
    fn contains(&self, key: u64) -> bool {
        self.entries.iter().any(|e| e.0 == key)
    }
    fn len(&self) -> usize {
        self.entries.len()
    }
}

/// SIEVE as the paper's pseudo-code reads, on a Vec ordered tail (oldest,
/// index 0) to head (newest, last). The hand is an index moving toward the
/// head, wrapping to index 0.
struct NaiveSieve {
    entries: Vec<(u64, bool)>,
    hand: Option<usize>,
    cap: usize,
}

impl Naive for NaiveSieve {
    fn touch(&mut self, key: u64) {
        if let Some(e) = self.entries.iter_mut().find(|e| e.0 == key) {
            e.1 = true;
        }
    }
    fn insert(&mut self, key: u64) -> Option<u64> {
        if self.contains(key) {
            self.touch(key);
            return None;
        }
        let mut victim = None;
        if self.entries.len() == self.cap {
            let mut i = self.hand.unwrap_or(0);
            while self.entries[i].1 {
                self.entries[i].1 = false;
                i = (i + 1) % self.entries.len();
            }
            victim = Some(self.entries.remove(i).0);
            // The victim's newer neighbour has slid into index i.
            self.hand = (i < self.entries.len()).then_some(i);
        }
        self.entries.push((key, false));
        victim
    }
    fn remove(&mut self, key: u64) -> bool {
        let Some(j) = self.entries.iter().position(|e| e.0 == key) else {
            return false;
        };
        self.entries.remove(j);
        self.hand = match self.hand {
            Some(h) if h == j => (j < self.entries.len()).then_some(j),
            Some(h) if h > j => Some(h - 1),
            other => other,
        };
        true
    }
    fn clear(&mut self) {
        self.entries.clear();
        self.hand = None;
    }
    fn contains(&self, key: u64) -> bool {
        self.entries.iter().any(|e| e.0 == key)
    }
    fn len(&self) -> usize {
        self.entries.len()
    }
}

fn naive(policy: EvictionPolicy, cap: usize) -> Box<dyn Naive> {
    match policy {
        EvictionPolicy::Lru => Box::new(NaiveLru {
            keys: Vec::new(),
            cap,
        }),
        EvictionPolicy::Fifo => Box::new(NaiveFifo {
            keys: Vec::new(),
            cap,
        }),
        EvictionPolicy::Lfu => Box::new(NaiveLfu {
            entries: Vec::new(),
            clock: 0,
            cap,
        }),
        EvictionPolicy::Sieve => Box::new(NaiveSieve {
            entries: Vec::new(),
            hand: None,
            cap,
        }),
    }
}

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
            check_against_naive(policy, cap, &ops).unwrap();
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
        let mut e = Evictor::new(policy, cap);
        let mut got_hits = 0u64;
        let mut got_victims = Vec::new();
        for &k in &trace {
            if e.contains(k) {
                e.touch(k);
                got_hits += 1;
            } else if let Some(v) = e.insert(k) {
                got_victims.push(v);
            }
        }
        assert_eq!(got_hits, hits, "{policy} hits");
        assert_eq!(trace.len() as u64 - got_hits, 16 - hits, "{policy} misses");
        assert_eq!(got_victims, victims, "{policy} victims");
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
    let err = "arc".parse::<EvictionPolicy>().unwrap_err();
    assert_eq!(
        err.to_string(),
        "unknown eviction policy \"arc\"; expected one of: lru, lfu, fifo, sieve"
    );
}
