//! SIEVE eviction (Zhang, Yang, Yue, Vigfusson and Rashmi, "SIEVE is Simpler
//! than LRU", NSDI 2024), implemented exactly as the paper describes.
//!
//! Semantics:
//! - One FIFO queue. A new key is inserted at the head with its *visited* bit
//!   clear. Keys never move inside the queue.
//! - A hit only sets the key's visited bit (no list manipulation, which is
//!   why SIEVE hits are cheap).
//! - A *hand* points at the next eviction candidate; it starts at the tail
//!   (oldest) and moves toward the head. To evict, starting at the hand (or
//!   the tail if the hand is unset), every visited key passed over gets its
//!   bit cleared and survives; the first unvisited key is evicted. Reaching
//!   past the head wraps the hand around to the tail.
//! - After an eviction the hand rests on the evicted key's newer neighbour
//!   (unset if the victim was the head, so the next search starts at the tail).
//! - `remove` (invalidation/expiry) of the key under the hand moves the hand
//!   to that key's newer neighbour first, exactly as an eviction would.
//!
//! Cost: amortised O(1) (each pass clears at most as many bits as were set by
//! hits); the visited bits are a `Vec<bool>` parallel to the queue's slab.

use super::queue::{Queue, NIL};

/// SIEVE over `u64` keys.
#[derive(Clone, Debug)]
pub struct Sieve {
    queue: Queue,
    /// Visited bit per slab slot (parallel to the queue's nodes).
    visited: Vec<bool>,
    /// Next eviction candidate, or `NIL` (start at the tail).
    hand: u32,
    capacity: u32,
}

impl Sieve {
    /// An empty SIEVE cache holding at most `capacity` keys.
    pub fn new(capacity: std::num::NonZeroU32) -> Self {
        Sieve {
            queue: Queue::new(capacity.get()),
            visited: Vec::new(),
            hand: NIL,
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

    /// A hit: set the key's visited bit. No-op if absent.
    #[inline]
    pub fn touch(&mut self, key: u64) {
        if let Some(slot) = self.queue.slot(key) {
            self.visited[slot as usize] = true;
        }
    }

    /// Admit `key` at the head, running the hand to find a victim if full.
    /// A resident key is touched instead and nothing is evicted.
    #[inline]
    pub fn insert(&mut self, key: u64) -> Option<u64> {
        if let Some(slot) = self.queue.slot(key) {
            self.visited[slot as usize] = true;
            return None;
        }
        self.admit(key)
    }

    /// Touch on a hit, admit on a miss; returns whether it was a hit.
    #[inline]
    pub fn access(&mut self, key: u64) -> bool {
        if let Some(slot) = self.queue.slot(key) {
            self.visited[slot as usize] = true;
            true
        } else {
            self.admit(key);
            false
        }
    }

    fn admit(&mut self, key: u64) -> Option<u64> {
        if self.queue.len() >= self.capacity {
            let victim = self.find_victim();
            self.visited[victim as usize] = false;
            Some(self.queue.replace(victim, key))
        } else {
            let slot = self.queue.push_front(key);
            if slot as usize == self.visited.len() {
                self.visited.push(false);
            } else {
                self.visited[slot as usize] = false;
            }
            None
        }
    }

    /// Run the hand: clear visited bits until an unvisited key is found,
    /// leave the hand on its newer neighbour, and return its slot.
    fn find_victim(&mut self) -> u32 {
        let tail = self.queue.tail();
        debug_assert_ne!(tail, NIL);
        let mut slot = if self.hand != NIL { self.hand } else { tail };
        while self.visited[slot as usize] {
            self.visited[slot as usize] = false;
            let newer = self.queue.node(slot).prev;
            slot = if newer != NIL { newer } else { tail };
        }
        self.hand = self.queue.node(slot).prev;
        slot
    }

    /// Remove `key`; returns whether it was resident.
    pub fn remove(&mut self, key: u64) -> bool {
        match self.queue.slot(key) {
            Some(slot) => {
                if self.hand == slot {
                    self.hand = self.queue.node(slot).prev;
                }
                self.visited[slot as usize] = false;
                self.queue.remove_slot(slot);
                true
            }
            None => false,
        }
    }

    /// Drop every key.
    pub fn clear(&mut self) {
        self.queue.clear();
        self.visited.clear();
        self.hand = NIL;
    }

    /// The key under the hand, if set (for tests and visualisation).
    pub fn hand_key(&self) -> Option<u64> {
        (self.hand != NIL).then(|| self.queue.node(self.hand).key)
    }
}
