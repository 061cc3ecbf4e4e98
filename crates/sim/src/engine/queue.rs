//! The event queue: a binary heap ordered by `(time, sequence)`.
//!
//! The sequence number is global and increases with every push, so events at
//! the same virtual time run in the order they were scheduled: a run is
//! reproducible bit for bit. Events are small `Copy` values (no allocation per
//! event); request state lives in the engine's slab, not in the event.

use std::cmp::Ordering;
use std::collections::BinaryHeap;

/// What an event does when its time comes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Ev {
    /// The next open-loop client request arrives.
    Arrival,
    /// Closed-loop client `0` finished thinking.
    ClientNext(u32),
    /// Request in slab slot `0` takes its next step (its stage says which).
    Req(u32),
    /// The write-back flusher wakes, if this is still its current tick
    /// (generation `0`; an older generation is a tick that was re-armed
    /// earlier and is dropped unprocessed).
    FlushTick(u32),
    /// Flush batch `0` completed at the DB.
    BatchDone(u32),
    /// Scheduled out-of-band event number `0`.
    Scheduled(u32),
    /// Next admin write of burst `0`.
    AdminArrival(u32),
    /// The cache restarts, if still in crash epoch `0`.
    CacheRestart(u32),
    /// Workload phase `0` begins.
    Phase(u32),
}

/// A queued event. `key` is `(time, sequence)` packed into one integer
/// (time in the high 64 bits), so ordering two entries is one comparison
/// instead of a branch on the time and another on the sequence: the heap's
/// sift loops are the engine's hottest code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Entry {
    key: u128,
    ev: Ev,
}

impl Entry {
    fn time(&self) -> u64 {
        (self.key >> 64) as u64
    }
}

impl Ord for Entry {
    #[inline]
    fn cmp(&self, other: &Self) -> Ordering {
        // Reversed: BinaryHeap is a max-heap, we want the earliest first.
        other.key.cmp(&self.key)
    }
}

impl PartialOrd for Entry {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

#[derive(Clone, Debug, Default)]
pub(crate) struct Queue {
    heap: BinaryHeap<Entry>,
    seq: u64,
}

impl Queue {
    #[inline]
    pub(crate) fn push(&mut self, time: u64, ev: Ev) {
        self.seq += 1;
        self.heap.push(Entry {
            key: (u128::from(time) << 64) | u128::from(self.seq),
            ev,
        });
    }

    #[inline]
    pub(crate) fn pop(&mut self) -> Option<(u64, Ev)> {
        self.heap.pop().map(|e| (e.time(), e.ev))
    }

    pub(crate) fn peek_time(&self) -> Option<u64> {
        self.heap.peek().map(Entry::time)
    }

    /// The earliest event, without removing it.
    pub(crate) fn peek(&self) -> Option<(u64, Ev)> {
        self.heap.peek().map(|e| (e.time(), e.ev))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ties_run_in_insertion_order() {
        let mut q = Queue::default();
        q.push(5, Ev::Req(1));
        q.push(3, Ev::Req(2));
        q.push(5, Ev::Req(3));
        q.push(3, Ev::Req(4));
        let order: Vec<_> = std::iter::from_fn(|| q.pop()).collect();
        assert_eq!(
            order,
            vec![
                (3, Ev::Req(2)),
                (3, Ev::Req(4)),
                (5, Ev::Req(1)),
                (5, Ev::Req(3))
            ]
        );
    }
}
