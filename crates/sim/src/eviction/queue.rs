//! The resident set shared by LRU, FIFO and SIEVE: a key → slot index plus an
//! intrusive doubly-linked list over a slab of nodes.
//!
//! Why this shape: every operation the policies need (find a key, move a node
//! to the head, unlink an arbitrary node, take the tail) is O(1), and after the
//! slab has grown to `capacity` nodes no operation allocates. Links are `u32`
//! slot indices rather than pointers or `usize`, which keeps a node at 16
//! bytes and the crate free of `unsafe`.
//!
//! Orientation: the *head* holds the most recently inserted (or, for LRU, most
//! recently used) key; the *tail* the oldest. `prev` points toward the head
//! (newer), `next` toward the tail (older).
//!
//! The key → slot map is a [`SlotIndex`]: a vector indexed by key for small
//! keys, a deterministic `FxHashMap` for the rest, only ever used for
//! lookups (never iterated), so it cannot influence an eviction decision.

use super::slot_index::SlotIndex;

/// Sentinel for "no slot" in the `u32` links.
pub(crate) const NIL: u32 = u32::MAX;

/// Never preallocate more than this many slots up front: a capacity of
/// four billion entries is legal but should only cost memory when used.
const PREALLOCATE_MAX: u32 = 1 << 16;

#[derive(Clone, Copy, Debug)]
pub(crate) struct Node {
    pub(crate) key: u64,
    /// Toward the head (newer); `NIL` at the head.
    pub(crate) prev: u32,
    /// Toward the tail (older); `NIL` at the tail. For a free slot: the next
    /// free slot.
    pub(crate) next: u32,
}

/// Keys in a doubly-linked list, head = newest, with O(1) lookup by key.
#[derive(Clone, Debug)]
pub(crate) struct Queue {
    map: SlotIndex,
    nodes: Vec<Node>,
    head: u32,
    tail: u32,
    /// Head of the free-slot list threaded through `Node::next`.
    free: u32,
    len: u32,
}

impl Queue {
    pub(crate) fn new(capacity: u32) -> Self {
        let pre = capacity.min(PREALLOCATE_MAX) as usize;
        Queue {
            map: SlotIndex::default(),
            nodes: Vec::with_capacity(pre),
            head: NIL,
            tail: NIL,
            free: NIL,
            len: 0,
        }
    }

    #[inline]
    pub(crate) fn len(&self) -> u32 {
        self.len
    }

    #[inline]
    pub(crate) fn slot(&self, key: u64) -> Option<u32> {
        self.map.get(key)
    }

    #[inline]
    pub(crate) fn contains(&self, key: u64) -> bool {
        self.map.contains(key)
    }

    #[inline]
    pub(crate) fn tail(&self) -> u32 {
        self.tail
    }

    #[inline]
    pub(crate) fn node(&self, slot: u32) -> &Node {
        &self.nodes[slot as usize]
    }

    /// Detach `slot` from the list (the slot stays allocated and mapped).
    #[inline]
    fn unlink(&mut self, slot: u32) {
        let Node { prev, next, .. } = self.nodes[slot as usize];
        if prev == NIL {
            self.head = next;
        } else {
            self.nodes[prev as usize].next = next;
        }
        if next == NIL {
            self.tail = prev;
        } else {
            self.nodes[next as usize].prev = prev;
        }
    }

    /// Attach a detached `slot` at the head.
    #[inline]
    fn link_front(&mut self, slot: u32) {
        let old = self.head;
        {
            let n = &mut self.nodes[slot as usize];
            n.prev = NIL;
            n.next = old;
        }
        if old == NIL {
            self.tail = slot;
        } else {
            self.nodes[old as usize].prev = slot;
        }
        self.head = slot;
    }

    /// Move a resident slot to the head (an LRU hit).
    #[inline]
    pub(crate) fn move_to_front(&mut self, slot: u32) {
        if self.head != slot {
            self.unlink(slot);
            self.link_front(slot);
        }
    }

    /// Insert a key that is not resident at the head; returns its slot.
    pub(crate) fn push_front(&mut self, key: u64) -> u32 {
        debug_assert!(!self.map.contains(key));
        let slot = if self.free != NIL {
            let s = self.free;
            self.free = self.nodes[s as usize].next;
            self.nodes[s as usize].key = key;
            s
        } else {
            // The slab never holds more than `capacity` (a u32) nodes, so the
            // index fits; `NIL` itself is never handed out because a policy
            // evicts before growing past `capacity <= u32::MAX`.
            let s = self.nodes.len() as u32;
            self.nodes.push(Node {
                key,
                prev: NIL,
                next: NIL,
            });
            s
        };
        self.link_front(slot);
        self.map.insert(key, slot);
        self.len += 1;
        slot
    }

    /// Evict the key in `slot` and admit `key` in its place at the head,
    /// reusing the slot (no free-list round trip). Returns the evicted key.
    #[inline]
    pub(crate) fn replace(&mut self, slot: u32, key: u64) -> u64 {
        let victim = self.nodes[slot as usize].key;
        self.map.remove(victim);
        self.nodes[slot as usize].key = key;
        self.move_to_front(slot);
        self.map.insert(key, slot);
        victim
    }

    /// Admit a non-resident `key` at the head; if `capacity` keys are already
    /// resident, the tail key leaves first (its slot is reused). Returns the
    /// evicted key. This is the whole admission rule of LRU and FIFO: they
    /// differ only in what a hit does.
    #[inline]
    pub(crate) fn admit_evicting_tail(&mut self, key: u64, capacity: u32) -> Option<u64> {
        if self.len >= capacity {
            let tail = self.tail;
            debug_assert_ne!(tail, NIL);
            Some(self.replace(tail, key))
        } else {
            self.push_front(key);
            None
        }
    }

    /// Remove `key` if resident; returns whether it was.
    pub(crate) fn remove_key(&mut self, key: u64) -> bool {
        match self.slot(key) {
            Some(slot) => {
                self.remove_slot(slot);
                true
            }
            None => false,
        }
    }

    /// Remove the key in a resident `slot`; the slot goes on the free list.
    pub(crate) fn remove_slot(&mut self, slot: u32) -> u64 {
        self.unlink(slot);
        let key = self.nodes[slot as usize].key;
        self.map.remove(key);
        self.nodes[slot as usize].next = self.free;
        self.nodes[slot as usize].prev = NIL;
        self.free = slot;
        self.len -= 1;
        key
    }

    pub(crate) fn clear(&mut self) {
        self.map.clear();
        self.nodes.clear();
        self.head = NIL;
        self.tail = NIL;
        self.free = NIL;
        self.len = 0;
    }
}
