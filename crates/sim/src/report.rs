//! What a run reports: one [`LaneReport`] per lane, a [`CompareReport`] for
//! the six lanes of a comparison, and the live views of a stepped
//! [`Simulation`](crate::Simulation).
//!
//! Every count is a `u64` (never `usize`: it is 32 bits on wasm32); the only
//! floats are ratios derived from integers when the report is built, so the
//! same run serialises to the same bytes on every platform.

use serde::{Deserialize, Serialize};

use crate::scenario::{EventKind, Scenario, ScheduledEvent};
use crate::strategy::{ReadPath, StrategyId, WritePath};

/// Latency percentiles of a set of requests, exact (nearest rank on the
/// sorted samples), in µs. All zero when `count` is 0.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LatencySummary {
    /// Number of samples.
    pub count: u64,
    /// Arithmetic mean, rounded down.
    pub mean_us: u64,
    /// Median.
    pub p50_us: u64,
    /// 95th percentile.
    pub p95_us: u64,
    /// 99th percentile.
    pub p99_us: u64,
    /// Slowest.
    pub max_us: u64,
}

impl LatencySummary {
    /// Summarises samples; reorders them in place (partially: the result is
    /// not sorted).
    ///
    /// Three nested selections (`select_nth_unstable`, O(n) each) instead of
    /// a full sort: after selecting the p99 element, everything left of it
    /// is no larger, so p95 is selected in that prefix only, and p50 in the
    /// prefix left of p95. Each picks exactly the element a sort would have
    /// put at that index, so the values are the sorted array's. The profile
    /// had the sort at ≈ 4 % of a comparison (two 100 000-sample sorts per
    /// lane).
    pub fn from_samples(samples: &mut [u64]) -> LatencySummary {
        if samples.is_empty() {
            return LatencySummary::default();
        }
        let n = samples.len() as u64;
        let mut sum: u128 = 0;
        let mut max = 0u64;
        for &x in samples.iter() {
            sum += u128::from(x);
            max = max.max(x);
        }
        let (i50, i95, i99) = (
            nearest_rank(n, 50),
            nearest_rank(n, 95),
            nearest_rank(n, 99),
        );
        let p99 = *samples.select_nth_unstable(i99).1;
        let p95 = if i95 == i99 {
            p99
        } else {
            *samples[..i99].select_nth_unstable(i95).1
        };
        let p50 = if i50 == i95 {
            p95
        } else {
            *samples[..i95].select_nth_unstable(i50).1
        };
        LatencySummary {
            count: n,
            mean_us: (sum / u128::from(n)) as u64,
            p50_us: p50,
            p95_us: p95,
            p99_us: p99,
            max_us: max,
        }
    }
}

/// Index of the `pct`-th percentile by nearest rank: `ceil(pct/100 · n) − 1`.
pub(crate) fn nearest_rank(n: u64, pct: u64) -> usize {
    ((pct * n).div_ceil(100).max(1) - 1) as usize
}

/// The `pct`-th percentile of unsorted samples (reorders them), 0 if empty.
pub(crate) fn percentile(samples: &mut [u64], pct: u64) -> u64 {
    if samples.is_empty() {
        return 0;
    }
    let idx = nearest_rank(samples.len() as u64, pct);
    *samples.select_nth_unstable(idx).1
}

/// A participant of the model, for hop-by-hop traces.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Node {
    /// The application code handling a user's request ("App"). Out-of-band
    /// admin writes also start here (another service, seen from the model).
    Client,
    /// The cache process (including a read-through loader and the write-back
    /// flusher, which live in it).
    Cache,
    /// The database.
    Db,
}

impl Node {
    /// Stable id.
    pub fn as_str(self) -> &'static str {
        match self {
            Node::Client => "client",
            Node::Cache => "cache",
            Node::Db => "db",
        }
    }
    /// Human name.
    pub fn label(self) -> &'static str {
        match self {
            Node::Client => "App",
            Node::Cache => "Cache",
            Node::Db => "DB",
        }
    }
}

/// What one hop carries.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum HopKind {
    /// A cache lookup.
    Get,
    /// The cache's answer: found.
    Hit,
    /// The cache's answer: not found (or expired).
    Miss,
    /// The cache did not answer (down).
    Fail,
    /// A DB read by the app.
    Read,
    /// The read-through loader's DB read.
    Load,
    /// A value coming back from the DB.
    Value,
    /// Putting a loaded value into the cache.
    Fill,
    /// Putting a written value into the cache.
    Set,
    /// A DB write.
    Write,
    /// Confirmation of a SET, write or DEL.
    Ack,
    /// Deleting the cached copy.
    Invalidate,
    /// A write-back flush batch (or the write of an evicted dirty entry).
    Flush,
}

/// One message between two nodes. For a DB operation the queue wait and the
/// first half of the service time are drawn on the way there, the second half
/// on the way back; the DB state changes at `arrive_us` of the way back.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hop {
    /// Sender.
    pub from: Node,
    /// Receiver.
    pub to: Node,
    /// When it leaves.
    pub depart_us: u64,
    /// When it arrives.
    pub arrive_us: u64,
    /// What it is.
    pub kind: HopKind,
}

/// The kind of a traced operation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Op {
    /// A client read.
    Read,
    /// A client write.
    Write,
    /// A bulk-import write (through the lane's write path).
    Import,
    /// An out-of-band DB write bypassing the cache.
    Admin,
    /// A write-back flush batch (or dirty-eviction write).
    Flush,
}

/// How a traced operation ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Outcome {
    /// Not finished when the report was taken.
    Pending,
    /// A read served from the cache.
    Hit,
    /// A read served from the DB.
    Miss,
    /// The request failed (cache down, no fallback).
    Failed,
    /// A write acknowledged to the client.
    Ack,
    /// An admin write or flush batch committed in the DB.
    Committed,
    /// A flush batch destroyed by a cache crash before it committed.
    Lost,
}

/// One operation, hop by hop, for the animation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestTrace {
    /// Sequence number over all traced operations, from 0.
    pub id: u64,
    /// What it is.
    pub op: Op,
    /// The key (for a flush batch: its first key).
    pub key: u64,
    /// Keys in a flush batch; 1 otherwise.
    pub keys: u64,
    /// When the client issued it (or the flusher sent it).
    pub issued_at_us: u64,
    /// When it finished (acknowledged / answered / committed).
    pub done_at_us: Option<u64>,
    /// How it ended.
    pub outcome: Outcome,
    /// Version returned (reads) or written (writes).
    pub version: u64,
    /// A cache hit that returned a version older than the one the DB had
    /// committed when the read was issued (and still held when the cache
    /// answered). Reads the DB answered are never stale.
    pub stale: bool,
    /// A read whose fill put its version into the cache after the DB had
    /// committed a newer one ([`LaneReport::late_fills`]). Absent in traces
    /// saved before it was recorded: false.
    #[serde(default)]
    pub late_fill: bool,
    /// A read that waited for another request's DB read of its key instead
    /// of making its own (coalescing, read-through's single-flight).
    #[serde(default, skip_serializing_if = "is_false")]
    pub coalesced: bool,
    /// A read served an expired entry inside its stale-while-revalidate
    /// grace window.
    #[serde(default, skip_serializing_if = "is_false")]
    pub grace: bool,
    /// A read that started a background reload of its key (its grace read,
    /// or probabilistic early refresh).
    #[serde(default, skip_serializing_if = "is_false")]
    pub refreshed: bool,
    /// The messages, in the order they were sent.
    pub hops: Vec<Hop>,
}

/// One fixed-width window of the time series.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WindowPoint {
    /// End of the window (exclusive), µs.
    pub t_end_us: u64,
    /// Reads completed in the window (hits + misses + failed).
    pub reads: u64,
    /// Writes completed in the window (acked + failed).
    pub writes: u64,
    /// Hits.
    pub hits: u64,
    /// Hits / (hits + misses); 0 when no read was answered.
    pub hit_ratio: f64,
    /// 99th percentile of read latency in the window.
    pub read_p99_us: u64,
    /// 99th percentile of write latency in the window.
    pub write_p99_us: u64,
    /// DB operations completed in the window.
    pub db_ops: u64,
    /// DB reads completed in the window (part of `db_ops`). Absent in
    /// reports saved before it was recorded: 0.
    #[serde(default)]
    pub db_reads: u64,
    /// `db_ops` per second of window.
    pub db_load: f64,
    /// Acknowledged writes not yet in the DB at the window's end.
    pub dirty: u64,
    /// Stale reads in the window.
    pub stale_reads: u64,
    /// Acknowledged writes lost in the window.
    pub lost_writes: u64,
}

/// Everything one lane measured.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LaneReport {
    /// The named strategy, or `None` for a custom (read, write) pair.
    pub strategy: Option<StrategyId>,
    /// Human name ("Write-back", "No cache", or "custom: …").
    pub label: String,
    /// The read path this lane ran.
    pub read_path: ReadPath,
    /// The write path this lane ran.
    pub write_path: WritePath,
    /// Client requests completed (reads + writes, imports excluded).
    pub requests: u64,
    /// Reads completed: `hits + misses + failed_reads`.
    pub reads: u64,
    /// Writes completed, bulk-import writes included: acked + `failed_writes`.
    pub writes: u64,
    /// Reads answered from the cache.
    pub hits: u64,
    /// Reads answered from the DB (including cache-aside fallback while the
    /// cache is down, and every read of the no-cache baseline).
    pub misses: u64,
    /// `hits / (hits + misses)`.
    pub hit_ratio: f64,
    /// Successful reads only.
    pub read_latency: LatencySummary,
    /// Acknowledged writes only.
    pub write_latency: LatencySummary,
    /// DB read operations completed.
    pub db_reads: u64,
    /// DB write operations completed (a flush batch is one).
    pub db_writes: u64,
    /// Busy connection-time / (connections × elapsed time).
    pub db_utilisation: f64,
    /// Cache hits that returned a version older than the one the DB had
    /// committed when the read was issued and still held when the cache
    /// answered (see the engine's "stale read"); 0 without a cache.
    pub stale_reads: u64,
    /// Longest staleness: time since the DB committed the version the read
    /// should at least have seen.
    pub stale_age_max_us: u64,
    /// Mean staleness, rounded down.
    pub stale_age_mean_us: u64,
    /// Acknowledged writes destroyed by a cache crash before reaching the DB.
    pub lost_writes: u64,
    /// Reads that failed (cache down, path without fallback).
    pub failed_reads: u64,
    /// Writes that failed (cache down, path without fallback).
    pub failed_writes: u64,
    /// Most acknowledged-but-uncommitted writes at any moment.
    pub dirty_max: u64,
    /// Acknowledged-but-uncommitted writes when the report was taken (a run
    /// does not drain them at the end).
    pub dirty_at_end: u64,
    /// Entries removed to make room.
    pub evictions: u64,
    /// Entries removed because their TTL passed (or `expire-hot`).
    pub expirations: u64,
    /// Entries put into the cache (by a read fill or a write).
    pub fills: u64,
    /// Entries evicted or expired without a single hit since they entered.
    pub pollution: u64,
    /// Cache-aside's race: a read's fill that put a version into the cache
    /// after the DB had committed a newer one (a write landed while the
    /// read was loading, and its DEL came before the fill; or a write went
    /// behind the cache's back). The old value then stays until a later
    /// write removes it or its TTL ends it. Absent in reports saved before
    /// it was counted: 0.
    #[serde(default)]
    pub late_fills: u64,
    /// Reads that waited for another request's DB read of their key
    /// instead of making their own: request coalescing in cache-aside,
    /// the loader's single-flight in read-through. Absent in older
    /// reports: 0 (and the next three fields likewise).
    #[serde(default)]
    pub coalesced_reads: u64,
    /// The mean of those waits, µs.
    #[serde(default)]
    pub coalesced_wait_mean_us: u64,
    /// Reads served an expired entry inside its stale-while-revalidate
    /// grace window (each a hit; stale too if the DB had a newer version).
    #[serde(default)]
    pub grace_reads: u64,
    /// How long before the oldest of them its value had been stored, µs
    /// (never more than the entry's TTL plus the grace window).
    #[serde(default)]
    pub grace_age_max_us: u64,
    /// Background reloads: one per grace window used, and one per early
    /// refresh (each a DB read, counted in `db_reads`).
    #[serde(default)]
    pub refreshes: u64,
    /// The part of `refreshes` probabilistic early refresh started.
    #[serde(default)]
    pub early_refreshes: u64,
    /// The most DB reads in one series window, per second of window: the
    /// height of a stampede's spike. Absent in older reports: 0.
    #[serde(default)]
    pub db_read_peak_per_sec: f64,
    /// Out-of-band DB writes committed.
    pub admin_writes: u64,
    /// Virtual time when the report was taken (end of the run).
    pub end_time_us: u64,
    /// Width of a series window.
    pub window_us: u64,
    /// Fixed windows; the last one may be partial (it ends at `end_time_us`).
    pub series: Vec<WindowPoint>,
    /// Windows beyond `MAX_SERIES_POINTS` were dropped.
    pub series_truncated: bool,
    /// Out-of-band events that happened, with their times (chart markers).
    pub events: Vec<ScheduledEvent>,
    /// The first `log_limit` operations, hop by hop.
    pub log: Vec<RequestTrace>,
}

/// A comparison: the no-cache baseline and the five named strategies on one
/// workload (the same request sequence in every lane).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CompareReport {
    /// The scenario (its `strategy` and path overrides are ignored).
    pub scenario: Scenario,
    /// Reads and writes straight to the DB.
    pub baseline: LaneReport,
    /// One lane per [`StrategyId::ALL`], in that order.
    pub lanes: Vec<LaneReport>,
    /// What the lanes replayed instead of drawing requests, when they
    /// replayed a trace (see [`crate::CompareRun::with_trace`]); absent
    /// otherwise, so a report of a drawn workload has the same bytes as
    /// before traces.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trace: Option<crate::trace::TraceSummary>,
}

impl CompareReport {
    /// The lane of strategy `id` (`None` only in a report built by hand
    /// without it).
    ///
    /// ```
    /// use cachescope_sim::{compare, Scenario, StrategyId};
    /// let r = compare(&Scenario { requests: 200, ..Scenario::default() });
    /// assert_eq!(r.lane(StrategyId::WriteBack).unwrap().strategy, Some(StrategyId::WriteBack));
    /// ```
    pub fn lane(&self, id: StrategyId) -> Option<&LaneReport> {
        self.lanes.iter().find(|l| l.strategy == Some(id))
    }
}

/// Live counters of a stepped simulation (cheap enough for every frame,
/// except the p99s, which sort a copy of the samples).
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct LiveCounters {
    /// Virtual time.
    pub now_us: u64,
    /// Client requests issued.
    pub issued: u64,
    /// Reads completed.
    pub reads: u64,
    /// Writes completed.
    pub writes: u64,
    /// Cache hits.
    pub hits: u64,
    /// Cache misses.
    pub misses: u64,
    /// Stale reads.
    pub stale_reads: u64,
    /// Acknowledged writes lost.
    pub lost_writes: u64,
    /// Failed reads.
    pub failed_reads: u64,
    /// Failed writes.
    pub failed_writes: u64,
    /// Acknowledged writes not yet in the DB.
    pub dirty: u64,
    /// Most of those at any moment.
    pub dirty_max: u64,
    /// Evictions.
    pub evictions: u64,
    /// DB reads completed.
    pub db_reads: u64,
    /// DB writes completed.
    pub db_writes: u64,
    /// Entries in the cache.
    pub cache_len: u64,
    /// The cache is up.
    pub cache_up: bool,
    /// Read p99 so far.
    pub read_p99_us: u64,
    /// Write p99 so far.
    pub write_p99_us: u64,
}

/// One cached entry, as the Lab shows it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CacheEntryView {
    /// The key.
    pub key: u64,
    /// Version held.
    pub version: u64,
    /// Holds acknowledged writes the DB lacks.
    pub dirty: bool,
    /// How many acknowledged writes it holds for the DB (coalesced ones
    /// counted individually).
    pub pending_writes: u64,
    /// Time to live left, if the cache has a TTL.
    pub ttl_left_us: Option<u64>,
    /// Older than the DB's version (a read now would be stale).
    pub stale: bool,
    /// Newer than the DB's version (write-back not yet flushed).
    pub ahead_of_db: bool,
}

/// One DB row, as the Lab shows it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DbEntryView {
    /// The key.
    pub key: u64,
    /// Committed version (0 = the initial value).
    pub version: u64,
    /// When that version was committed.
    pub committed_at_us: u64,
    /// The version the cache holds, if cached.
    pub cached_version: Option<u64>,
}

/// What one [`Simulation::step`](crate::Simulation::step) did.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct StepInfo {
    /// Virtual time of the event.
    pub now_us: u64,
    /// What happened.
    pub kind: StepKind,
}

/// The kind of event a step processed.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum StepKind {
    /// A new client request arrived.
    Arrival,
    /// A request moved one hop on.
    Request {
        /// Its trace id (also for untraced requests).
        id: u64,
    },
    /// The write-back flusher woke up.
    FlushTick,
    /// A flush batch reached the DB.
    BatchDone,
    /// An out-of-band event.
    Event {
        /// Which.
        event: EventKind,
    },
    /// An admin write of a burst was issued.
    AdminArrival,
    /// The cache came back (empty).
    CacheRestart,
    /// A workload phase began.
    Phase,
    /// The last answer reached the app: the run is over.
    RunEnd,
}

/// For `skip_serializing_if`: a mark that is not set.
fn is_false(v: &bool) -> bool {
    !*v
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The summary by a full sort, as it was computed before the nested
    /// selections.
    fn by_sorting(samples: &[u64]) -> LatencySummary {
        if samples.is_empty() {
            return LatencySummary::default();
        }
        let mut v = samples.to_vec();
        v.sort_unstable();
        let n = v.len() as u64;
        LatencySummary {
            count: n,
            mean_us: (v.iter().map(|&x| u128::from(x)).sum::<u128>() / u128::from(n)) as u64,
            p50_us: v[nearest_rank(n, 50)],
            p95_us: v[nearest_rank(n, 95)],
            p99_us: v[nearest_rank(n, 99)],
            max_us: v[v.len() - 1],
        }
    }

    #[test]
    fn selection_equals_sorting_for_every_size_and_shape() {
        let mut x = 0x2545_f491_4f6c_dd1du64;
        let mut next = move || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        // Every small size (where the three ranks coincide), then larger
        // ones; values from a narrow range (many ties) and a wide one.
        let sizes = (0..=250usize).chain([999, 1_000, 1_001, 4_096, 100_000]);
        for n in sizes {
            for spread in [3u64, 1_000, u64::MAX] {
                let v: Vec<u64> = (0..n).map(|_| next() % spread).collect();
                let mut w = v.clone();
                assert_eq!(
                    LatencySummary::from_samples(&mut w),
                    by_sorting(&v),
                    "n = {n}, spread = {spread}"
                );
                w.sort_unstable();
                let mut sorted = v.clone();
                sorted.sort_unstable();
                assert_eq!(w, sorted, "only reordered, nothing lost");
            }
        }
    }
}
