//! The database: committed versions per key, and a pool of connections with
//! a FIFO queue.
//!
//! Operations are submitted in time order, so FIFO service with `c`
//! connections is exactly "start on the connection that frees first":
//! `start = max(now, earliest free)`, `finish = start + service`. Extra load
//! thus shows up as queueing delay, which is how a slow DB makes write-through
//! writes slow.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use rustc_hash::FxHashMap;

/// A committed row.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Row {
    pub(crate) version: u64,
    pub(crate) committed_at: u64,
}

/// Keys below this have their rows in a vector indexed by key; larger keys
/// (import keys past a big key space, key spaces past it) in a hash map.
/// 64 Ki rows of 16 B: at most 1 MB per lane, and a lane only grows the
/// vector up to the largest key it has written.
const DENSE_KEYS: u64 = 1 << 16;

#[derive(Clone, Debug)]
pub(crate) struct Db {
    /// Rows of keys below [`DENSE_KEYS`], by key, up to the largest written
    /// one. A never-written key reads as version 0 from time 0, which is
    /// also how it is told apart: every committed version is at least 1
    /// (a write's version is its key's count of writes so far, counting
    /// itself), so a row with version 0 was never written.
    ///
    /// Why not only the map: every request reads its key's row when it is
    /// issued (the stale-read baseline), and the profile showed that hash
    /// lookup as most of issuing a request; an index is one load.
    dense: Vec<Row>,
    /// Rows of keys from [`DENSE_KEYS`] up; absent keys were never written.
    sparse: FxHashMap<u64, Row>,
    /// When each connection frees up.
    free_at: BinaryHeap<Reverse<u64>>,
    connections: u64,
    /// Service time assigned so far (including time after `now`).
    busy_assigned: u64,
    /// Slow windows: (start, end, factor).
    slow: Vec<(u64, u64, f64)>,
}

impl Db {
    pub(crate) fn new(connections: u32) -> Db {
        let c = u64::from(connections.max(1));
        Db {
            dense: Vec::new(),
            sparse: FxHashMap::default(),
            free_at: (0..c).map(|_| Reverse(0)).collect(),
            connections: c,
            busy_assigned: 0,
            slow: Vec::new(),
        }
    }

    #[inline(always)]
    pub(crate) fn row(&self, key: u64) -> Row {
        if key < DENSE_KEYS {
            self.dense.get(key as usize).copied().unwrap_or_default()
        } else {
            self.sparse.get(&key).copied().unwrap_or_default()
        }
    }

    /// Last writer wins, by completion order.
    #[inline]
    pub(crate) fn commit(&mut self, key: u64, version: u64, now: u64) {
        debug_assert!(version > 0, "committed versions start at 1");
        let row = Row {
            version,
            committed_at: now,
        };
        if key < DENSE_KEYS {
            let k = key as usize;
            if k >= self.dense.len() {
                self.dense.resize(k + 1, Row::default());
            }
            self.dense[k] = row;
        } else {
            self.sparse.insert(key, row);
        }
    }

    /// Every row ever written, as `(key, row)`, in no particular order.
    pub(crate) fn rows(&self) -> impl Iterator<Item = (u64, Row)> + '_ {
        let dense = self
            .dense
            .iter()
            .enumerate()
            .filter(|(_, r)| r.version != 0)
            .map(|(k, &r)| (k as u64, r));
        dense.chain(self.sparse.iter().map(|(&k, &r)| (k, r)))
    }

    pub(crate) fn add_slow_window(&mut self, start: u64, end: u64, factor: f64) {
        self.slow.push((start, end, factor));
    }

    /// Queues an operation of `service` µs at `now`; returns (start, finish).
    /// An operation that starts inside a slow window takes `factor` × longer.
    #[inline]
    pub(crate) fn submit(&mut self, now: u64, service: u64) -> (u64, u64) {
        let Reverse(free) = self.free_at.pop().unwrap_or(Reverse(now));
        let start = free.max(now);
        let service = self.slowed(start, service);
        let finish = start.saturating_add(service);
        self.busy_assigned = self.busy_assigned.saturating_add(service);
        self.free_at.push(Reverse(finish));
        (start, finish)
    }

    fn slowed(&mut self, start: u64, service: u64) -> u64 {
        if self.slow.is_empty() {
            return service;
        }
        self.slow.retain(|&(_, end, _)| end > start);
        let factor = self
            .slow
            .iter()
            .filter(|&&(s, e, _)| s <= start && start < e)
            .fold(1.0f64, |acc, &(_, _, f)| acc.max(f));
        crate::rng::to_us_unbounded(service as f64 * factor)
    }

    /// Busy connection-time up to `now`. After an operation is queued at time
    /// `s`, its connection is busy without a gap from `max(s, start)` to its
    /// free time, so the work assigned beyond `now` is exactly
    /// `Σ max(0, free − now)`.
    pub(crate) fn busy_until(&self, now: u64) -> u64 {
        let ahead: u64 = self
            .free_at
            .iter()
            .map(|&Reverse(f)| f.saturating_sub(now))
            .sum();
        self.busy_assigned.saturating_sub(ahead)
    }

    pub(crate) fn connections(&self) -> u64 {
        self.connections
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Rows below and above the dense limit read back, rewrite in place and
    /// are all listed once; never-written keys read as version 0 from 0.
    #[test]
    fn rows_of_small_and_large_keys() {
        let mut db = Db::new(1);
        let keys = [0, 7, DENSE_KEYS - 1, DENSE_KEYS, 3 * DENSE_KEYS + 5];
        for (i, &k) in keys.iter().enumerate() {
            db.commit(k, 1, i as u64);
        }
        db.commit(7, 2, 99);
        assert_eq!(
            db.row(7),
            Row {
                version: 2,
                committed_at: 99
            }
        );
        assert_eq!(db.row(DENSE_KEYS).committed_at, 3);
        for never in [1, 6, 8, DENSE_KEYS - 2, DENSE_KEYS + 1, u64::MAX] {
            assert_eq!(db.row(never), Row::default(), "{never}");
        }
        let mut listed: Vec<u64> = db.rows().map(|(k, _)| k).collect();
        listed.sort_unstable();
        assert_eq!(listed, keys);
    }

    #[test]
    fn queue_is_fifo_over_connections() {
        let mut db = Db::new(2);
        assert_eq!(db.submit(0, 10), (0, 10));
        assert_eq!(db.submit(0, 10), (0, 10));
        assert_eq!(db.submit(1, 10), (10, 20));
        assert_eq!(db.busy_until(10), 20);
        assert_eq!(db.busy_until(20), 30);
    }

    #[test]
    fn slow_window_multiplies_service() {
        let mut db = Db::new(1);
        db.add_slow_window(100, 200, 3.0);
        assert_eq!(db.submit(0, 10), (0, 10));
        assert_eq!(db.submit(150, 10), (150, 180));
        assert_eq!(db.submit(250, 10), (250, 260));
    }
}
