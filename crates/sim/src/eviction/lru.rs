//! Exact least-recently-used eviction.
//!
//! Semantics: every hit (`touch`) and every admission moves the key to the
//! head of a recency list; when the cache is full, admitting a new key evicts
//! the key at the tail, i.e. the one whose last access is the oldest. There
//! is no approximation (no sampling, no clock): the victim is always the
//! exact least recently used key.
//!
//! Cost: O(1) per operation, one hash lookup on a hit and two map updates on
//! an eviction; a slab of `u32`-linked nodes (see `queue.rs`) means no
//! allocation per operation once the cache has filled. An evicted key's slot
//! is reused in place by the key that displaces it.

use super::queue::Queue;

/// Exact LRU over `u64` keys.
#[derive(Clone, Debug)]
pub struct Lru {
    queue: Queue,
    capacity: u32,
}

impl Lru {
    /// An empty LRU cache holding at most `capacity` keys.
    pub fn new(capacity: std::num::NonZeroU32) -> Self {
        Lru {
            queue: Queue::new(capacity.get()),
            capacity: capacity.get(),
        }
    }

    /// Whether `key` is resident.
    #[inline]
    pub fn contains(&self, key: u64) -> bool {
        self.queue.contains(key)
    }

    /// Number of resident keys.
    #[inline]
    pub fn len(&self) -> u64 {
        u64::from(self.queue.len())
    }

    /// Whether no key is resident.
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.queue.len() == 0
    }

    /// A hit: `key` becomes the most recently used. No-op if absent.
    #[inline]
    pub fn touch(&mut self, key: u64) {
        if let Some(slot) = self.queue.slot(key) {
            self.queue.move_to_front(slot);
        }
    }

    /// Admit `key`, evicting the least recently used key if full. A resident
    /// key is touched instead and nothing is evicted.
    #[inline]
    pub fn insert(&mut self, key: u64) -> Option<u64> {
        if let Some(slot) = self.queue.slot(key) {
            self.queue.move_to_front(slot);
            return None;
        }
        self.admit(key)
    }

    /// Touch on a hit, admit on a miss; returns whether it was a hit. One
    /// lookup instead of the two `contains` + `touch`/`insert` would cost.
    #[inline]
    pub fn access(&mut self, key: u64) -> bool {
        if let Some(slot) = self.queue.slot(key) {
            self.queue.move_to_front(slot);
            true
        } else {
            self.admit(key);
            false
        }
    }

    #[inline]
    fn admit(&mut self, key: u64) -> Option<u64> {
        self.queue.admit_evicting_tail(key, self.capacity)
    }

    /// Remove `key`; returns whether it was resident.
    pub fn remove(&mut self, key: u64) -> bool {
        self.queue.remove_key(key)
    }

    /// Drop every key.
    pub fn clear(&mut self) {
        self.queue.clear();
    }
}
