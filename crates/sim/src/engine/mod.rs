//! The discrete-event engine: one lane of app + cache + DB under one
//! (read path, write path) pair.
//!
//! ## How a request flows
//!
//! Every client request lives in a slot of a slab (`reqs`) and has exactly one
//! pending event at a time, `Ev::Req(slot)`; its `stage` says what that event
//! means. A cache operation takes one sampled cache latency `L`: the request
//! reaches the cache at `L / 2`, **the cache's state is read or changed at that
//! instant**, and the answer reaches the app at `L`. A DB operation waits for
//! a connection, holds it for a sampled service time, and **the DB's state is
//! read or changed when it completes**. The read and write paths
//! ([`crate::strategy`]) decide what happens after each answer; this module
//! applies the decision and counts every metric (all counting happens in
//! `complete_read`, `complete_write`, `on_removed`, `batch_done`, `crash` and
//! the DB completions).
//!
//! ## Definitions the numbers rest on
//!
//! - **Stale read**: a successful read that returns a version older than the
//!   one the DB had committed *when the read was issued*; its age is the time
//!   since that commit. The issue's wording ("older than the DB's version at
//!   the moment the read returns") would also count every read that merely
//!   overlapped a concurrent write — a read that a perfectly consistent
//!   system may answer either way — and write-through would then show
//!   "stale" reads that are an artefact of the measurement. Measuring against
//!   the state at issue counts exactly the reads that missed a write which
//!   had already finished before they started (the linearizability rule).
//! - **Pending / dirty**: acknowledged writes not yet committed in the DB —
//!   dirty entries plus flush batches in flight (the flusher lives in the
//!   cache process, so a crash destroys both). Coalesced writes of one key
//!   count individually. A crash adds exactly this number to `lost_writes`.
//! - **Pollution**: an entry that leaves by eviction or expiry without a
//!   single hit since it entered (the read that filled it does not count:
//!   that read was served from the DB). Deletes by a write path are not
//!   pollution.
//! - **TTL** is checked lazily, when a GET touches the entry (as Redis and
//!   memcached do on access); an expired entry that nobody touches stays
//!   until evicted, and then counts as an eviction.
//! - **Hits, misses, failures**: every read is exactly one of them. A
//!   cache-aside read while the cache is down is a miss (served by the DB);
//!   a read-through read then fails. Failed requests are left out of the
//!   latency summaries (they return fast and would flatter them).
//!
//! ## Determinism
//!
//! Integer virtual time; events ordered by `(time, sequence)`; random numbers
//! from seeded streams (`crate::rng`); hash maps only for lookups (views are
//! sorted). Same scenario, same seed: same report, byte for byte.

mod cache;
mod db;
mod queue;
pub(crate) mod sampler;

use rustc_hash::FxHashMap;

use crate::limits;
use crate::report::{
    percentile, CacheEntryView, DbEntryView, Hop, HopKind, LaneReport, LatencySummary,
    LiveCounters, Node, Op, Outcome, RequestTrace, StepInfo, StepKind, WindowPoint,
};
use crate::rng::{Rng, Stream};
use crate::scenario::{Arrivals, EventKind, Popularity, Scenario, ScheduledEvent};
use crate::strategy::{CacheAnswer, ReadDecision, ReadPath, StrategyId, WritePath, WritePlan};

use cache::{CacheStore, Lookup, Removed};
use db::Db;
use queue::{Ev, Queue};
use sampler::{KeyPicker, Sampler};

const NONE: u32 = u32::MAX;

/// Where a request is; the meaning of its next `Ev::Req` event.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Stage {
    /// Read: the GET reaches the cache.
    GetArrive,
    /// Read: the cache's miss (or failure) reaches the app.
    GetReturn,
    /// Read: the app's DB read completes.
    AppDbRead,
    /// Read: the app's fill SET reaches the cache.
    FillArrive,
    /// Read: the answer reaches the app.
    ReadReturn,
    /// Read-through: the loader's DB read completes.
    LoadDb,
    /// Read-through: waiting for another request's load (single-flight).
    WaitLoad,
    /// Write: the SET reaches the cache.
    SetArrive,
    /// Write-through: the SET's ack reaches the app.
    SetReturn,
    /// Write: the DB write completes.
    DbWrite,
    /// Write: the DEL reaches the cache.
    DelArrive,
    /// Write: the ack reaches the app.
    WriteAck,
    /// Write: the failure reaches the app.
    WriteFail,
    /// Admin: the DB write completes.
    AdminDb,
    /// Slot unused.
    Free,
}

/// One in-flight request (client read or write, import write, admin write).
#[derive(Clone, Copy, Debug)]
struct Req {
    id: u64,
    op: Op,
    key: u64,
    /// Written version, or the version a read will return.
    version: u64,
    issued: u64,
    stage: Stage,
    hit: bool,
    failed: bool,
    /// Cache-aside: fill the cache after the DB read.
    fill: bool,
    /// Second half of the current cache operation's latency.
    rest: u64,
    /// DB version and its commit time when the request was issued (reads).
    db_version0: u64,
    db_at0: u64,
    log: u32,
    client: u32,
    /// Single-flight waiters chained through the slab.
    next_waiter: u32,
    /// Cache epoch when a read-through load started.
    epoch: u32,
}

const EMPTY_REQ: Req = Req {
    id: 0,
    op: Op::Read,
    key: 0,
    version: 0,
    issued: 0,
    stage: Stage::Free,
    hit: false,
    failed: false,
    fill: false,
    rest: 0,
    db_version0: 0,
    db_at0: 0,
    log: NONE,
    client: NONE,
    next_waiter: NONE,
    epoch: 0,
};

/// A write-back flush batch (or the write of one evicted dirty entry) on its
/// way to the DB.
#[derive(Clone, Debug, Default)]
struct Batch {
    items: Vec<(u64, u64)>,
    pending: u64,
    epoch: u32,
    log: u32,
    flusher: bool,
    live: bool,
}

/// Counters accumulated per series window.
#[derive(Clone, Debug, Default)]
struct Window {
    reads: u64,
    writes: u64,
    hits: u64,
    misses: u64,
    db_ops: u64,
    stale: u64,
    lost: u64,
    /// Where this window's samples start in `Totals::read_lat` and
    /// `Totals::write_lat`: every sample goes to the totals, and a window's
    /// are exactly the ones added since it opened, so they are kept once.
    /// The totals are only ever read as a multiset (summaries,
    /// percentiles), so a window may reorder its tail when it closes.
    read_from: usize,
    write_from: usize,
}

/// Totals over the run.
#[derive(Clone, Debug, Default)]
struct Totals {
    requests: u64,
    reads: u64,
    writes: u64,
    hits: u64,
    misses: u64,
    failed_reads: u64,
    failed_writes: u64,
    db_reads: u64,
    db_writes: u64,
    stale_reads: u64,
    stale_age_max: u64,
    stale_age_sum: u128,
    lost_writes: u64,
    dirty_max: u64,
    evictions: u64,
    expirations: u64,
    fills: u64,
    pollution: u64,
    admin_writes: u64,
    read_lat: Vec<u64>,
    write_lat: Vec<u64>,
}

/// A workload phase, prepared: (start, read ratio, rate, key picker), each
/// `None` when the phase keeps the current value.
type PhaseState = (u64, Option<f64>, Option<f64>, Option<KeyPicker>);

/// Why an entry left the cache.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Why {
    Evicted,
    Expired,
    Deleted,
}

/// One lane, steppable. `Clone` is the snapshot: `let snap = sim.clone();`
/// … `sim = snap;` restores it exactly (the random streams are part of the
/// state).
///
/// ```
/// use cachescope_sim::{Scenario, Simulation};
/// let s = Scenario { requests: 100, ..Scenario::default() };
/// let mut sim = Simulation::new(&s);
/// sim.run_until(20_000);
/// let snap = sim.clone();
/// let a = sim.finish();
/// let b = snap.finish();
/// assert_eq!(a, b);
/// assert_eq!(a.reads + a.writes, 100);
/// ```
#[derive(Clone, Debug)]
pub struct Simulation {
    // Configuration.
    read_path: ReadPath,
    write_path: WritePath,
    plan: WritePlan,
    strategy: Option<StrategyId>,
    label: String,
    requests: u64,
    key_space: u64,
    read_ratio: f64,
    /// `1e6 / rate_per_sec`, the mean gap between open-loop arrivals in µs,
    /// divided once per rate (at the start and at a phase that changes it)
    /// instead of once per arrival: the same IEEE division, the same bits.
    mean_gap_us: f64,
    closed: Option<(u32, u64)>,
    picker: KeyPicker,
    phases: Vec<PhaseState>,
    cache_lat: Sampler,
    db_read_lat: Sampler,
    db_write_lat: Sampler,
    flush_interval: u64,
    batch_max: u64,
    window_us: u64,
    log_limit: u64,
    // Random streams.
    rng_work: Rng,
    rng_events: Rng,
    rng_think: Rng,
    rng_lat: Rng,
    // State.
    now: u64,
    events_processed: u64,
    queue: Queue,
    reqs: Vec<Req>,
    free_slots: Vec<u32>,
    batches: Vec<Batch>,
    free_batches: Vec<u32>,
    cache: CacheStore,
    cache_up: bool,
    epoch: u32,
    flusher_busy: bool,
    /// Generation of the flusher's one live `FlushTick` (see `flush_tick`).
    tick_gen: u32,
    /// Time of the live flush tick; `u64::MAX` when none is queued.
    tick_at: u64,
    /// The flusher was re-armed at least once, so stale ticks may be queued.
    rearmed: bool,
    inflight_loads: FxHashMap<u64, u32>,
    db: Db,
    latest_version: FxHashMap<u64, u64>,
    issued: u64,
    outstanding: u64,
    next_trace_id: u64,
    next_import_key: u64,
    pending_total: u64,
    scheduled: Vec<ScheduledEvent>,
    fired: Vec<ScheduledEvent>,
    bursts: Vec<(u64, f64)>,
    totals: Totals,
    win: Window,
    series: Vec<WindowPoint>,
    series_truncated: bool,
    window_end: u64,
    log: Vec<RequestTrace>,
    finished_at: Option<u64>,
}

impl Simulation {
    /// A lane of `scenario` (which must have passed
    /// [`Scenario::validate`]; out-of-range values are clamped, never a panic).
    pub fn new(scenario: &Scenario) -> Simulation {
        let (read, write) = scenario.paths();
        let picker = KeyPicker::new(scenario.workload.key_space, &scenario.workload.popularity);
        Simulation::with_paths(scenario, read, write, picker)
    }

    /// A lane running `(read, write)` on `scenario`'s workload with a key
    /// picker built once for all lanes (compare shares the Zipf table).
    pub(crate) fn for_lane(
        scenario: &Scenario,
        read: ReadPath,
        write: WritePath,
        picker: KeyPicker,
    ) -> Self {
        Simulation::with_paths(scenario, read, write, picker)
    }

    fn with_paths(
        scenario: &Scenario,
        read: ReadPath,
        write: WritePath,
        picker: KeyPicker,
    ) -> Self {
        let s = scenario;
        let strategy = StrategyId::for_paths(read, write);
        let label = match (strategy, read, write) {
            (Some(id), _, _) => id.label().to_string(),
            (None, ReadPath::NoCache, WritePath::NoCache) => "No cache".to_string(),
            (None, r, w) => format!("custom: {} + {}", r.as_str(), w.as_str()),
        };
        let (flush_interval, batch_max) = match write {
            WritePath::WriteBack {
                flush_interval_us,
                batch_max,
            } => (
                flush_interval_us.max(limits::MIN_FLUSH_INTERVAL_US),
                u64::from(batch_max.max(1)),
            ),
            _ => (0, 1),
        };
        let (rate_per_sec, closed) = match s.arrivals {
            Arrivals::Open { rate_per_sec } => (rate_per_sec.max(limits::MIN_RATE_PER_SEC), None),
            Arrivals::Closed {
                clients,
                think_time_us,
            } => (
                limits::DEFAULT_RATE_PER_SEC,
                Some((clients.clamp(1, limits::MAX_CLIENTS), think_time_us)),
            ),
        };
        let key_space = s.workload.key_space.clamp(1, limits::MAX_KEY_SPACE);
        let mut phases: Vec<_> = s
            .workload
            .phases
            .iter()
            .map(|p| {
                (
                    p.at_us,
                    p.read_ratio,
                    p.rate_per_sec.map(|r| r.max(limits::MIN_RATE_PER_SEC)),
                    p.popularity
                        .as_ref()
                        .map(|pop: &Popularity| KeyPicker::new(key_space, pop)),
                )
            })
            .collect();
        phases.sort_by_key(|p| p.0);
        let mut sim = Simulation {
            read_path: read,
            write_path: write,
            plan: write.plan(),
            strategy,
            label,
            requests: s.requests.min(limits::MAX_REQUESTS),
            key_space,
            read_ratio: s.workload.read_ratio,
            mean_gap_us: 1e6 / rate_per_sec,
            closed,
            picker,
            phases,
            cache_lat: Sampler::new(s.cache.latency),
            db_read_lat: Sampler::new(s.db.read_latency),
            db_write_lat: Sampler::new(s.db.write_latency),
            flush_interval,
            batch_max,
            window_us: s.effective_window_us(),
            log_limit: s.log_limit.min(limits::MAX_LOG_LIMIT),
            rng_work: Rng::new(s.seed, Stream::Workload),
            rng_events: Rng::new(s.seed, Stream::Events),
            rng_think: Rng::new(s.seed, Stream::Think),
            rng_lat: Rng::new(s.seed, Stream::Latency),
            now: 0,
            events_processed: 0,
            queue: Queue::default(),
            reqs: Vec::new(),
            free_slots: Vec::new(),
            batches: Vec::new(),
            free_batches: Vec::new(),
            cache: CacheStore::new(
                s.cache.eviction,
                s.cache
                    .capacity
                    .clamp(limits::MIN_CAPACITY, limits::MAX_CAPACITY),
                s.cache.ttl_us,
            ),
            cache_up: true,
            epoch: 0,
            flusher_busy: false,
            tick_gen: 0,
            tick_at: u64::MAX,
            rearmed: false,
            inflight_loads: FxHashMap::default(),
            db: Db::new(
                s.db.connections
                    .clamp(limits::MIN_CONNECTIONS, limits::MAX_CONNECTIONS),
            ),
            latest_version: FxHashMap::default(),
            issued: 0,
            outstanding: 0,
            next_trace_id: 0,
            next_import_key: key_space,
            pending_total: 0,
            scheduled: Vec::new(),
            fired: Vec::new(),
            bursts: Vec::new(),
            totals: Totals::default(),
            win: Window::default(),
            series: Vec::new(),
            series_truncated: false,
            window_end: 0,
            log: Vec::new(),
            finished_at: None,
        };
        // Scheduled events first, so an event at t = 0 runs before traffic.
        let mut events = s.events.clone();
        events.sort_by_key(|e| e.at_us);
        for e in events.into_iter().take(limits::MAX_EVENTS as usize) {
            sim.push_scheduled(e);
        }
        for i in 0..sim.phases.len() {
            let at = sim.phases[i].0;
            sim.queue.push(at, Ev::Phase(i as u32));
        }
        if matches!(write, WritePath::WriteBack { .. }) {
            sim.tick_at = sim.flush_interval;
            sim.queue.push(sim.tick_at, Ev::FlushTick(sim.tick_gen));
        }
        sim.window_end = sim.window_us;
        match sim.closed {
            None => {
                let gap = sim.interarrival();
                sim.queue.push(gap, Ev::Arrival);
            }
            Some((clients, think)) => {
                for c in 0..clients {
                    let t = sim.think(think);
                    sim.queue.push(t, Ev::ClientNext(c));
                }
            }
        }
        sim
    }

    // ---------------------------------------------------------------- public

    /// Processes exactly one event. `None` once the run is finished (every
    /// client request, and every bulk-import write, has completed).
    pub fn step(&mut self) -> Option<StepInfo> {
        let kind = self.step_event()?;
        Some(StepInfo {
            now_us: self.now,
            kind,
        })
    }

    /// Processes up to `max_events` events, exactly as that many calls of
    /// [`Simulation::step`] would, and returns how many it processed: fewer
    /// only when the run finished (or nothing is queued). For callers that
    /// advance a lane in slices and do not look at each event (a sliced
    /// comparison or sweep): the loop stays inside the engine and no
    /// [`StepInfo`] is built per event.
    ///
    /// ```
    /// use cachescope_sim::{Scenario, Simulation};
    /// let s = Scenario { requests: 300, ..Scenario::default() };
    /// let (mut a, mut b) = (Simulation::new(&s), Simulation::new(&s));
    /// assert_eq!(a.step_many(500), 500);
    /// for _ in 0..500 {
    ///     b.step();
    /// }
    /// assert_eq!(a.report(), b.report());
    /// while a.step_many(1_000) == 1_000 {}
    /// assert!(a.is_finished());
    /// assert_eq!(a.finish(), b.finish());
    /// ```
    pub fn step_many(&mut self, max_events: u64) -> u64 {
        let mut n = 0;
        while n < max_events && self.step_event().is_some() {
            n += 1;
        }
        n
    }

    /// One event: the body of [`Simulation::step`] and
    /// [`Simulation::step_many`].
    #[inline(always)]
    fn step_event(&mut self) -> Option<StepKind> {
        if self.is_finished() {
            return None;
        }
        let (t, ev) = self.queue.pop()?;
        self.close_windows_before(t);
        self.now = self.now.max(t);
        self.events_processed += 1;
        let kind = self.dispatch(ev);
        if self.finished_at.is_none() && self.done() {
            self.finished_at = Some(self.now);
        }
        self.drop_stale_ticks();
        Some(kind)
    }

    /// Processes every event up to and including `t_us`, then moves the clock
    /// to `t_us` (unless the run finished earlier).
    pub fn run_until(&mut self, t_us: u64) {
        while !self.is_finished() {
            match self.queue.peek_time() {
                Some(t) if t <= t_us => {
                    self.step();
                }
                _ => break,
            }
        }
        if !self.is_finished() {
            self.close_windows_before(t_us);
            self.now = self.now.max(t_us);
        }
    }

    /// Virtual time, µs.
    pub fn now_us(&self) -> u64 {
        self.now
    }

    /// Events processed so far.
    pub fn events_processed(&self) -> u64 {
        self.events_processed
    }

    /// Client requests completed so far (answered or failed). It reaches
    /// [`Simulation::requests_planned`] at the end of the run, so it is a
    /// cheap progress measure for a run advanced in slices.
    pub fn requests_completed(&self) -> u64 {
        self.totals.requests
    }

    /// Client requests this lane issues in all: the scenario's `requests`,
    /// clamped to [`limits::MAX_REQUESTS`].
    pub fn requests_planned(&self) -> u64 {
        self.requests
    }

    /// Time of the next pending event, `None` when the run is finished or
    /// nothing is queued. A stepping player (the Lab) uses it to process
    /// exactly the events up to a time while watching for its own
    /// checkpoints and replayed injections between them, which `run_until`
    /// cannot do.
    ///
    /// ```
    /// use cachescope_sim::{Scenario, Simulation};
    /// let mut sim = Simulation::new(&Scenario { requests: 10, ..Scenario::default() });
    /// let next = sim.next_event_us().unwrap();
    /// assert_eq!(sim.step().unwrap().now_us, next);
    /// while sim.step().is_some() {}
    /// assert_eq!(sim.next_event_us(), None);
    /// ```
    pub fn next_event_us(&self) -> Option<u64> {
        if self.is_finished() {
            return None;
        }
        self.queue.peek_time()
    }

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
        &self.log
    }

    /// Every client request (and bulk-import write) has completed.
    #[inline(always)]
    pub fn is_finished(&self) -> bool {
        self.finished_at.is_some() || self.done()
    }

    #[inline(always)]
    fn done(&self) -> bool {
        self.issued >= self.requests && self.outstanding == 0
    }

    /// Injects an out-of-band event now (the Lab's "break things" buttons).
    /// Parameters are clamped to [`crate::limits`].
    pub fn schedule(&mut self, kind: EventKind) {
        let kind = clamp_event(kind, self.key_space);
        self.rearm_flusher();
        self.push_scheduled(ScheduledEvent {
            at_us: self.now,
            kind,
        });
        self.drop_stale_ticks();
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
        let t = &self.totals;
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
            dirty: self.pending_total,
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

    /// The report of what has happened so far (valid mid-run).
    pub fn report(&self) -> LaneReport {
        let t = &self.totals;
        let mut series = self.series.clone();
        if let Some((end, width)) = self.open_window() {
            series.push(self.window_point(end, width));
        }
        self.build_report(
            LatencySummary::from_samples(&mut t.read_lat.clone()),
            LatencySummary::from_samples(&mut t.write_lat.clone()),
            series,
            self.fired.clone(),
            self.log.clone(),
        )
    }

    /// The end and width of the window still open at the end of the report
    /// (`None` when it has no time in it, or the series is truncated).
    fn open_window(&self) -> Option<(u64, u64)> {
        let end = self.finished_at.unwrap_or(self.now);
        let last_end = self.series.last().map_or(0, |p| p.t_end_us);
        (end > last_end && !self.series_truncated).then(|| (end, end - last_end))
    }

    /// The report around the parts that are copied for [`Simulation::report`]
    /// and moved out for [`Simulation::finish`] (`series` includes the open
    /// window's point).
    fn build_report(
        &self,
        read_latency: LatencySummary,
        write_latency: LatencySummary,
        series: Vec<WindowPoint>,
        events: Vec<ScheduledEvent>,
        log: Vec<RequestTrace>,
    ) -> LaneReport {
        let t = &self.totals;
        let end = self.finished_at.unwrap_or(self.now);
        let answered = t.hits + t.misses;
        let busy = self.db.busy_until(end);
        let capacity_time = u128::from(self.db.connections()) * u128::from(end);
        LaneReport {
            strategy: self.strategy,
            label: self.label.clone(),
            read_path: self.read_path,
            write_path: self.write_path,
            requests: t.requests,
            reads: t.reads,
            writes: t.writes,
            hits: t.hits,
            misses: t.misses,
            hit_ratio: ratio(t.hits, answered),
            read_latency,
            write_latency,
            db_reads: t.db_reads,
            db_writes: t.db_writes,
            db_utilisation: if capacity_time == 0 {
                0.0
            } else {
                busy as f64 / capacity_time as f64
            },
            stale_reads: t.stale_reads,
            stale_age_max_us: t.stale_age_max,
            stale_age_mean_us: if t.stale_reads == 0 {
                0
            } else {
                (t.stale_age_sum / u128::from(t.stale_reads)) as u64
            },
            lost_writes: t.lost_writes,
            failed_reads: t.failed_reads,
            failed_writes: t.failed_writes,
            dirty_max: t.dirty_max,
            dirty_at_end: self.pending_total,
            evictions: t.evictions,
            expirations: t.expirations,
            fills: t.fills,
            pollution: t.pollution,
            admin_writes: t.admin_writes,
            end_time_us: end,
            window_us: self.window_us,
            series,
            series_truncated: self.series_truncated,
            events,
            log,
        }
    }

    /// Runs to the end and returns the report. The same report as
    /// [`Simulation::report`] at the end, built without copying the latency
    /// samples, series, events and trace (the lane is consumed): the two
    /// 100 000-sample copies per lane of a comparison cost more than
    /// summarising them.
    pub fn finish(mut self) -> LaneReport {
        self.step_many(u64::MAX);
        // The open window's point first: it selects in the totals' tail,
        // which summarising the totals reorders.
        let open = self.open_window();
        let mut series = std::mem::take(&mut self.series);
        if let Some((end, width)) = open {
            let (read_p99, write_p99) = self.window_p99s_in_place();
            series.push(self.window_point_with(end, width, read_p99, write_p99));
        }
        let mut read_lat = std::mem::take(&mut self.totals.read_lat);
        let mut write_lat = std::mem::take(&mut self.totals.write_lat);
        let events = std::mem::take(&mut self.fired);
        let log = std::mem::take(&mut self.log);
        self.build_report(
            LatencySummary::from_samples(&mut read_lat),
            LatencySummary::from_samples(&mut write_lat),
            series,
            events,
            log,
        )
    }

    // ------------------------------------------------------------- dispatch

    fn dispatch(&mut self, ev: Ev) -> StepKind {
        match ev {
            Ev::Arrival => {
                if self.issued < self.requests {
                    self.issue_client(NONE);
                    if self.issued < self.requests {
                        let gap = self.interarrival();
                        self.queue.push(self.now.saturating_add(gap), Ev::Arrival);
                    }
                }
                StepKind::Arrival
            }
            Ev::ClientNext(c) => {
                if self.issued < self.requests {
                    self.issue_client(c);
                }
                StepKind::Arrival
            }
            Ev::Req(slot) => {
                let id = self.reqs.get(slot as usize).map_or(0, |r| r.id);
                self.advance(slot);
                StepKind::Request { id }
            }
            Ev::FlushTick(gen) => {
                if gen == self.tick_gen {
                    self.flush_tick();
                }
                StepKind::FlushTick
            }
            Ev::BatchDone(b) => {
                self.batch_done(b);
                StepKind::BatchDone
            }
            Ev::Scheduled(i) => {
                let e = self.scheduled.get(i as usize).cloned();
                match e {
                    Some(e) => {
                        self.fire(e.kind);
                        self.fired.push(ScheduledEvent {
                            at_us: self.now,
                            kind: e.kind,
                        });
                        StepKind::Event { event: e.kind }
                    }
                    None => StepKind::Phase,
                }
            }
            Ev::AdminArrival(b) => {
                if let Some(&(end, mean)) = self.bursts.get(b as usize) {
                    if self.now < end {
                        let key = self.picker.pick(&mut self.rng_events);
                        self.issue_admin(key);
                        let gap = self.rng_events.exp_us(mean).max(1);
                        self.queue
                            .push(self.now.saturating_add(gap), Ev::AdminArrival(b));
                    }
                }
                StepKind::AdminArrival
            }
            Ev::CacheRestart(epoch) => {
                if epoch == self.epoch {
                    self.cache_up = true;
                }
                StepKind::CacheRestart
            }
            Ev::Phase(i) => {
                if let Some((_, rr, rate, pick)) = self.phases.get(i as usize).cloned() {
                    if let Some(rr) = rr {
                        self.read_ratio = rr;
                    }
                    if let Some(rate) = rate {
                        self.mean_gap_us = 1e6 / rate;
                    }
                    if let Some(p) = pick {
                        self.picker = p;
                    }
                }
                StepKind::Phase
            }
        }
    }

    fn push_scheduled(&mut self, e: ScheduledEvent) {
        let idx = self.scheduled.len() as u32;
        self.queue.push(e.at_us, Ev::Scheduled(idx));
        self.scheduled.push(e);
    }

    fn fire(&mut self, kind: EventKind) {
        let now = self.now;
        match kind {
            EventKind::CacheCrash { down_for_us } => self.crash(down_for_us),
            EventKind::CacheFlush => self.graceful_flush(),
            EventKind::AdminWrite { key } => {
                let key = key.unwrap_or(0).min(self.key_space - 1);
                self.issue_admin(key);
            }
            EventKind::AdminWrites {
                rate_per_sec,
                for_us,
            } => {
                let mean = 1e6 / rate_per_sec.max(limits::MIN_RATE_PER_SEC);
                let idx = self.bursts.len() as u32;
                self.bursts.push((now.saturating_add(for_us), mean));
                let gap = self.rng_events.exp_us(mean).max(1);
                self.queue
                    .push(now.saturating_add(gap), Ev::AdminArrival(idx));
            }
            EventKind::BulkImport { keys } => {
                for _ in 0..keys.min(limits::MAX_IMPORT_KEYS) {
                    let key = self.next_import_key;
                    self.next_import_key += 1;
                    self.issue_write(Op::Import, key, NONE);
                }
            }
            EventKind::DbSlow { factor, for_us } => {
                let f = if factor.is_finite() {
                    factor.clamp(limits::MIN_SLOW_FACTOR, limits::MAX_SLOW_FACTOR)
                } else {
                    1.0
                };
                self.db.add_slow_window(now, now.saturating_add(for_us), f);
            }
            EventKind::ExpireHot { key } => {
                let key = key.unwrap_or(0).min(self.key_space - 1);
                if self.cache_up {
                    if let Some(r) = self.cache.remove(key) {
                        self.on_removed(r, Why::Expired);
                    }
                }
            }
        }
    }

    // --------------------------------------------------------------- issuing

    fn interarrival(&mut self) -> u64 {
        self.rng_work.exp_us(self.mean_gap_us)
    }

    fn think(&mut self, mean: u64) -> u64 {
        if mean == 0 {
            0
        } else {
            self.rng_think.exp_us(mean as f64)
        }
    }

    fn alloc(&mut self, op: Op, key: u64, client: u32) -> u32 {
        let id = self.next_trace_id;
        self.next_trace_id += 1;
        let log = if (self.log.len() as u64) < self.log_limit {
            self.log.push(RequestTrace {
                id,
                op,
                key,
                keys: 1,
                issued_at_us: self.now,
                done_at_us: None,
                outcome: Outcome::Pending,
                version: 0,
                stale: false,
                hops: Vec::new(),
            });
            (self.log.len() - 1) as u32
        } else {
            NONE
        };
        let row = self.db.row(key);
        let req = Req {
            id,
            op,
            key,
            issued: self.now,
            db_version0: row.version,
            db_at0: row.committed_at,
            log,
            client,
            ..EMPTY_REQ
        };
        match self.free_slots.pop() {
            Some(s) => {
                self.reqs[s as usize] = req;
                s
            }
            None => {
                self.reqs.push(req);
                (self.reqs.len() - 1) as u32
            }
        }
    }

    fn issue_client(&mut self, client: u32) {
        self.issued += 1;
        let is_read = self.rng_work.unit() < self.read_ratio;
        let key = self.picker.pick(&mut self.rng_work);
        if is_read {
            self.issue_read(key, client);
        } else {
            self.issue_write(Op::Write, key, client);
        }
    }

    fn issue_read(&mut self, key: u64, client: u32) {
        self.outstanding += 1;
        let slot = self.alloc(Op::Read, key, client);
        if self.read_path.asks_cache() {
            self.cache_hop(slot, Node::Client, HopKind::Get, Stage::GetArrive);
        } else {
            self.db_op(slot, Node::Client, HopKind::Read, false, Stage::AppDbRead);
        }
    }

    fn issue_write(&mut self, op: Op, key: u64, client: u32) {
        self.outstanding += 1;
        let slot = self.alloc(op, key, client);
        let v = self.latest_version.entry(key).or_insert(0);
        *v += 1;
        let version = *v;
        self.reqs[slot as usize].version = version;
        self.set_trace_version(slot, version);
        match self.plan {
            WritePlan::SetThenDb | WritePlan::SetDirty => {
                self.cache_hop(slot, Node::Client, HopKind::Set, Stage::SetArrive)
            }
            WritePlan::DbThenDel { .. } | WritePlan::DbOnly => {
                self.db_op(slot, Node::Client, HopKind::Write, true, Stage::DbWrite)
            }
        }
    }

    fn issue_admin(&mut self, key: u64) {
        let slot = self.alloc(Op::Admin, key, NONE);
        let v = self.latest_version.entry(key).or_insert(0);
        *v += 1;
        let version = *v;
        self.reqs[slot as usize].version = version;
        self.set_trace_version(slot, version);
        self.db_op(slot, Node::Client, HopKind::Write, true, Stage::AdminDb);
    }

    // ------------------------------------------------------------------ hops

    /// Starts a cache operation from the app: samples its latency, schedules
    /// the arrival at the midpoint and remembers the second half.
    fn cache_hop(&mut self, slot: u32, from: Node, kind: HopKind, stage: Stage) {
        let l = self.cache_lat.sample(&mut self.rng_lat);
        let half = l / 2;
        let arrive = self.now.saturating_add(half);
        let r = &mut self.reqs[slot as usize];
        r.rest = l - half;
        r.stage = stage;
        let log = r.log;
        self.hop(log, from, Node::Cache, self.now, arrive, kind);
        self.queue.push(arrive, Ev::Req(slot));
    }

    /// Sends the cache's answer back to the app (second half of the latency).
    fn cache_reply(&mut self, slot: u32, kind: HopKind, stage: Stage) {
        let r = &mut self.reqs[slot as usize];
        r.stage = stage;
        let arrive = self.now.saturating_add(r.rest);
        let log = r.log;
        self.hop(log, Node::Cache, Node::Client, self.now, arrive, kind);
        self.queue.push(arrive, Ev::Req(slot));
    }

    /// Submits a DB operation for a request; its completion is the next step.
    fn db_op(&mut self, slot: u32, from: Node, kind: HopKind, write: bool, stage: Stage) {
        let service = if write {
            self.db_write_lat.sample(&mut self.rng_lat)
        } else {
            self.db_read_lat.sample(&mut self.rng_lat)
        };
        let (start, finish) = self.db.submit(self.now, service);
        let mid = start + (finish - start) / 2;
        let r = &mut self.reqs[slot as usize];
        r.stage = stage;
        let log = r.log;
        let back = if write { HopKind::Ack } else { HopKind::Value };
        self.hop(log, from, Node::Db, self.now, mid, kind);
        self.hop(log, Node::Db, from, mid, finish, back);
        self.queue.push(finish, Ev::Req(slot));
    }

    #[inline(always)]
    fn hop(&mut self, log: u32, from: Node, to: Node, depart: u64, arrive: u64, kind: HopKind) {
        if log != NONE {
            if let Some(t) = self.log.get_mut(log as usize) {
                t.hops.push(Hop {
                    from,
                    to,
                    depart_us: depart,
                    arrive_us: arrive,
                    kind,
                });
            }
        }
    }

    fn set_trace_version(&mut self, slot: u32, version: u64) {
        let log = self.reqs[slot as usize].log;
        if log != NONE {
            if let Some(t) = self.log.get_mut(log as usize) {
                t.version = version;
            }
        }
    }

    // ------------------------------------------------------------- requests

    fn advance(&mut self, slot: u32) {
        let Some(&r) = self.reqs.get(slot as usize) else {
            return;
        };
        let now = self.now;
        match r.stage {
            Stage::GetArrive => self.get_arrive(slot, r),
            Stage::GetReturn => {
                self.db_op(slot, Node::Client, HopKind::Read, false, Stage::AppDbRead)
            }
            Stage::AppDbRead => {
                self.totals.db_reads += 1;
                self.win.db_ops += 1;
                let v = self.db.row(r.key).version;
                self.reqs[slot as usize].version = v;
                if r.fill {
                    self.cache_hop(slot, Node::Client, HopKind::Fill, Stage::FillArrive);
                } else {
                    self.complete_read(slot);
                }
            }
            Stage::FillArrive => {
                if self.cache_up {
                    self.put(r.key, r.version, false);
                }
                self.cache_reply(slot, HopKind::Ack, Stage::ReadReturn);
            }
            Stage::ReadReturn => self.complete_read(slot),
            Stage::LoadDb => self.load_done(slot, r),
            Stage::WaitLoad => {}
            Stage::SetArrive => {
                if !self.cache_up {
                    self.reqs[slot as usize].failed = true;
                    self.cache_reply(slot, HopKind::Fail, Stage::WriteFail);
                    return;
                }
                let dirty = self.plan == WritePlan::SetDirty;
                self.put(r.key, r.version, dirty);
                if dirty {
                    self.pending_total += 1;
                    self.totals.dirty_max = self.totals.dirty_max.max(self.pending_total);
                    self.cache_reply(slot, HopKind::Ack, Stage::WriteAck);
                } else {
                    self.cache_reply(slot, HopKind::Ack, Stage::SetReturn);
                }
            }
            Stage::SetReturn => {
                self.db_op(slot, Node::Client, HopKind::Write, true, Stage::DbWrite)
            }
            Stage::DbWrite => {
                self.totals.db_writes += 1;
                self.win.db_ops += 1;
                self.db.commit(r.key, r.version, now);
                match self.plan {
                    WritePlan::DbThenDel {
                        del: true,
                        wait_del,
                    } => {
                        self.cache_hop(slot, Node::Client, HopKind::Invalidate, Stage::DelArrive);
                        if !wait_del {
                            // Acked now; the slot lives on until the DEL lands.
                            self.complete_write(slot, false);
                        }
                    }
                    _ => self.complete_write(slot, true),
                }
            }
            Stage::DelArrive => {
                if self.cache_up {
                    if let Some(removed) = self.cache.remove(r.key) {
                        self.on_removed(removed, Why::Deleted);
                    }
                }
                match self.plan {
                    WritePlan::DbThenDel { wait_del: true, .. } => {
                        self.cache_reply(slot, HopKind::Ack, Stage::WriteAck)
                    }
                    _ => self.free(slot),
                }
            }
            Stage::WriteAck | Stage::WriteFail => self.complete_write(slot, true),
            Stage::AdminDb => {
                self.totals.db_writes += 1;
                self.totals.admin_writes += 1;
                self.win.db_ops += 1;
                self.db.commit(r.key, r.version, now);
                self.finish_trace(r.log, Outcome::Committed, r.version, false);
                self.free(slot);
            }
            Stage::Free => {}
        }
    }

    fn get_arrive(&mut self, slot: u32, r: Req) {
        let answer = if !self.cache_up {
            CacheAnswer::Down
        } else {
            match self.cache.get(r.key, self.now) {
                Lookup::Hit(v) => {
                    self.reqs[slot as usize].version = v;
                    CacheAnswer::Hit
                }
                Lookup::Miss => CacheAnswer::Miss,
                Lookup::Expired(removed) => {
                    self.on_removed(removed, Why::Expired);
                    CacheAnswer::Miss
                }
            }
        };
        match self.read_path.on_answer(answer) {
            ReadDecision::Return => {
                self.reqs[slot as usize].hit = true;
                self.cache_reply(slot, HopKind::Hit, Stage::ReadReturn);
            }
            ReadDecision::AppLoadAndFill => {
                self.reqs[slot as usize].fill = true;
                self.cache_reply(slot, HopKind::Miss, Stage::GetReturn);
            }
            ReadDecision::AppLoadNoFill => {
                let kind = if answer == CacheAnswer::Down {
                    HopKind::Fail
                } else {
                    HopKind::Miss
                };
                self.cache_reply(slot, kind, Stage::GetReturn);
            }
            ReadDecision::Fail => {
                self.reqs[slot as usize].failed = true;
                self.cache_reply(slot, HopKind::Fail, Stage::ReadReturn);
            }
            ReadDecision::CacheLoads { single_flight } => {
                if single_flight {
                    if let Some(&leader) = self.inflight_loads.get(&r.key) {
                        // Join the leader's waiter chain (after the leader).
                        let next = self.reqs[leader as usize].next_waiter;
                        let me = &mut self.reqs[slot as usize];
                        me.next_waiter = next;
                        me.stage = Stage::WaitLoad;
                        self.reqs[leader as usize].next_waiter = slot;
                        return;
                    }
                    self.inflight_loads.insert(r.key, slot);
                }
                self.reqs[slot as usize].epoch = self.epoch;
                self.db_op(slot, Node::Cache, HopKind::Load, false, Stage::LoadDb);
            }
        }
    }

    fn load_done(&mut self, leader: u32, r: Req) {
        self.totals.db_reads += 1;
        self.win.db_ops += 1;
        if self.inflight_loads.get(&r.key) == Some(&leader) {
            self.inflight_loads.remove(&r.key);
        }
        let ok = self.cache_up && r.epoch == self.epoch;
        let v = self.db.row(r.key).version;
        if ok {
            self.put(r.key, v, false);
        }
        let mut cur = leader;
        while cur != NONE {
            let next = self.reqs[cur as usize].next_waiter;
            let q = &mut self.reqs[cur as usize];
            q.next_waiter = NONE;
            if ok {
                q.version = v;
                self.cache_reply(cur, HopKind::Value, Stage::ReadReturn);
            } else {
                q.failed = true;
                self.cache_reply(cur, HopKind::Fail, Stage::ReadReturn);
            }
            cur = next;
        }
    }

    fn complete_read(&mut self, slot: u32) {
        let r = self.reqs[slot as usize];
        let now = self.now;
        self.outstanding = self.outstanding.saturating_sub(1);
        self.totals.requests += 1;
        self.totals.reads += 1;
        self.win.reads += 1;
        let mut stale = false;
        let outcome = if r.failed {
            self.totals.failed_reads += 1;
            Outcome::Failed
        } else {
            let lat = now - r.issued;
            self.totals.read_lat.push(lat);
            if r.version < r.db_version0 {
                stale = true;
                let age = now.saturating_sub(r.db_at0);
                self.totals.stale_reads += 1;
                self.totals.stale_age_max = self.totals.stale_age_max.max(age);
                self.totals.stale_age_sum += u128::from(age);
                self.win.stale += 1;
            }
            if r.hit {
                self.totals.hits += 1;
                self.win.hits += 1;
                Outcome::Hit
            } else {
                self.totals.misses += 1;
                self.win.misses += 1;
                Outcome::Miss
            }
        };
        self.finish_trace(r.log, outcome, r.version, stale);
        self.next_for_client(r.client);
        self.free(slot);
    }

    /// Acknowledges (or fails) a write to its client; frees the slot unless
    /// `free` is false (a write-around DEL still on its way).
    fn complete_write(&mut self, slot: u32, free: bool) {
        let r = self.reqs[slot as usize];
        self.outstanding = self.outstanding.saturating_sub(1);
        if r.op == Op::Write {
            self.totals.requests += 1;
        }
        self.totals.writes += 1;
        self.win.writes += 1;
        let outcome = if r.failed {
            self.totals.failed_writes += 1;
            Outcome::Failed
        } else {
            let lat = self.now - r.issued;
            self.totals.write_lat.push(lat);
            Outcome::Ack
        };
        self.finish_trace(r.log, outcome, r.version, false);
        self.next_for_client(r.client);
        if free {
            self.free(slot);
        }
    }

    fn finish_trace(&mut self, log: u32, outcome: Outcome, version: u64, stale: bool) {
        if log != NONE {
            if let Some(t) = self.log.get_mut(log as usize) {
                t.done_at_us = Some(self.now);
                t.outcome = outcome;
                t.version = version;
                t.stale = stale;
            }
        }
    }

    fn next_for_client(&mut self, client: u32) {
        if client == NONE {
            return;
        }
        if let Some((_, think)) = self.closed {
            if self.issued < self.requests {
                let t = self.think(think);
                self.queue
                    .push(self.now.saturating_add(t), Ev::ClientNext(client));
            }
        }
    }

    fn free(&mut self, slot: u32) {
        if let Some(r) = self.reqs.get_mut(slot as usize) {
            r.stage = Stage::Free;
            self.free_slots.push(slot);
        }
    }

    // ----------------------------------------------------------------- cache

    /// A SET or fill; counts the fill and handles the victim.
    fn put(&mut self, key: u64, version: u64, dirty: bool) {
        let p = self.cache.put(key, version, self.now, dirty);
        if p.inserted {
            self.totals.fills += 1;
        }
        if let Some(v) = p.victim {
            self.on_removed(v, Why::Evicted);
        }
    }

    /// Counts an entry that left, and writes it to the DB first if dirty
    /// (its acknowledged writes stay pending until that write commits).
    fn on_removed(&mut self, r: Removed, why: Why) {
        match why {
            Why::Evicted => self.totals.evictions += 1,
            Why::Expired => self.totals.expirations += 1,
            Why::Deleted => {}
        }
        if why != Why::Deleted && !r.hit {
            self.totals.pollution += 1;
        }
        if r.dirty {
            let mut items = self.take_items();
            items.push((r.key, r.version));
            self.send_batch(items, r.pending, false);
        }
    }

    fn take_items(&mut self) -> Vec<(u64, u64)> {
        match self.free_batches.last() {
            Some(&b) => std::mem::take(&mut self.batches[b as usize].items),
            None => Vec::new(),
        }
    }

    fn send_batch(&mut self, items: Vec<(u64, u64)>, pending: u64, flusher: bool) {
        let id = self.next_trace_id;
        self.next_trace_id += 1;
        let first = items.first().map_or(0, |i| i.0);
        let n = items.len() as u64;
        let log = if (self.log.len() as u64) < self.log_limit {
            self.log.push(RequestTrace {
                id,
                op: Op::Flush,
                key: first,
                keys: n,
                issued_at_us: self.now,
                done_at_us: None,
                outcome: Outcome::Pending,
                version: items.first().map_or(0, |i| i.1),
                stale: false,
                hops: Vec::new(),
            });
            (self.log.len() - 1) as u32
        } else {
            NONE
        };
        let batch = Batch {
            items,
            pending,
            epoch: self.epoch,
            log,
            flusher,
            live: true,
        };
        let b = match self.free_batches.pop() {
            Some(b) => {
                self.batches[b as usize] = batch;
                b
            }
            None => {
                self.batches.push(batch);
                (self.batches.len() - 1) as u32
            }
        };
        let service = self.db_write_lat.sample(&mut self.rng_lat);
        let (start, finish) = self.db.submit(self.now, service);
        let mid = start + (finish - start) / 2;
        self.hop(log, Node::Cache, Node::Db, self.now, mid, HopKind::Flush);
        self.hop(log, Node::Db, Node::Cache, mid, finish, HopKind::Ack);
        self.queue.push(finish, Ev::BatchDone(b));
    }

    fn batch_done(&mut self, b: u32) {
        let Some(batch) = self.batches.get_mut(b as usize) else {
            return;
        };
        if !batch.live {
            return;
        }
        batch.live = false;
        let items = std::mem::take(&mut batch.items);
        let (pending, epoch, log, flusher) = (batch.pending, batch.epoch, batch.log, batch.flusher);
        self.totals.db_writes += 1;
        self.win.db_ops += 1;
        let outcome = if epoch == self.epoch {
            for &(key, version) in &items {
                self.db.commit(key, version, self.now);
            }
            self.pending_total = self.pending_total.saturating_sub(pending);
            if flusher {
                self.flusher_busy = false;
            }
            Outcome::Committed
        } else {
            // The cache crashed meanwhile: these writes were counted lost.
            Outcome::Lost
        };
        let version = items.first().map_or(0, |i| i.1);
        self.finish_trace(log, outcome, version, false);
        let mut items = items;
        items.clear();
        self.batches[b as usize].items = items;
        self.free_batches.push(b);
    }

    /// The flusher's periodic run, at every multiple of the flush interval.
    ///
    /// Ticks that cannot do anything are not queued at all: after this tick,
    /// nothing changes until the next queued event at `N`, and every tick
    /// before `N` would find the same state — the cache down, a batch in
    /// flight, or nothing dirty (this tick took what there was) — so the next
    /// tick is queued at the first multiple of the interval at or after `N`.
    /// Without that, a run spanning days of virtual time (a low arrival rate)
    /// with a 100 µs flush interval would process billions of empty ticks.
    /// The result is the same event for event: the skipped ticks change no
    /// state, and no other event is queued between this tick and the ones it
    /// replaces, so ties at equal times still break in the same order. Only
    /// an injected event ([`Simulation::schedule`]) can change state before
    /// `N`; it re-arms the tick first ([`Simulation::rearm_flusher`]).
    fn flush_tick(&mut self) {
        if self.cache_up && !self.flusher_busy && self.cache.has_dirty() {
            let mut items = self.take_items();
            let pending = self.cache.take_dirty(self.batch_max, &mut items);
            if items.is_empty() {
                self.return_items(items);
            } else {
                self.flusher_busy = true;
                self.send_batch(items, pending, true);
            }
        }
        self.drop_stale_ticks();
        let interval = self.flush_interval.max(1);
        let now = self.now;
        let next = match self.queue.peek_time() {
            // Nothing else will ever happen: no tick either.
            None => u64::MAX,
            Some(n) if n <= now.saturating_add(interval) => now.saturating_add(interval),
            Some(n) => {
                let steps = (n - now).div_ceil(interval);
                now.saturating_add(steps.saturating_mul(interval))
            }
        };
        self.tick_at = next;
        if next != u64::MAX {
            self.queue.push(next, Ev::FlushTick(self.tick_gen));
        }
    }

    /// Before an injected event: if the live flush tick was queued past the
    /// first multiple of the interval after now (idle ticks skipped), bring
    /// it back to that multiple, where a flusher ticking every interval would
    /// have its next run. The injected event may make entries dirty sooner
    /// than the skip assumed. The old tick becomes stale (older generation).
    fn rearm_flusher(&mut self) {
        if !matches!(self.write_path, WritePath::WriteBack { .. }) {
            return;
        }
        let interval = self.flush_interval.max(1);
        let due = (self.now / interval)
            .saturating_add(1)
            .saturating_mul(interval);
        if self.tick_at > due {
            self.rearmed = true;
            self.tick_gen = self.tick_gen.wrapping_add(1);
            self.tick_at = due;
            self.queue.push(due, Ev::FlushTick(self.tick_gen));
        }
    }

    /// Removes stale flush ticks from the front of the queue, so that
    /// `step`, `next_event_us` and `run_until` never see one.
    ///
    /// Only a re-armed flusher leaves stale ticks behind, so a lane that
    /// never re-armed (most lanes: every one that is not write-back, and a
    /// write-back lane without injected events) skips the peek that would
    /// otherwise run after every event.
    #[inline]
    fn drop_stale_ticks(&mut self) {
        if !self.rearmed {
            return;
        }
        while let Some((_, Ev::FlushTick(gen))) = self.queue.peek() {
            if gen == self.tick_gen {
                break;
            }
            self.queue.pop();
        }
    }

    fn return_items(&mut self, items: Vec<(u64, u64)>) {
        if let Some(&b) = self.free_batches.last() {
            self.batches[b as usize].items = items;
        }
    }

    fn crash(&mut self, down_for: u64) {
        let lost = self.pending_total;
        self.totals.lost_writes += lost;
        self.win.lost += lost;
        self.pending_total = 0;
        self.cache.clear();
        self.inflight_loads.clear();
        self.cache_up = false;
        self.flusher_busy = false;
        self.epoch = self.epoch.wrapping_add(1);
        self.queue.push(
            self.now.saturating_add(down_for),
            Ev::CacheRestart(self.epoch),
        );
    }

    /// A graceful restart: dirty entries go to the DB (in batches of at most
    /// `batch_max`), then the cache empties. The batches stay in flight and
    /// commit normally; nothing is lost.
    fn graceful_flush(&mut self) {
        if !self.cache_up {
            return;
        }
        while self.cache.has_dirty() {
            let mut items = self.take_items();
            let pending = self.cache.take_dirty(self.batch_max, &mut items);
            if items.is_empty() {
                self.return_items(items);
                break;
            }
            self.send_batch(items, pending, false);
        }
        self.cache.clear();
    }

    // ---------------------------------------------------------------- series

    /// The point of the open window, ending at `t_end` (copies its latency
    /// samples to take their percentiles; see `window_p99s_in_place` for
    /// the version that does not).
    fn window_point(&self, t_end: u64, width: u64) -> WindowPoint {
        let (w, t) = (&self.win, &self.totals);
        let tail = |v: &[u64], from: usize| v.get(from..).unwrap_or_default().to_vec();
        self.window_point_with(
            t_end,
            width,
            percentile(&mut tail(&t.read_lat, w.read_from), 99),
            percentile(&mut tail(&t.write_lat, w.write_from), 99),
        )
    }

    /// The open window's read and write p99, selected in place in the
    /// totals' tails (reordering them, which only a window's own later
    /// selection could notice).
    fn window_p99s_in_place(&mut self) -> (u64, u64) {
        let (w, t) = (&self.win, &mut self.totals);
        let read = t.read_lat.get_mut(w.read_from..).unwrap_or_default();
        let read_p99 = percentile(read, 99);
        let write = t.write_lat.get_mut(w.write_from..).unwrap_or_default();
        (read_p99, percentile(write, 99))
    }

    fn window_point_with(
        &self,
        t_end: u64,
        width: u64,
        read_p99_us: u64,
        write_p99_us: u64,
    ) -> WindowPoint {
        let w = &self.win;
        WindowPoint {
            t_end_us: t_end,
            reads: w.reads,
            writes: w.writes,
            hits: w.hits,
            hit_ratio: ratio(w.hits, w.hits + w.misses),
            read_p99_us,
            write_p99_us,
            db_ops: w.db_ops,
            db_load: if width == 0 {
                0.0
            } else {
                w.db_ops as f64 * 1e6 / width as f64
            },
            dirty: self.pending_total,
            stale_reads: w.stale,
            lost_writes: w.lost,
        }
    }

    /// Closes every window that ends before `t`. Windows are half-open on
    /// the left, `(start, end]`: an event exactly at a boundary belongs to the
    /// window that ends there. Closing lazily (when the first later event or
    /// `run_until` comes) needs no queue events, and nothing changes between
    /// a boundary and the next event, so the point is the same.
    #[inline]
    fn close_windows_before(&mut self, t: u64) {
        if self.window_end < t && !self.series_truncated {
            self.close_windows(t);
        }
    }

    /// The work of `close_windows_before`, once a window does end before
    /// `t` (out of line: the check runs after every event, a window closes
    /// every few thousand).
    #[inline(never)]
    fn close_windows(&mut self, t: u64) {
        while self.window_end < t && !self.series_truncated {
            if (self.series.len() as u64) >= limits::MAX_SERIES_POINTS {
                self.series_truncated = true;
                return;
            }
            // The window closes just below: its samples may be reordered.
            let (read_p99, write_p99) = self.window_p99s_in_place();
            let p = self.window_point_with(self.window_end, self.window_us, read_p99, write_p99);
            self.series.push(p);
            let w = &mut self.win;
            w.read_from = self.totals.read_lat.len();
            w.write_from = self.totals.write_lat.len();
            (
                w.reads, w.writes, w.hits, w.misses, w.db_ops, w.stale, w.lost,
            ) = (0, 0, 0, 0, 0, 0, 0);
            self.window_end = self.window_end.saturating_add(self.window_us);
        }
    }
}

fn ratio(a: u64, b: u64) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

/// Clamps an injected event's parameters to the limits a scenario has.
fn clamp_event(kind: EventKind, key_space: u64) -> EventKind {
    let key = |k: Option<u64>| k.map(|k| k.min(key_space.saturating_sub(1)));
    let finite = |x: f64, lo: f64, hi: f64| if x.is_finite() { x.clamp(lo, hi) } else { lo };
    match kind {
        EventKind::CacheCrash { down_for_us } => EventKind::CacheCrash {
            down_for_us: down_for_us.min(limits::MAX_DURATION_US),
        },
        EventKind::CacheFlush => EventKind::CacheFlush,
        EventKind::AdminWrite { key: k } => EventKind::AdminWrite { key: key(k) },
        EventKind::ExpireHot { key: k } => EventKind::ExpireHot { key: key(k) },
        EventKind::AdminWrites {
            rate_per_sec,
            for_us,
        } => {
            let rate = finite(
                rate_per_sec,
                limits::MIN_RATE_PER_SEC,
                limits::MAX_RATE_PER_SEC,
            );
            let max_for = (limits::MAX_ADMIN_WRITES_PER_EVENT / rate * 1e6) as u64;
            EventKind::AdminWrites {
                rate_per_sec: rate,
                for_us: for_us.min(max_for).min(limits::MAX_DURATION_US),
            }
        }
        EventKind::BulkImport { keys } => EventKind::BulkImport {
            keys: keys.clamp(limits::MIN_IMPORT_KEYS, limits::MAX_IMPORT_KEYS),
        },
        EventKind::DbSlow { factor, for_us } => EventKind::DbSlow {
            factor: finite(factor, limits::MIN_SLOW_FACTOR, limits::MAX_SLOW_FACTOR),
            for_us: for_us.min(limits::MAX_DURATION_US),
        },
    }
}
