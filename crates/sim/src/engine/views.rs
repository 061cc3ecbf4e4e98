//! What the Lab reads while a lane runs: the cache's and the DB's
//! contents, the live counters and the request log.

use crate::report::{percentile, CacheEntryView, DbEntryView, LiveCounters, RequestTrace};

use super::Simulation;

impl Simulation {
    /// The operations traced so far, hop by hop (the first `log_limit`),
    /// without cloning them as [`Simulation::report`] does: the Lab reads it
    /// every animation frame to draw the in-flight requests.
    ///
    /// ```
    /// use cachescope_sim::{Scenario, Simulation};
    /// let mut sim = Simulation::new(&Scenario { requests: 50, log_limit: 10, ..Scenario::default() });
    /// sim.run_until(20_000);
    /// let live = sim.log().to_vec();
    /// assert!(!live.is_empty() && live.len() <= 10);
    /// assert_eq!(live, sim.report().log);
    /// ```
    pub fn log(&self) -> &[RequestTrace] {
        self.log.traces()
    }

    /// The cache's entries, sorted by key.
    pub fn cache_contents(&self) -> Vec<CacheEntryView> {
        let mut v: Vec<CacheEntryView> = self
            .cache
            .iter()
            .map(|(&key, e)| {
                let db = self.db.row(key).version;
                CacheEntryView {
                    key,
                    version: e.version,
                    dirty: e.dirty_gen != 0,
                    pending_writes: e.pending,
                    ttl_left_us: (e.expires_at != u64::MAX)
                        .then(|| e.expires_at.saturating_sub(self.now)),
                    stale: e.version < db,
                    ahead_of_db: e.version > db,
                }
            })
            .collect();
        v.sort_unstable_by_key(|e| e.key);
        v
    }

    /// DB rows that were ever written or are cached, sorted by key.
    pub fn db_contents(&self) -> Vec<DbEntryView> {
        let mut keys: Vec<u64> = self.db.rows().map(|(k, _)| k).collect();
        keys.extend(self.cache.iter().map(|(&k, _)| k));
        keys.sort_unstable();
        keys.dedup();
        keys.into_iter()
            .map(|key| {
                let row = self.db.row(key);
                DbEntryView {
                    key,
                    version: row.version,
                    committed_at_us: row.committed_at,
                    cached_version: self.cache.entry(key).map(|e| e.version),
                }
            })
            .collect()
    }

    /// Counters so far.
    pub fn counters(&self) -> LiveCounters {
        let t = self.metrics.totals();
        LiveCounters {
            now_us: self.now,
            issued: self.issued,
            reads: t.reads,
            writes: t.writes,
            hits: t.hits,
            misses: t.misses,
            stale_reads: t.stale_reads,
            lost_writes: t.lost_writes,
            failed_reads: t.failed_reads,
            failed_writes: t.failed_writes,
            dirty: self.flusher.pending,
            dirty_max: t.dirty_max,
            evictions: t.evictions,
            db_reads: t.db_reads,
            db_writes: t.db_writes,
            cache_len: self.cache.len(),
            cache_up: self.cache_up,
            read_p99_us: percentile(&mut t.read_lat.clone(), 99),
            write_p99_us: percentile(&mut t.write_lat.clone(), 99),
        }
    }
}
