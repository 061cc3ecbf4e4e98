//! ARC, the Adaptive Replacement Cache (Megiddo and Modha, FAST 2003), with
//! the decisions of libCacheSim's `ARC.c`, so that miss ratios agree with it.
//!
//! Semantics:
//! - Two LRU lists of resident keys: *T1* (seen once recently) and *T2*
//!   (seen at least twice), and two ghost lists of ids only: *B1* (evicted
//!   from T1) and *B2* (evicted from T2). A target `p` for T1's size adapts
//!   between 0 and the capacity `c`.
//! - A hit in T1 moves the key to T2's most recent end; a hit in T2 moves it
//!   to that end again.
//! - A miss found in B1 raises `p` by max(|B2| / |B1|, 1) (capped at `c`);
//!   one found in B2 lowers it by max(|B1| / |B2|, 1) (down to 0). Both
//!   leave their ghost list, make room with REPLACE if the cache is full,
//!   and go to T2.
//! - Any other miss makes room if full (the paper's case IV): if |T1| + |B1|
//!   ≥ c, B1's oldest id is dropped and REPLACE runs, or, when B1 is empty,
//!   T1's oldest key leaves with no ghost; otherwise, once the four lists
//!   hold 2c ids, B2's oldest is dropped, and REPLACE runs. The key goes to
//!   T1.
//! - REPLACE: T1's oldest key moves to B1 if T1 is not empty and either
//!   |T1| > p, or |T1| = p and the key being admitted came from B2, or T2 is
//!   empty; otherwise T2's oldest moves to B2.
//! - As in libCacheSim, room is only made when the cache is full (the paper
//!   runs REPLACE on every ghost hit). `remove` (invalidation, expiry) takes
//!   a resident key out with no ghost; ghosts stay until pushed out.
//!
//! `p` is an `f64`, as in libCacheSim, because the adaptation steps are
//! ratios; every step is a division of two exact integers and an addition
//! or subtraction, identical on every platform (IEEE 754), so runs stay
//! deterministic natively and in WebAssembly.
//!
//! Cost: O(1) per request, with up to four list lookups on a miss.

use std::num::NonZeroU32;

use super::queue::{Queue, NIL};

/// ARC over `u64` keys (named `ArcCache`, not `Arc`, so that it never reads
/// as `std::sync::Arc`).
#[derive(Clone, Debug)]
pub struct ArcCache {
    t1: Queue,
    t2: Queue,
    b1: Queue,
    b2: Queue,
    /// T1's target size, in `0..=capacity`.
    p: f64,
    capacity: u32,
}

/// Where an admitted key was remembered.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Ghost {
    None,
    B1,
    B2,
}

impl ArcCache {
    /// An empty ARC cache holding at most `capacity` keys.
    pub fn new(capacity: NonZeroU32) -> Self {
        let cap = capacity.get();
        ArcCache {
            t1: Queue::new(cap),
            t2: Queue::new(cap),
            b1: Queue::new(cap),
            b2: Queue::new(cap),
            p: 0.0,
            capacity: cap,
        }
    }

    /// Whether `key` is resident (in T1 or T2; ghosts do not count).
    #[inline]
    pub fn contains(&self, key: u64) -> bool {
        self.t1.contains(key) || self.t2.contains(key)
    }

    /// Number of resident keys.
    #[inline]
    pub fn len(&self) -> u64 {
        u64::from(self.t1.len() + self.t2.len())
    }

    /// Whether no key is resident.
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Promotes a resident key; returns whether it was resident.
    #[inline]
    fn hit(&mut self, key: u64) -> bool {
        if let Some(slot) = self.t2.slot(key) {
            self.t2.move_to_front(slot);
            true
        } else if let Some(slot) = self.t1.slot(key) {
            let key = self.t1.remove_slot(slot);
            self.t2.push_front(key);
            true
        } else {
            false
        }
    }

    /// A hit: promote the key. No-op if absent.
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
        let ghost = self.forget(key);
        let full = self.len() >= u64::from(self.capacity);
        match ghost {
            Ghost::None => {
                let victim = full.then(|| self.make_room_for_new());
                self.t1.push_front(key);
                victim
            }
            Ghost::B1 | Ghost::B2 => {
                let victim = full.then(|| self.replace(ghost == Ghost::B2));
                self.t2.push_front(key);
                victim
            }
        }
    }

    /// Takes `key` out of the ghost list that remembers it, adapting `p`.
    fn forget(&mut self, key: u64) -> Ghost {
        let (b1, b2) = (f64::from(self.b1.len()), f64::from(self.b2.len()));
        if let Some(slot) = self.b1.slot(key) {
            // |B1| includes this key here, as in libCacheSim.
            self.p = (self.p + (b2 / b1).max(1.0)).min(f64::from(self.capacity));
            self.b1.remove_slot(slot);
            Ghost::B1
        } else if let Some(slot) = self.b2.slot(key) {
            self.p = (self.p - (b1 / b2).max(1.0)).max(0.0);
            self.b2.remove_slot(slot);
            Ghost::B2
        } else {
            Ghost::None
        }
    }

    /// The paper's case IV: room for a key no list remembers.
    fn make_room_for_new(&mut self) -> u64 {
        let c = self.capacity;
        if self.t1.len() + self.b1.len() >= c {
            if self.b1.len() > 0 {
                pop_oldest(&mut self.b1);
                self.replace(false)
            } else {
                pop_oldest(&mut self.t1)
            }
        } else {
            let directory = u64::from(self.t1.len())
                + u64::from(self.b1.len())
                + u64::from(self.t2.len())
                + u64::from(self.b2.len());
            if directory >= 2 * u64::from(c) && self.b2.len() > 0 {
                pop_oldest(&mut self.b2);
            }
            self.replace(false)
        }
    }

    /// REPLACE: moves T1's or T2's oldest key to its ghost list and returns
    /// it. `from_b2`: the key being admitted was found in B2.
    fn replace(&mut self, from_b2: bool) -> u64 {
        let t1 = f64::from(self.t1.len());
        let take_t1 =
            (self.t1.len() > 0 && (t1 > self.p || (t1 == self.p && from_b2))) || self.t2.len() == 0;
        let (list, ghost) = if take_t1 {
            (&mut self.t1, &mut self.b1)
        } else {
            (&mut self.t2, &mut self.b2)
        };
        let key = pop_oldest(list);
        ghost.push_front(key);
        key
    }

    /// Remove a resident `key`; returns whether it was resident.
    pub fn remove(&mut self, key: u64) -> bool {
        self.t1.remove_key(key) || self.t2.remove_key(key)
    }

    /// Drop every key, the ghosts and the learned target.
    pub fn clear(&mut self) {
        self.t1.clear();
        self.t2.clear();
        self.b1.clear();
        self.b2.clear();
        self.p = 0.0;
    }

    /// |T1|, |T2|, |B1|, |B2| (for tests and visualisation).
    pub fn list_lens(&self) -> [u32; 4] {
        [self.t1.len(), self.t2.len(), self.b1.len(), self.b2.len()]
    }

    /// T1's current target size `p`.
    pub fn target(&self) -> f64 {
        self.p
    }
}

/// Removes and returns a non-empty list's oldest key.
fn pop_oldest(list: &mut Queue) -> u64 {
    let tail = list.tail();
    debug_assert_ne!(tail, NIL, "a full cache's list is not empty");
    list.remove_slot(tail)
}
