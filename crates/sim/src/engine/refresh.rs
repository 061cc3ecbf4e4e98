//! Background reloads: stale-while-revalidate and probabilistic early
//! refresh (XFetch) reload a hot entry while readers keep getting the
//! cached value, so its expiry does not send every reader to the DB.
//!
//! A reload is a read with no reader of its own (`Req::background`): the
//! app's DB read and fill on the cache-aside path, the cache's loader on
//! read-through. It is registered in `inflight_loads` like a load, so there
//! is at most one per key, and a read that misses meanwhile waits for it
//! where waiting is the path's rule (read-through's single-flight,
//! coalescing). It is not a client request: it is counted in `db_reads`
//! and `refreshes`, never in reads, and the run does not wait for it.

use crate::report::{HopKind, Node};
use crate::rng::splitmix64;
use crate::strategy::ReadPath;

use super::request::{Req, Slot, Stage};
use super::Simulation;

/// XFetch's settings: `β` and `Δ`, the time a reload is expected to take.
#[derive(Clone, Copy, Debug)]
pub(super) struct EarlyRefresh {
    pub(super) beta: f64,
    pub(super) delta_us: f64,
    pub(super) seed: u64,
}

impl EarlyRefresh {
    /// Whether a hit at `now` on `key`, expiring at `expires_at`, reloads
    /// early: `now + Δ·β·(−ln u) ≥ expires_at`, with `u` uniform in (0, 1].
    /// `u` is a hash of (seed, key, now), not a draw from a random stream,
    /// so turning early refresh on moves no other draw of the run.
    pub(super) fn fires(&self, key: u64, now: u64, expires_at: u64) -> bool {
        if expires_at == u64::MAX {
            return false;
        }
        let mut h = self.seed ^ 0x5846_6574_6368 ^ key.rotate_left(23) ^ now.rotate_left(47);
        let u = ((splitmix64(&mut h) >> 11) + 1) as f64 / (1u64 << 53) as f64;
        let ahead = self.delta_us * self.beta * -u.ln();
        now as f64 + ahead >= expires_at as f64
    }
}

impl Simulation {
    /// A hit on a live entry: maybe reload it early.
    pub(super) fn maybe_refresh_early(&mut self, reader: Slot, r: Req, expires_at: u64) {
        let Some(xf) = self.early_refresh else {
            return;
        };
        if !self.inflight_loads.contains_key(&r.key) && xf.fires(r.key, self.now, expires_at) {
            self.start_refresh(reader, r, true);
        }
    }

    /// Starts one background reload of `r.key`, which `reader`'s cache
    /// answer asked for, unless a load of the key is already under way.
    /// On cache-aside the app sends it when that answer arrives; on
    /// read-through the cache's loader sends it at once.
    pub(super) fn start_refresh(&mut self, reader: Slot, r: Req, early: bool) {
        if self.inflight_loads.contains_key(&r.key) {
            return;
        }
        let reply_in = self.reqs[reader as usize].reply_in;
        let slot = self.alloc_background(r.key);
        self.inflight_loads.insert(r.key, slot);
        self.metrics.refresh_started(early);
        self.log.mark(r.trace, |t| t.refreshed = true);
        match self.read_path {
            ReadPath::CacheAside => {
                self.reqs[slot as usize].stage = Stage::RefreshStart;
                self.queue.push(
                    self.now.saturating_add(reply_in),
                    super::queue::Ev::Req(slot),
                );
            }
            ReadPath::ReadThrough { .. } => {
                self.db_op(slot, Node::Cache, HopKind::Load, false, Stage::LoadDb);
            }
            // No cache, no hit to refresh.
            ReadPath::NoCache => {
                self.inflight_loads.remove(&r.key);
                self.free(slot);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn early_refresh_fires_more_often_as_expiry_nears() {
        let xf = EarlyRefresh {
            beta: 1.0,
            delta_us: 1_000.0,
            seed: 3,
        };
        let share = |before: u64| {
            let n = (0..10_000u64)
                .filter(|&k| xf.fires(k, 1_000_000 - before, 1_000_000))
                .count();
            n as f64 / 10_000.0
        };
        // P(fire) = P(−ln u ≥ before/Δ) = e^(−before/Δ).
        for (before, p) in [(0u64, 1.0), (500, 0.6065), (1_000, 0.3679), (3_000, 0.0498)] {
            assert!(
                (share(before) - p).abs() < 0.015,
                "{before}: {}",
                share(before)
            );
        }
        assert!(!xf.fires(1, 5, u64::MAX));
    }
}
