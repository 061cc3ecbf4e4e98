//! S3-FIFO eviction (Yang, Zhang, Qiu, Yue and Rashmi, "FIFO queues are all
//! you need for cache eviction", SOSP 2023), with the decisions of
//! libCacheSim's `S3FIFO.c` (its defaults: small queue 10 %, ghost 90 %,
//! move-to-main threshold 2), so that miss ratios agree with it.
//!
//! Semantics:
//! - Three FIFO queues: *small* (new keys), *main* (keys that proved
//!   themselves) and a *ghost* of keys recently evicted from small (ids
//!   only, not resident, not counted in the capacity).
//! - A hit adds one to the key's frequency (kept up to 3: nothing reads
//!   more). Keys never move on a hit.
//! - A new key goes to small with frequency 0, unless the ghost remembers
//!   it: then it leaves the ghost and goes straight to main, frequency 0.
//! - When the cache is full, a victim is found: from main if main holds more
//!   than its share (capacity minus small's share) or small is empty, else
//!   from small.
//!   - Small's oldest key moves to main (frequency 0) if it was hit at
//!     least twice while in small, and the search goes on; otherwise it is
//!     the victim and its id enters the ghost (the ghost drops its oldest
//!     id when it holds its share).
//!   - Main's oldest key is the victim if its frequency is 0; otherwise it
//!     goes back to main's newest end with frequency min(f, 3) − 1 (a
//!     2-bit CLOCK) and the search goes on.
//! - `remove` (invalidation, expiry) takes a resident key out of its queue;
//!   the ghost is only the history of small's evictions, so it stays.
//!
//! Shares: small = ⌊capacity / 10⌋ and ghost = ⌊capacity × 0.9⌋, as in
//! libCacheSim. One difference, below 20 entries: libCacheSim admits no key
//! to a small queue of fewer than 2 entries (its size check is `>=`, so it
//! caches nothing at those sizes), while here small is at least 1 entry so
//! a tiny cache still caches.
//!
//! Cost: amortised O(1) per request (a key moves to main at most once per
//! admission, and each reinsertion in main spends a frequency a hit paid
//! for).

use std::num::NonZeroU32;

use super::queue::{Queue, NIL};

/// Hits beyond this are not counted: main's CLOCK never needs more.
const MAX_FREQ: u8 = 3;

/// Hits in small a key needs to move to main instead of being evicted.
const MOVE_TO_MAIN: u8 = 2;

/// S3-FIFO over `u64` keys.
#[derive(Clone, Debug)]
pub struct S3Fifo {
    small: Queue,
    main: Queue,
    ghost: Queue,
    /// Hit count per slot of `small` (parallel to its slab).
    small_freq: Vec<u8>,
    /// Hit count per slot of `main`.
    main_freq: Vec<u8>,
    capacity: u32,
    /// What main may hold before it, not small, gives the victim.
    main_share: u32,
    /// Ids the ghost remembers at most (0: no ghost).
    ghost_share: u32,
}

/// Sets `freq[slot]`, growing the parallel vector when the queue's slab did.
#[inline]
fn set_freq(freq: &mut Vec<u8>, slot: u32, value: u8) {
    let i = slot as usize;
    if i == freq.len() {
        freq.push(value);
    } else {
        freq[i] = value;
    }
}

impl S3Fifo {
    /// An empty S3-FIFO cache holding at most `capacity` keys.
    pub fn new(capacity: NonZeroU32) -> Self {
        let cap = capacity.get();
        let small_share = (cap / 10).max(1);
        // ⌊cap × 0.9⌋ in integers: cap − ⌈cap / 10⌉.
        let ghost_share = cap - cap.div_ceil(10);
        S3Fifo {
            small: Queue::new(small_share),
            main: Queue::new(cap - small_share),
            ghost: Queue::new(ghost_share),
            small_freq: Vec::new(),
            main_freq: Vec::new(),
            capacity: cap,
            main_share: cap.saturating_sub(small_share),
            ghost_share,
        }
    }

    /// Whether `key` is resident (in small or main; the ghost does not count).
    #[inline]
    pub fn contains(&self, key: u64) -> bool {
        self.small.contains(key) || self.main.contains(key)
    }

    /// Number of resident keys.
    #[inline]
    pub fn len(&self) -> u64 {
        u64::from(self.small.len() + self.main.len())
    }

    /// Whether no key is resident.
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Counts a hit; returns whether `key` was resident.
    #[inline]
    fn hit(&mut self, key: u64) -> bool {
        if let Some(slot) = self.small.slot(key) {
            let f = &mut self.small_freq[slot as usize];
            *f = (*f + 1).min(MAX_FREQ);
            true
        } else if let Some(slot) = self.main.slot(key) {
            let f = &mut self.main_freq[slot as usize];
            *f = (*f + 1).min(MAX_FREQ);
            true
        } else {
            false
        }
    }

    /// A hit: count it. No-op if absent.
    #[inline]
    pub fn touch(&mut self, key: u64) {
        self.hit(key);
    }

    /// Admit `key`, evicting one key if the cache is full. A resident key is
    /// touched instead and nothing is evicted.
    #[inline]
    pub fn insert(&mut self, key: u64) -> Option<u64> {
        if self.hit(key) {
            return None;
        }
        self.admit(key)
    }

    /// Touch on a hit, admit on a miss; returns whether it was a hit.
    #[inline]
    pub fn access(&mut self, key: u64) -> bool {
        if self.hit(key) {
            true
        } else {
            self.admit(key);
            false
        }
    }

    fn admit(&mut self, key: u64) -> Option<u64> {
        // The ghost is asked before anything is evicted, as libCacheSim's
        // lookup does, so this key's own id cannot be pushed out of the
        // ghost by the eviction it causes.
        let remembered = self.ghost.remove_key(key);
        let victim = (self.len() >= u64::from(self.capacity)).then(|| self.evict());
        if remembered {
            let slot = self.main.push_front(key);
            set_freq(&mut self.main_freq, slot, 0);
        } else {
            let slot = self.small.push_front(key);
            set_freq(&mut self.small_freq, slot, 0);
        }
        victim
    }

    /// Frees one entry and returns the key that left.
    fn evict(&mut self) -> u64 {
        loop {
            let from_main = self.main.len() > self.main_share || self.small.len() == 0;
            let found = if from_main {
                self.evict_main()
            } else {
                self.evict_small()
            };
            if let Some(key) = found {
                return key;
            }
        }
    }

    /// Small's oldest keys move to main while they earned it; the first that
    /// did not is evicted into the ghost. `None` if small emptied first.
    fn evict_small(&mut self) -> Option<u64> {
        loop {
            let tail = self.small.tail();
            if tail == NIL {
                return None;
            }
            let freq = self.small_freq[tail as usize];
            let key = self.small.remove_slot(tail);
            if freq >= MOVE_TO_MAIN {
                let slot = self.main.push_front(key);
                set_freq(&mut self.main_freq, slot, 0);
            } else {
                self.remember(key);
                return Some(key);
            }
        }
    }

    /// Main's CLOCK: the oldest key with frequency 0 leaves; the others go
    /// round again with one less.
    fn evict_main(&mut self) -> Option<u64> {
        loop {
            let tail = self.main.tail();
            if tail == NIL {
                return None;
            }
            let freq = self.main_freq[tail as usize];
            if freq == 0 {
                return Some(self.main.remove_slot(tail));
            }
            self.main_freq[tail as usize] = freq - 1;
            self.main.move_to_front(tail);
        }
    }

    /// Puts a key evicted from small in the ghost, dropping the ghost's
    /// oldest id when it is full.
    fn remember(&mut self, key: u64) {
        if self.ghost_share > 0 {
            self.ghost.admit_evicting_tail(key, self.ghost_share);
        }
    }

    /// Remove a resident `key`; returns whether it was resident.
    pub fn remove(&mut self, key: u64) -> bool {
        self.small.remove_key(key) || self.main.remove_key(key)
    }

    /// Drop every key, and the ghost's memory with them.
    pub fn clear(&mut self) {
        self.small.clear();
        self.main.clear();
        self.ghost.clear();
        self.small_freq.clear();
        self.main_freq.clear();
    }

    /// Keys in small, main and the ghost (for tests and visualisation).
    pub fn queue_lens(&self) -> (u32, u32, u32) {
        (self.small.len(), self.main.len(), self.ghost.len())
    }
}
