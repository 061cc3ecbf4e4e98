//! Exact least-frequently-used eviction.
//!
//! Semantics:
//! - A key's frequency counts its accesses since it was admitted: admission
//!   counts 1, every hit (`touch`, or `insert` of a resident key) adds 1.
//!   There is no history across evictions: a key that is evicted or removed
//!   and admitted again starts over at 1 (no aging, no ghost entries).
//! - When the cache is full, admitting a new key evicts the resident key with
//!   the lowest frequency; among keys with equal frequency, the one whose
//!   *last access* is the oldest (LRU tie-break). A logical clock that ticks
//!   once per operation orders accesses, so the choice never depends on hash
//!   order and ties cannot remain.
//! - The newcomer is admitted after the victim leaves, so it is never its own
//!   victim.
//!
//! Cost: O(log n) per operation: an ordered set of `(frequency, last_access,
//! key)` finds the victim as its first element, and a hash map gives each
//! key's current position in it. Exactness and obvious correctness were
//! worth more here than the constant factor an O(1) bucket list would save.

use std::collections::BTreeSet;

use rustc_hash::FxHashMap;

/// Exact LFU over `u64` keys (ties broken by least recent access).
#[derive(Clone, Debug)]
pub struct Lfu {
    /// key → (frequency, last access tick).
    entries: FxHashMap<u64, (u64, u64)>,
    /// `(frequency, last access tick, key)`; the first element is the victim.
    order: BTreeSet<(u64, u64, u64)>,
    /// Logical clock; strictly increasing, so `(freq, tick)` is unique.
    tick: u64,
    capacity: u32,
}

impl Lfu {
    /// An empty LFU cache holding at most `capacity` keys.
    pub fn new(capacity: std::num::NonZeroU32) -> Self {
        Lfu {
            entries: FxHashMap::default(),
            order: BTreeSet::new(),
            tick: 0,
            capacity: capacity.get(),
        }
    }

    /// Whether `key` is resident.
    #[inline]
    pub fn contains(&self, key: u64) -> bool {
        self.entries.contains_key(&key)
    }

    /// Number of resident keys.
    #[inline]
    pub fn len(&self) -> u64 {
        self.entries.len() as u64
    }

    /// Whether no key is resident.
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The frequency of a resident key (accesses since admission).
    pub fn frequency(&self, key: u64) -> Option<u64> {
        self.entries.get(&key).map(|&(f, _)| f)
    }

    #[inline]
    fn next_tick(&mut self) -> u64 {
        self.tick += 1;
        self.tick
    }

    /// A hit: frequency + 1, last access = now. No-op if absent.
    pub fn touch(&mut self, key: u64) {
        let now = self.next_tick();
        if let Some(entry) = self.entries.get_mut(&key) {
            let (freq, last) = *entry;
            self.order.remove(&(freq, last, key));
            let freq = freq.saturating_add(1);
            *entry = (freq, now);
            self.order.insert((freq, now, key));
        }
    }

    /// Admit `key` with frequency 1, evicting the least frequently used key
    /// if full. A resident key is touched instead and nothing is evicted.
    pub fn insert(&mut self, key: u64) -> Option<u64> {
        if self.entries.contains_key(&key) {
            self.touch(key);
            return None;
        }
        self.admit(key)
    }

    /// Touch on a hit, admit on a miss; returns whether it was a hit.
    pub fn access(&mut self, key: u64) -> bool {
        if self.entries.contains_key(&key) {
            self.touch(key);
            true
        } else {
            self.admit(key);
            false
        }
    }

    fn admit(&mut self, key: u64) -> Option<u64> {
        let victim = if self.entries.len() as u64 >= u64::from(self.capacity) {
            self.order.pop_first().map(|(_, _, victim)| {
                self.entries.remove(&victim);
                victim
            })
        } else {
            None
        };
        let now = self.next_tick();
        self.entries.insert(key, (1, now));
        self.order.insert((1, now, key));
        victim
    }

    /// Remove `key`; returns whether it was resident.
    pub fn remove(&mut self, key: u64) -> bool {
        match self.entries.remove(&key) {
            Some((freq, last)) => {
                self.order.remove(&(freq, last, key));
                true
            }
            None => false,
        }
    }

    /// Drop every key (the logical clock keeps running; only order matters).
    pub fn clear(&mut self) {
        self.entries.clear();
        self.order.clear();
    }
}
