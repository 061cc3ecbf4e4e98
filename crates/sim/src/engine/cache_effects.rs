//! What a change to the cache sets off: a fill is counted, an entry that
//! leaves is counted (eviction, expiry, pollution), and a dirty entry that
//! leaves is written to the DB first.

use super::cache::{Put, Removed};
use super::metrics::Departure;
use super::Simulation;

impl Simulation {
    /// A SET or fill; counts the fill and handles the victim.
    pub(super) fn put(&mut self, key: u64, version: u64, dirty: bool) -> bool {
        let p = self.cache.put(key, version, self.now, dirty);
        self.put_done(p)
    }

    /// A background reload's fill (see `CacheStore::reload`).
    pub(super) fn put_reload(&mut self, key: u64, version: u64) -> bool {
        let p = self.cache.reload(key, version, self.now);
        self.put_done(p)
    }

    fn put_done(&mut self, p: Put) -> bool {
        if p.inserted {
            self.metrics.filled();
        }
        if let Some(v) = p.victim {
            self.on_removed(v, Departure::Evicted);
        }
        p.inserted
    }

    /// Counts an entry that left, and writes it to the DB first if dirty
    /// (its acknowledged writes stay pending until that write commits).
    pub(super) fn on_removed(&mut self, r: Removed, why: Departure) {
        self.metrics.left_cache(why, r.hit);
        if r.dirty {
            self.write_back_victim(r);
        }
    }
}
