//! The event queue: a binary min-heap ordered by `(time, sequence)`, with
//! a deferred pop (see [`Queue`]).
//!
//! The sequence number is global and increases with every push, so events at
//! the same virtual time run in the order they were scheduled: a run is
//! reproducible bit for bit. Events are small `Copy` values (no allocation per
//! event); request state lives in the engine's slab, not in the event.

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
    /// The last answer reaches the app: the run is over (queued once every
    /// request's outcome is decided, at the time its reply arrives).
    RunEnd,
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
    #[inline]
    fn time(&self) -> u64 {
        (self.key >> 64) as u64
    }
}

/// A binary min-heap of [`Entry`] with a *deferred pop*.
///
/// Why not `std::collections::BinaryHeap`: almost every event's handler
/// pushes exactly one follow-up event (a request's next stage), so the
/// engine's rhythm is pop, push, pop, push. A plain heap pays twice for each
/// pair: a pop moves the last leaf to the root and sifts it down, then the
/// push sifts a new leaf up. Here `pop` only *marks* the root as taken; the
/// next `push` writes the new entry into the root's place and sifts it down
/// once (a "replace top"), and only a `pop` that finds the root still taken
/// does the real removal. Keys are unique (the sequence number never
/// repeats), so every valid heap pops the same entries in the same order:
/// the deferral changes the work, never the order.
///
/// The open-loop arrival, of which at most one is ever pending, waits beside
/// the heap in `arrival` (with its `(time, sequence)` key like any entry):
/// it is a third of all pushes, and `pop` takes whichever of it and the
/// heap's root has the smaller key, which is the order one heap would give.
/// A second arrival while one waits (the engine never does that) simply
/// goes into the heap.
#[derive(Clone, Debug)]
pub(crate) struct Queue {
    heap: Vec<Entry>,
    seq: u64,
    /// The root is logically removed (returned by `pop`), but still stored.
    taken: bool,
    /// Key of the waiting `Ev::Arrival`, or [`NO_ARRIVAL`].
    arrival: u128,
}

/// No arrival waits. No real key reaches it: that would take the sequence
/// number `u64::MAX` at the time `u64::MAX`.
const NO_ARRIVAL: u128 = u128::MAX;

impl Default for Queue {
    fn default() -> Self {
        Queue {
            heap: Vec::new(),
            seq: 0,
            taken: false,
            arrival: NO_ARRIVAL,
        }
    }
}

impl Queue {
    /// Inlined into the engine's handlers; only the sifting is a call.
    #[inline(always)]
    pub(crate) fn push(&mut self, time: u64, ev: Ev) {
        self.seq += 1;
        let key = (u128::from(time) << 64) | u128::from(self.seq);
        if ev == Ev::Arrival && self.arrival == NO_ARRIVAL {
            self.arrival = key;
            return;
        }
        let e = Entry { key, ev };
        if self.taken {
            self.taken = false;
            self.sift_down_from_root(e);
        } else {
            self.push_leaf(e);
        }
    }

    #[inline(always)]
    pub(crate) fn pop(&mut self) -> Option<(u64, Ev)> {
        if self.taken {
            self.remove_root();
        }
        let root = self.heap.first().map_or(NO_ARRIVAL, |e| e.key);
        if self.arrival < root {
            let time = (self.arrival >> 64) as u64;
            self.arrival = NO_ARRIVAL;
            return Some((time, Ev::Arrival));
        }
        let e = *self.heap.first()?;
        self.taken = true;
        Some((e.time(), e.ev))
    }

    pub(crate) fn peek_time(&self) -> Option<u64> {
        self.peek().map(|(t, _)| t)
    }

    /// The earliest event, without removing it.
    pub(crate) fn peek(&self) -> Option<(u64, Ev)> {
        let heap = self.heap_top();
        if self.arrival < heap.map_or(NO_ARRIVAL, |e| e.key) {
            return Some(((self.arrival >> 64) as u64, Ev::Arrival));
        }
        heap.map(|e| (e.time(), e.ev))
    }

    /// The earliest entry still in the heap: the root, or, when the root is
    /// taken, the smaller of its children (the next root once it goes).
    #[inline]
    fn heap_top(&self) -> Option<&Entry> {
        if !self.taken {
            return self.heap.first();
        }
        match (self.heap.get(1), self.heap.get(2)) {
            (Some(a), Some(b)) => Some(if a.key < b.key { a } else { b }),
            (a, _) => a,
        }
    }

    /// Physically removes the (taken) root.
    #[inline(never)]
    fn remove_root(&mut self) {
        self.taken = false;
        if let Some(last) = self.heap.pop() {
            if !self.heap.is_empty() {
                self.sift_down_from_root(last);
            }
        }
    }

    /// Puts `e` at the root (overwriting it) and sifts it down to its place.
    #[inline(never)]
    fn sift_down_from_root(&mut self, e: Entry) {
        // Indexing a slice is built in; indexing a `Vec` is a trait call
        // that opt-level "z" (the WebAssembly build) leaves uninlined.
        let h = self.heap.as_mut_slice();
        let n = h.len();
        let mut pos = 0;
        loop {
            let left = 2 * pos + 1;
            if left >= n {
                break;
            }
            // The smaller child, chosen by arithmetic rather than a branch:
            // which child is smaller is a coin toss the branch predictor
            // cannot learn.
            let right = left + 1;
            let child = if right < n {
                left + usize::from(h[right].key < h[left].key)
            } else {
                left
            };
            if h[child].key >= e.key {
                break;
            }
            h[pos] = h[child];
            pos = child;
        }
        h[pos] = e;
    }

    /// Appends `e` as a leaf and sifts it up to its place.
    #[inline(never)]
    fn push_leaf(&mut self, e: Entry) {
        self.heap.push(e);
        let h = self.heap.as_mut_slice();
        let mut pos = h.len() - 1;
        while pos > 0 {
            let parent = (pos - 1) / 2;
            if h[parent].key <= e.key {
                break;
            }
            h[pos] = h[parent];
            pos = parent;
        }
        h[pos] = e;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The deferred pop against a plain sorted list: random pushes (many
    /// equal times), pops and peeks interleaved the way the engine does
    /// them, including several pushes after one pop and pops with nothing
    /// pushed in between.
    #[test]
    fn deferred_pop_matches_a_sorted_reference() {
        let mut q = Queue::default();
        let mut reference: Vec<(u64, u64, Ev)> = Vec::new();
        let mut seq = 0u64;
        let mut x = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        let mut now = 0u64;
        for round in 0..20_000u32 {
            let r = next();
            match r % 7 {
                0..=3 => {
                    let t = now + (r >> 8) % 16;
                    seq += 1;
                    // Arrivals too, sometimes two pending at once.
                    let ev = if r % 29 < 3 {
                        Ev::Arrival
                    } else {
                        Ev::Req(round)
                    };
                    q.push(t, ev);
                    reference.push((t, seq, ev));
                }
                4 | 5 => {
                    reference.sort_by_key(|&(t, s, _)| (t, s));
                    let want = (!reference.is_empty()).then(|| reference.remove(0));
                    let got = q.pop();
                    assert_eq!(got, want.map(|(t, _, e)| (t, e)), "round {round}");
                    if let Some((t, _)) = got {
                        now = t;
                    }
                }
                _ => {
                    reference.sort_by_key(|&(t, s, _)| (t, s));
                    let want = reference.first().map(|&(t, _, e)| (t, e));
                    assert_eq!(q.peek(), want, "round {round}");
                    assert_eq!(q.peek_time(), want.map(|w| w.0));
                }
            }
        }
        reference.sort_by_key(|&(t, s, _)| (t, s));
        let rest: Vec<_> = std::iter::from_fn(|| q.pop()).collect();
        let want: Vec<_> = reference.into_iter().map(|(t, _, e)| (t, e)).collect();
        assert_eq!(rest, want);
        assert_eq!(q.peek(), None);
    }

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
