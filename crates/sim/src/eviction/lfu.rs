//! Exact least-frequently-used eviction, O(1) per operation.
//!
//! Semantics:
//! - A key's frequency counts its accesses since it was admitted: admission
//!   counts 1, every hit (`touch`, or `insert` of a resident key) adds 1.
//!   There is no history across evictions: a key that is evicted or removed
//!   and admitted again starts over at 1 (no aging, no ghost entries).
//! - When the cache is full, admitting a new key evicts the resident key with
//!   the lowest frequency; among keys with equal frequency, the one whose
//!   *last access* is the oldest (LRU tie-break). The choice never depends on
//!   hash order, so it is fully determined by the sequence of operations.
//! - The newcomer is admitted after the victim leaves, so it is never its own
//!   victim.
//!
//! Structure (the frequency-bucket scheme of Shah, Mitra and Matani, "An
//! O(1) algorithm for implementing the LFU cache eviction scheme", 2010):
//!
//! ```text
//!  buckets, ascending frequency:  [f=1] <-> [f=2] <-> [f=5]
//!                                   |         |         |
//!  keys, newest access first:      k9        k3        k1
//!                                  k4 (victim: lowest f, oldest access)
//! ```
//!
//! A hit moves the key from bucket `f` to the head of bucket `f + 1`
//! (created right after `f` if missing; `f` is freed if it empties). A key
//! enters bucket `f` exactly when it is accessed, so each bucket's order is
//! last-access order and its tail is the LRU tie-break. The victim is the
//! tail of the first bucket. Nodes and buckets live in slabs linked by `u32`
//! indices, so nothing allocates once the cache has filled.

use std::num::NonZeroU32;

use super::slot_index::SlotIndex;

use super::queue::NIL;

#[derive(Clone, Copy, Debug)]
struct Node {
    key: u64,
    /// The bucket (frequency) this key is in.
    bucket: u32,
    /// Newer neighbour in the bucket (`NIL` at the head).
    prev: u32,
    /// Older neighbour in the bucket (`NIL` at the tail); free-list link.
    next: u32,
}

#[derive(Clone, Copy, Debug)]
struct Bucket {
    freq: u64,
    /// Most recently accessed key of this frequency.
    head: u32,
    /// Least recently accessed key of this frequency.
    tail: u32,
    /// Bucket of the next lower frequency present (`NIL` for the first).
    lower: u32,
    /// Bucket of the next higher frequency present (`NIL` for the last);
    /// free-list link.
    higher: u32,
}

/// Exact LFU over `u64` keys (ties broken by least recent access).
#[derive(Clone, Debug)]
pub struct Lfu {
    map: SlotIndex,
    nodes: Vec<Node>,
    free_node: u32,
    buckets: Vec<Bucket>,
    free_bucket: u32,
    /// Lowest-frequency bucket, where victims come from.
    first: u32,
    len: u32,
    capacity: u32,
}

impl Lfu {
    /// An empty LFU cache holding at most `capacity` keys.
    pub fn new(capacity: NonZeroU32) -> Self {
        let pre = capacity.get().min(1 << 16) as usize;
        Lfu {
            map: SlotIndex::default(),
            nodes: Vec::with_capacity(pre),
            free_node: NIL,
            buckets: Vec::new(),
            free_bucket: NIL,
            first: NIL,
            len: 0,
            capacity: capacity.get(),
        }
    }

    /// Whether `key` is resident.
    #[inline]
    pub fn contains(&self, key: u64) -> bool {
        self.map.contains(key)
    }

    /// Number of resident keys.
    #[inline]
    pub fn len(&self) -> u64 {
        u64::from(self.len)
    }

    /// Whether no key is resident.
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The frequency of a resident key (accesses since admission).
    pub fn frequency(&self, key: u64) -> Option<u64> {
        let slot = self.map.get(key)?;
        Some(self.buckets[self.nodes[slot as usize].bucket as usize].freq)
    }

    /// A hit: frequency + 1, last access = now. No-op if absent.
    #[inline]
    pub fn touch(&mut self, key: u64) {
        if let Some(slot) = self.map.get(key) {
            self.bump(slot);
        }
    }

    /// Admit `key` with frequency 1, evicting the least frequently used key
    /// if full. A resident key is touched instead and nothing is evicted.
    #[inline]
    pub fn insert(&mut self, key: u64) -> Option<u64> {
        if let Some(slot) = self.map.get(key) {
            self.bump(slot);
            return None;
        }
        self.admit(key)
    }

    /// Touch on a hit, admit on a miss; returns whether it was a hit.
    #[inline]
    pub fn access(&mut self, key: u64) -> bool {
        if let Some(slot) = self.map.get(key) {
            self.bump(slot);
            true
        } else {
            self.admit(key);
            false
        }
    }

    /// Remove `key`; returns whether it was resident.
    pub fn remove(&mut self, key: u64) -> bool {
        match self.map.remove(key) {
            Some(slot) => {
                self.detach(slot);
                self.free_node_slot(slot);
                true
            }
            None => false,
        }
    }

    /// Drop every key.
    pub fn clear(&mut self) {
        self.map.clear();
        self.nodes.clear();
        self.buckets.clear();
        self.free_node = NIL;
        self.free_bucket = NIL;
        self.first = NIL;
        self.len = 0;
    }

    fn admit(&mut self, key: u64) -> Option<u64> {
        let mut victim = None;
        let slot = if self.len >= self.capacity {
            // The tail of the lowest bucket: lowest frequency, oldest access.
            let slot = self.buckets[self.first as usize].tail;
            debug_assert_ne!(slot, NIL);
            let old = self.nodes[slot as usize].key;
            self.map.remove(old);
            self.detach(slot);
            victim = Some(old);
            self.nodes[slot as usize].key = key;
            slot
        } else {
            self.len += 1;
            self.alloc_node(key)
        };
        let b = if self.first != NIL && self.buckets[self.first as usize].freq == 1 {
            self.first
        } else {
            self.new_bucket(1, NIL, self.first)
        };
        self.push_head(b, slot);
        self.map.insert(key, slot);
        victim
    }

    /// Move `slot` from its bucket `f` to the head of bucket `f + 1`.
    #[inline]
    fn bump(&mut self, slot: u32) {
        let b = self.nodes[slot as usize].bucket;
        let freq = self.buckets[b as usize].freq;
        let Some(next_freq) = freq.checked_add(1) else {
            // Saturated (2^64 hits): stays put, refreshed as most recent.
            self.unlink(slot);
            self.push_head(b, slot);
            return;
        };
        let higher = self.buckets[b as usize].higher;
        let target = if higher != NIL && self.buckets[higher as usize].freq == next_freq {
            higher
        } else {
            self.new_bucket(next_freq, b, higher)
        };
        self.detach(slot);
        self.push_head(target, slot);
    }

    /// Unlink `slot` from its bucket and free the bucket if it empties.
    fn detach(&mut self, slot: u32) {
        let b = self.nodes[slot as usize].bucket;
        self.unlink(slot);
        if self.buckets[b as usize].head == NIL {
            self.remove_bucket(b);
        }
    }

    /// Unlink `slot` from its bucket's list (the bucket stays).
    #[inline]
    fn unlink(&mut self, slot: u32) {
        let Node {
            bucket, prev, next, ..
        } = self.nodes[slot as usize];
        if prev == NIL {
            self.buckets[bucket as usize].head = next;
        } else {
            self.nodes[prev as usize].next = next;
        }
        if next == NIL {
            self.buckets[bucket as usize].tail = prev;
        } else {
            self.nodes[next as usize].prev = prev;
        }
    }

    #[inline]
    fn push_head(&mut self, b: u32, slot: u32) {
        let old = self.buckets[b as usize].head;
        self.nodes[slot as usize] = Node {
            key: self.nodes[slot as usize].key,
            bucket: b,
            prev: NIL,
            next: old,
        };
        if old == NIL {
            self.buckets[b as usize].tail = slot;
        } else {
            self.nodes[old as usize].prev = slot;
        }
        self.buckets[b as usize].head = slot;
    }

    fn alloc_node(&mut self, key: u64) -> u32 {
        let node = Node {
            key,
            bucket: NIL,
            prev: NIL,
            next: NIL,
        };
        if self.free_node != NIL {
            let s = self.free_node;
            self.free_node = self.nodes[s as usize].next;
            self.nodes[s as usize] = node;
            s
        } else {
            // At most `capacity` (a u32 below NIL) nodes ever exist.
            self.nodes.push(node);
            (self.nodes.len() - 1) as u32
        }
    }

    fn free_node_slot(&mut self, slot: u32) {
        self.nodes[slot as usize].next = self.free_node;
        self.free_node = slot;
        self.len -= 1;
    }

    /// A new empty bucket of `freq` between `lower` and `higher`.
    fn new_bucket(&mut self, freq: u64, lower: u32, higher: u32) -> u32 {
        let bucket = Bucket {
            freq,
            head: NIL,
            tail: NIL,
            lower,
            higher,
        };
        let b = if self.free_bucket != NIL {
            let b = self.free_bucket;
            self.free_bucket = self.buckets[b as usize].higher;
            self.buckets[b as usize] = bucket;
            b
        } else {
            // Each bucket holds at least one key, so there are at most
            // `capacity` + 1 (one momentarily empty during a bump) buckets.
            self.buckets.push(bucket);
            (self.buckets.len() - 1) as u32
        };
        if lower == NIL {
            self.first = b;
        } else {
            self.buckets[lower as usize].higher = b;
        }
        if higher != NIL {
            self.buckets[higher as usize].lower = b;
        }
        b
    }

    fn remove_bucket(&mut self, b: u32) {
        let Bucket { lower, higher, .. } = self.buckets[b as usize];
        if lower == NIL {
            self.first = higher;
        } else {
            self.buckets[lower as usize].higher = higher;
        }
        if higher != NIL {
            self.buckets[higher as usize].lower = lower;
        }
        self.buckets[b as usize].higher = self.free_bucket;
        self.free_bucket = b;
    }
}
