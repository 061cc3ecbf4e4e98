//! Key → slot lookups for the eviction policies and the simulation's cache.
//!
//! Why not just a hash map: a cache hit looks its key up twice (the
//! entry's data and the policy's list node) and an admission up to five
//! times, and the profile had those hash lookups as a large part of a
//! lane. The simulation's keys are small dense integers (`0..key_space`,
//! then import keys right after), so keys below [`DENSE_KEYS`] are found by
//! indexing a vector: one load instead of hashing and probing. Larger keys
//! (a bigger key space, trace replays with arbitrary 64-bit ids) go to an
//! `FxHashMap` as before.
//!
//! The vector only grows to the largest key ever stored (at most 64 Ki
//! `u32`s, 256 KB), so a small key space costs little, and a clone (the
//! engine's snapshot) copies at most that. Nothing iterates it: lookups
//! only, so no decision can depend on its layout.

use rustc_hash::FxHashMap;

/// Keys below this are indexed directly.
pub(crate) const DENSE_KEYS: u64 = 1 << 16;

/// "No slot" in the dense vector. Never stored as a slot: the policies use
/// it as their own "none" sentinel, and the cache's slab is far smaller.
const ABSENT: u32 = u32::MAX;

/// A map from `u64` keys to `u32` slots.
#[derive(Clone, Debug, Default)]
pub(crate) struct SlotIndex {
    /// Slot of key `k` at index `k`, or [`ABSENT`].
    dense: Vec<u32>,
    /// Slots of keys from [`DENSE_KEYS`] up.
    sparse: FxHashMap<u64, u32>,
}

impl SlotIndex {
    #[inline(always)]
    pub(crate) fn get(&self, key: u64) -> Option<u32> {
        if key < DENSE_KEYS {
            match self.dense.get(key as usize) {
                Some(&s) if s != ABSENT => Some(s),
                _ => None,
            }
        } else {
            self.sparse.get(&key).copied()
        }
    }

    #[inline(always)]
    pub(crate) fn contains(&self, key: u64) -> bool {
        self.get(key).is_some()
    }

    /// Maps `key` to `slot` (replacing any slot it had).
    #[inline]
    pub(crate) fn insert(&mut self, key: u64, slot: u32) {
        debug_assert_ne!(slot, ABSENT);
        if key < DENSE_KEYS {
            let k = key as usize;
            if k >= self.dense.len() {
                self.dense.resize(k + 1, ABSENT);
            }
            self.dense[k] = slot;
        } else {
            self.sparse.insert(key, slot);
        }
    }

    /// Unmaps `key`; returns the slot it had.
    #[inline]
    pub(crate) fn remove(&mut self, key: u64) -> Option<u32> {
        if key < DENSE_KEYS {
            let s = self.dense.get_mut(key as usize)?;
            let old = std::mem::replace(s, ABSENT);
            (old != ABSENT).then_some(old)
        } else {
            self.sparse.remove(&key)
        }
    }

    /// Unmaps every key (keeps the memory for reuse).
    pub(crate) fn clear(&mut self) {
        self.dense.clear();
        self.sparse.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Against a plain hash map, on keys on both sides of the limit,
    /// including re-inserts, removes of absent keys and a clear.
    #[test]
    fn behaves_like_a_map() {
        let mut ix = SlotIndex::default();
        let mut reference: FxHashMap<u64, u32> = FxHashMap::default();
        let mut x = 0x853c_49e6_748f_ea9bu64;
        let mut next = move || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        let keys = |r: u64| match r % 4 {
            0 => r % 64,
            1 => DENSE_KEYS - 8 + r % 16,
            2 => r % (4 * DENSE_KEYS),
            _ => r,
        };
        for round in 0..50_000u32 {
            let r = next();
            let key = keys(r >> 3);
            match r % 5 {
                0 | 1 => {
                    let slot = (r >> 40) as u32 % 1_000;
                    ix.insert(key, slot);
                    reference.insert(key, slot);
                }
                2 => assert_eq!(ix.remove(key), reference.remove(&key), "{round}"),
                _ => {
                    assert_eq!(ix.get(key), reference.get(&key).copied(), "{round}");
                    assert_eq!(ix.contains(key), reference.contains_key(&key));
                }
            }
            if round == 30_000 {
                ix.clear();
                reference.clear();
            }
        }
        for (&k, &s) in &reference {
            assert_eq!(ix.get(k), Some(s));
        }
    }
}
