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
//! ([`crate::strategy`]) decide what happens after each answer; the stage
//! handlers apply the decision (`read.rs`, `write.rs`, `write_back.rs`) and
//! count every metric through [`metrics::Metrics`], the only writer of a
//! counter.
//!
//! **Counted when the outcome is fixed.** A request's last hop, its answer
//! travelling back to the app, is not a queued event: once the cache has
//! answered (or the DB has acknowledged a write) nothing can change what the
//! app will receive, so `request::final_reply` logs the hop and the request
//! completes at once, with the answer's arrival as its end. Its latency and
//! a closed-loop client's next turn include that trip; its series window is
//! the one in which its outcome was decided. The run ends when the last
//! answer arrives (one `Ev::RunEnd`, so a stepping player sees the clock
//! reach it).
//!
//! ## Where things are
//!
//! | file | idea |
//! |---|---|
//! | `mod.rs` | [`Simulation`], its constructor and the step API |
//! | `queue.rs` | the event queue, ordered by `(time, sequence)` |
//! | `events.rs` | what each event does; out-of-band events (crash, admin writes, …) |
//! | `workload.rs` | arrivals, closed-loop clients, read/write and key choice, phases |
//! | `request.rs` | a request's slot and stages, the hops between app, cache and DB |
//! | `read.rs`, `write.rs` | the read and write stages, as the strategy's paths decide |
//! | `refresh.rs` | background reloads: stale-while-revalidate, early refresh (XFetch) |
//! | `write_back.rs` | dirty entries' way to the DB: flusher, batches, crash loss |
//! | `cache_effects.rs` | fills, evictions, expiries, pollution |
//! | `metrics.rs` | totals and series windows, and every counter's one writer |
//! | `trace.rs` | the request log the Lab animates |
//! | `views.rs`, `lane_report.rs` | what the Lab reads; the lane's report |
//! | `cache.rs`, `db.rs`, `sampler.rs` | the cache store, the DB, latency and key sampling |
//!
//! ## Definitions the numbers rest on
//!
//! - **Stale read**: a cache hit that returns a version older than the one
//!   the DB had committed *when the read was issued* and still holds when
//!   the cache answers; its age is the time since that commit. Measuring
//!   against the state at issue counts exactly the reads that missed a write
//!   which had already finished before they started (the linearizability
//!   rule), not reads that merely overlapped a concurrent write. A read the
//!   DB answers returns what the DB held then and is never stale, so the
//!   no-cache baseline reads 0; the "still holds" part keeps a hit that
//!   returns the DB's current value from counting when two writes committed
//!   out of order moved the DB back to an older version (last writer wins).
//! - **Pending / dirty**: acknowledged writes not yet committed in the DB
//!   (defined in `write_back.rs`); a crash adds exactly this number to
//!   `lost_writes`.
//! - **Pollution**: an entry that leaves by eviction or expiry without a
//!   single hit since it entered (the read that filled it does not count:
//!   that read was served from the DB). Deletes by a write path are not
//!   pollution.
//! - **Late fill**: a cache-aside fill that enters with a version the DB
//!   has already replaced while no DEL for the key is on its way (`read.rs`,
//!   `fill_arrive`): the write's DEL landed before the fill, or the write
//!   went behind the cache's back. The old value stays until a later write
//!   or the TTL removes it; the reads that hit it count as stale.
//! - **Coalesced read**: a read that waits for another request's DB read
//!   of its key instead of making its own (read-through's single-flight;
//!   `cache.coalesce` on cache-aside, where the app joins at the miss).
//!   It is a miss, served when that DB read completes.
//! - **Grace read** (stale-while-revalidate): a read that finds its entry
//!   expired less than `cache.stale_grace_us` ago is a hit on the old value
//!   and starts one background reload of the key, unless a DB read of it
//!   is already under way. A reload renews the entry even when the DB
//!   holds the same version, and is counted in `db_reads` and `refreshes`,
//!   never as a read.
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
mod cache_effects;
mod db;
mod events;
mod lane_report;
mod metrics;
mod queue;
mod read;
mod refresh;
mod request;
pub(crate) mod sampler;
mod trace;
mod ttl;
mod views;
mod workload;
mod write;
mod write_back;

use std::sync::Arc;

use rustc_hash::FxHashMap;

use crate::limits;
use crate::report::{StepInfo, StepKind};
use crate::rng::{Rng, Stream};
use crate::scenario::{Scenario, ScheduledEvent};
use crate::strategy::{ReadPath, StrategyId, WritePath, WritePlan};
use crate::trace::RecordedTrace;

use cache::CacheStore;
use db::Db;
use events::AdminBurst;
use metrics::Metrics;
use queue::{Ev, Queue};
use refresh::EarlyRefresh;
use request::{Req, Slot};
use sampler::{KeyPicker, QuantileTable, Sampler};
use trace::RequestLog;
use ttl::Ttl;
use workload::{ClosedLoop, Demand, Phase};
use write_back::Flusher;

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
    /// The gap between open-loop arrivals (exponential, of mean
    /// `1e6 / rate_per_sec` µs), built once per rate: at the start and at a
    /// phase that changes it. Shared by snapshots.
    arrival_gap: Arc<QuantileTable>,
    closed: Option<ClosedLoop>,
    picker: KeyPicker,
    /// The trace whose requests this lane replays instead of drawing them.
    script: Option<Arc<RecordedTrace>>,
    phases: Vec<Phase>,
    cache_lat: Sampler,
    db_read_lat: Sampler,
    db_write_lat: Sampler,
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
    free_slots: Vec<Slot>,
    cache: CacheStore,
    cache_up: bool,
    /// Crash count: a load or batch from an older epoch finds its cache gone.
    epoch: u32,
    flusher: Flusher,
    /// Key → the slot of the DB read of it that others wait for:
    /// read-through's single-flight load, a coalesced cache-aside read, or a
    /// background reload (at most one per key).
    inflight_loads: FxHashMap<u64, Slot>,
    /// Cache-aside misses on a key share the app's DB read of it.
    coalesce: bool,
    /// Probabilistic early refresh, when on.
    early_refresh: Option<EarlyRefresh>,
    /// DELs sent but not yet at the cache, per key: a fill of an old value
    /// that arrives before one is removed by it, so it is no late fill.
    dels_in_flight: FxHashMap<u64, u32>,
    db: Db,
    /// The newest version assigned to each written key.
    latest_version: FxHashMap<u64, u64>,
    issued: u64,
    outstanding: u64,
    next_id: u64,
    next_import_key: u64,
    scheduled: Vec<ScheduledEvent>,
    fired: Vec<ScheduledEvent>,
    bursts: Vec<AdminBurst>,
    metrics: Metrics,
    log: RequestLog,
    /// When the latest answer reaches (or reached) the app.
    last_done: Option<u64>,
    /// An [`Ev::RunEnd`] waits in the queue for `last_done`.
    end_queued: bool,
    finished_at: Option<u64>,
}

impl Simulation {
    /// A lane of `scenario` (which must have passed
    /// [`Scenario::validate`]; out-of-range values are clamped, never a panic).
    pub fn new(scenario: &Scenario) -> Simulation {
        let (read, write) = scenario.paths();
        let picker = KeyPicker::new(scenario.workload.key_space, &scenario.workload.popularity);
        Simulation::with_paths(scenario, read, write, Demand::Drawn(picker))
    }

    /// A lane running `(read, write)` on `scenario`'s workload with a key
    /// picker built once for all lanes (compare shares the Zipf table).
    pub(crate) fn for_lane(
        scenario: &Scenario,
        read: ReadPath,
        write: WritePath,
        picker: KeyPicker,
    ) -> Self {
        Simulation::with_paths(scenario, read, write, Demand::Drawn(picker))
    }

    /// A lane running `(read, write)` on the requests of `trace`, in its
    /// order, at the times `scenario`'s arrivals give (its popularity, read
    /// ratio and request count do not apply).
    pub(crate) fn for_traced_lane(
        scenario: &Scenario,
        read: ReadPath,
        write: WritePath,
        trace: Arc<RecordedTrace>,
    ) -> Self {
        Simulation::with_paths(scenario, read, write, Demand::Replayed(trace))
    }

    fn with_paths(scenario: &Scenario, read: ReadPath, write: WritePath, demand: Demand) -> Self {
        let s = scenario;
        // By kind: write-back with its own flush settings is still write-back.
        let strategy = StrategyId::for_path_kinds(read, write);
        let label = match (strategy, read, write) {
            (Some(id), _, _) => id.label().to_string(),
            (None, ReadPath::NoCache, WritePath::NoCache) => "No cache".to_string(),
            (None, r, w) => format!("custom: {} + {}", r.as_str(), w.as_str()),
        };
        let (rate_per_sec, closed) = workload::arrival_model(&s.arrivals);
        let (requests, key_space, picker, script) = match demand {
            Demand::Drawn(picker) => (
                s.requests.min(limits::MAX_REQUESTS),
                s.workload.key_space.clamp(1, limits::MAX_KEY_SPACE),
                picker,
                None,
            ),
            Demand::Replayed(trace) => (
                trace.len().min(limits::MAX_REQUESTS),
                trace.distinct_keys().clamp(1, limits::MAX_KEY_SPACE),
                // Never asked: the trace names every key.
                KeyPicker::new(1, &crate::scenario::Popularity::Uniform),
                Some(trace),
            ),
        };
        let mut phases: Vec<_> = s
            .workload
            .phases
            .iter()
            .map(|p| Phase::new(p, key_space))
            .collect();
        phases.sort_by_key(|p| p.at_us);
        let mut sim = Simulation {
            read_path: read,
            write_path: write,
            plan: write.plan(),
            strategy,
            label,
            requests,
            key_space,
            read_ratio: s.workload.read_ratio,
            arrival_gap: workload::arrival_gaps(rate_per_sec),
            closed,
            picker,
            script,
            phases,
            cache_lat: Sampler::new(s.cache.latency),
            db_read_lat: Sampler::new(s.db.read_latency),
            db_write_lat: Sampler::new(s.db.write_latency),
            rng_work: Rng::new(s.seed, Stream::Workload),
            rng_events: Rng::new(s.seed, Stream::Events),
            rng_think: Rng::new(s.seed, Stream::Think),
            rng_lat: Rng::new(s.seed, Stream::Latency),
            now: 0,
            events_processed: 0,
            queue: Queue::default(),
            reqs: Vec::new(),
            free_slots: Vec::new(),
            cache: CacheStore::new(
                s.cache.eviction,
                s.cache
                    .capacity
                    .clamp(limits::MIN_CAPACITY, limits::MAX_CAPACITY),
                s.cache
                    .ttl_us
                    .map(|us| Ttl::new(us, s.cache.ttl_jitter, s.seed)),
                // A grace window only follows an expiry (validation refuses
                // one without a TTL; an unvalidated one does nothing).
                if s.cache.ttl_us.is_some() {
                    s.cache.stale_grace_us.min(limits::MAX_STALE_GRACE_US)
                } else {
                    0
                },
            ),
            cache_up: true,
            epoch: 0,
            flusher: Flusher::new(write),
            inflight_loads: FxHashMap::default(),
            coalesce: s.cache.coalesce && read == ReadPath::CacheAside,
            early_refresh: (s.cache.ttl_us.is_some()
                && s.cache.early_refresh.is_finite()
                && s.cache.early_refresh > 0.0)
                .then(|| EarlyRefresh {
                    beta: s.cache.early_refresh.min(limits::MAX_EARLY_REFRESH_BETA),
                    delta_us: s.db.read_latency.median_us() as f64,
                    seed: s.seed,
                }),
            dels_in_flight: FxHashMap::default(),
            db: Db::new(
                s.db.connections
                    .clamp(limits::MIN_CONNECTIONS, limits::MAX_CONNECTIONS),
            ),
            latest_version: FxHashMap::default(),
            issued: 0,
            outstanding: 0,
            next_id: 0,
            next_import_key: key_space,
            scheduled: Vec::new(),
            fired: Vec::new(),
            bursts: Vec::new(),
            metrics: Metrics::new(s.effective_window_us()),
            log: RequestLog::new(s.log_limit.min(limits::MAX_LOG_LIMIT)),
            last_done: None,
            end_queued: false,
            finished_at: None,
        };
        // Scheduled events first, so an event at t = 0 runs before traffic.
        let mut events = s.events.clone();
        events.sort_by_key(|e| e.at_us);
        for e in events.into_iter().take(limits::MAX_EVENTS as usize) {
            sim.push_scheduled(e);
        }
        for (i, p) in sim.phases.iter().enumerate() {
            sim.queue.push(p.at_us, Ev::Phase(i as u32));
        }
        sim.start_flusher();
        sim.start_workload();
        sim
    }

    /// The id of the next traced operation (requests and flush batches
    /// share one sequence).
    fn next_trace_id(&mut self) -> u64 {
        let id = self.next_id;
        self.next_id += 1;
        id
    }

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
        self.metrics.close_windows_before(t, self.flusher.pending);
        self.now = self.now.max(t);
        self.events_processed += 1;
        let kind = self.dispatch(ev);
        self.drop_stale_ticks();
        if self.finished_at.is_none() {
            if self.drained() {
                self.finished_at = Some(self.now);
            } else if self.done() && !self.end_queued {
                // Every outcome is decided but the last answer is still on
                // its way back (see `final_reply`): the run ends when it
                // arrives, and the events before then still run.
                let end = self.last_done.map_or(self.now, |d| d.max(self.now));
                self.queue.push(end, Ev::RunEnd);
                self.end_queued = true;
            }
        }
        Some(kind)
    }

    /// Processes every event up to and including `t_us`, then moves the clock
    /// to `t_us` (unless the run finished earlier).
    pub fn run_until(&mut self, t_us: u64) {
        self.run_until_at_most(t_us, u64::MAX);
    }

    /// [`Simulation::run_until`] in slices: processes at most `max_events`
    /// of the events up to `t_us` and returns true once none is left (then
    /// the clock is at `t_us`, or the run has finished). Cut anywhere, the
    /// lane is the one `run_until(t_us)` gives.
    ///
    /// ```
    /// use cachescope_sim::{Scenario, Simulation};
    /// let s = Scenario { requests: 500, ..Scenario::default() };
    /// let (mut a, mut b) = (Simulation::new(&s), Simulation::new(&s));
    /// a.run_until(200_000);
    /// while !b.run_until_at_most(200_000, 7) {}
    /// assert_eq!(b.now_us(), 200_000);
    /// assert_eq!(a.report(), b.report());
    /// ```
    pub fn run_until_at_most(&mut self, t_us: u64, max_events: u64) -> bool {
        let mut n = 0;
        while !self.is_finished() {
            match self.queue.peek_time() {
                Some(t) if t <= t_us => {
                    if n == max_events {
                        return false;
                    }
                    self.step_event();
                    n += 1;
                }
                _ => break,
            }
        }
        if !self.is_finished() {
            self.metrics
                .close_windows_before(t_us, self.flusher.pending);
            self.now = self.now.max(t_us);
        }
        true
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
        self.metrics.totals().requests
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

    /// Every client request (and bulk-import write) has completed.
    #[inline(always)]
    pub fn is_finished(&self) -> bool {
        self.finished_at.is_some() || self.drained()
    }

    /// Every request is done and the clock has reached the last answer's
    /// arrival.
    #[inline(always)]
    fn drained(&self) -> bool {
        self.done() && self.last_done.is_none_or(|d| self.now >= d)
    }

    #[inline(always)]
    fn done(&self) -> bool {
        self.issued >= self.requests && self.outstanding == 0
    }
}
