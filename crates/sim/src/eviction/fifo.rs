//! First-in, first-out eviction.
//!
//! Semantics: keys are kept in admission order; a hit (`touch`) changes
//! nothing; when the cache is full, admitting a new key evicts the key that
//! was admitted longest ago among those still resident. A key that is removed
//! (invalidated, expired) and admitted again joins the queue at the newest end.
//!
//! Cost: O(1) per operation on the same slab-backed queue as LRU; a hit is a
//! single hash lookup and touches no list link at all.

use super::queue::Queue;

/// FIFO over `u64` keys.
#[derive(Clone, Debug)]
pub struct Fifo {
    queue: Queue,
    capacity: u32,
}

impl Fifo {
    /// An empty FIFO cache holding at most `capacity` keys.
    pub fn new(capacity: std::num::NonZeroU32) -> Self {
        Fifo {
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

    /// A hit: FIFO ignores it (documented no-op).
    #[inline]
    pub fn touch(&mut self, _key: u64) {}

    /// Admit `key`, evicting the oldest admitted key if full. A resident key
    /// stays where it is and nothing is evicted.
    #[inline]
    pub fn insert(&mut self, key: u64) -> Option<u64> {
        if self.queue.contains(key) {
            return None;
        }
        self.admit(key)
    }

    /// Admit on a miss; returns whether it was a hit.
    #[inline]
    pub fn access(&mut self, key: u64) -> bool {
        if self.queue.contains(key) {
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
