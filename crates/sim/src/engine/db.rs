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

#[derive(Clone, Debug)]
pub(crate) struct Db {
    /// Keys never written are absent: version 0 from time 0.
    rows: FxHashMap<u64, Row>,
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
            rows: FxHashMap::default(),
            free_at: (0..c).map(|_| Reverse(0)).collect(),
            connections: c,
            busy_assigned: 0,
            slow: Vec::new(),
        }
    }

    #[inline(always)]
    pub(crate) fn row(&self, key: u64) -> Row {
        self.rows.get(&key).copied().unwrap_or_default()
    }

    /// Last writer wins, by completion order.
    #[inline]
    pub(crate) fn commit(&mut self, key: u64, version: u64, now: u64) {
        self.rows.insert(
            key,
            Row {
                version,
                committed_at: now,
            },
        );
    }

    pub(crate) fn rows(&self) -> impl Iterator<Item = (&u64, &Row)> {
        self.rows.iter()
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
