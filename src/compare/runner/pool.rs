//! The pool of lane workers (`crates/worker`) that runs Compare's lanes in
//! parallel, off the main thread.
//!
//! One pool per page, started when Compare opens ([`warm`]) and kept when the
//! view closes, so coming back costs no start-up. Its size is
//! `navigator.hardwareConcurrency`, at most [`MAX_WORKERS`] (one per lane),
//! at least 1: the main thread only waits. [`run`] hands out the six lanes of
//! a scenario one at a time to idle workers (a worker that finishes gets the
//! next), assembles the reports and resolves. Starting a run supersedes the
//! previous one: its future resolves [`Outcome::Superseded`] and the workers
//! busy with it are given the new lanes (or told to cancel), which they see
//! within one slice (see `crates/worker/src/main.rs`, where replacing a job
//! is measured against terminating the worker: ARCHITECTURE.md).
//!
//! When workers cannot run, [`run`] resolves [`Outcome::Unavailable`] and the
//! runner simulates on the main thread instead, with the same bytes. That
//! happens when `new Worker` throws (a sandboxed iframe has an opaque origin,
//! which cannot start a same-origin worker), when the worker's files are
//! missing or fail to start (an `error` event, or the loader's `broken`
//! message: the wasm-bindgen browser tests serve no worker), when no worker
//! is ready within [`READY_TIMEOUT_MS`], when a worker speaks another
//! protocol version (a stale cached worker file), when one crashes, and when
//! `localStorage["cachescope.workers"]` is `"off"` (a switch for comparing
//! the two, e.g. in the benchmark; a number there sets the pool's size). Once unavailable, the pool stays so for
//! the page's life. `<html data-cachescope-runner>` says which it is:
//! `workers N` or `main thread: <why>`.

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::rc::Rc;

use cachescope_sim::{LaneReport, Scenario, COMPARE_LANES};
use cachescope_worker::{FromWorker, ToWorker, PROTOCOL};
use wasm_bindgen::prelude::*;
use web_sys::Worker;

use super::seats::{self, Post, Seat};
use super::worker_handle::WorkerHandle;

/// At most one worker per lane.
pub const MAX_WORKERS: u64 = COMPARE_LANES;

/// How long a run waits for a first worker to start before giving up on the
/// pool, ms. A start takes tens of milliseconds (fetch and compile a few
/// hundred KB); this only catches a worker that never answers.
pub const READY_TIMEOUT_MS: u32 = 15_000;

/// A worker whose WebAssembly memory grew past this after a lane is
/// replaced by a fresh one: wasm memory never shrinks, and idle workers
/// holding the memory of the largest lanes would add up.
pub const MAX_KEPT_MEMORY_BYTES: u64 = 256 << 20;

/// The storage key that lowers [`MAX_KEPT_MEMORY_BYTES`] for this page, in
/// MiB (`0` replaces every worker after each lane): the allowed inputs never
/// grow a worker that far, so the end-to-end tests use it to exercise the
/// replacement. It can only lower the limit.
pub const KEEP_MB_KEY: &str = "cachescope.workers.keep-mb";

/// The storage key of the switch: `off` runs on the main thread, a number
/// from 1 to [`MAX_WORKERS`] sets the pool's size (for measuring).
pub const SWITCH_KEY: &str = "cachescope.workers";

/// The `<html>` attribute that says who simulates.
pub const RUNNER_ATTRIBUTE: &str = "data-cachescope-runner";

/// How a [`run`] ended.
#[derive(Debug)]
pub enum Outcome {
    /// Every lane, in lane order, and the summed simulation time of the
    /// workers (ms).
    Done {
        /// Lane reports, baseline first.
        lanes: Vec<LaneReport>,
        /// Sum over the lanes of each worker's own simulation time.
        sim_ms: f64,
    },
    /// A newer run (or a cancel) replaced this one.
    Superseded,
    /// No workers: simulate on the main thread.
    Unavailable,
}

/// What a run is for. A comparison supersedes any run; a sweep supersedes
/// only a sweep, and is not started on the pool while a comparison runs
/// there ([`run`] then says [`Outcome::Unavailable`] and the sweep runs on
/// the main thread, as it always did).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// The six lanes of Compare.
    Compare,
    /// The pieces of a sweep (each one a comparison lane of a scenario).
    Sweep,
}

/// Where a run stands, for a progress bar.
#[derive(Clone, Copy, Debug)]
pub struct Progress {
    /// Client requests completed, summed over the jobs.
    pub requests_done: u64,
    /// Jobs finished.
    pub jobs_done: u64,
    /// Simulation time of the jobs finished so far, ms.
    pub sim_ms: f64,
}

/// Called as workers report.
pub type OnProgress = Rc<dyn Fn(Progress)>;

/// An [`OnProgress`] that passes a report on to `show` when the shared
/// [`cachescope_worker::slicing::Throttle`] lets it through.
pub fn throttled(show: impl Fn(Progress) + 'static) -> OnProgress {
    let throttle = std::cell::Cell::new(cachescope_worker::slicing::Throttle::new(
        crate::compare::now_ms(),
    ));
    Rc::new(move |p: Progress| {
        let mut t = throttle.get();
        if t.due(crate::compare::now_ms()) {
            show(p);
        }
        throttle.set(t);
    })
}

struct Slot {
    handle: WorkerHandle,
    /// Ready or not, and the job it was given (see `seats.rs`).
    seat: Seat,
}

struct Run {
    generation: u64,
    kind: Kind,
    /// Each job: a scenario and the lane of its comparison to run.
    jobs: Vec<(Scenario, u64)>,
    /// Jobs not handed out yet.
    todo: VecDeque<u64>,
    reports: Vec<Option<LaneReport>>,
    /// Requests done per job.
    progress: Vec<u64>,
    sim_ms: f64,
    on_progress: OnProgress,
    finish: Finisher,
}

impl Run {
    fn progress(&self) -> Progress {
        Progress {
            requests_done: self.progress.iter().sum(),
            jobs_done: self.reports.iter().filter(|r| r.is_some()).count() as u64,
            sim_ms: self.sim_ms,
        }
    }
}

/// Settles a run's future with an outcome.
struct Finisher {
    outcome: Rc<RefCell<Option<Outcome>>>,
    resolve: web_sys::js_sys::Function,
}

impl Finisher {
    fn settle(self, outcome: Outcome) {
        *self.outcome.borrow_mut() = Some(outcome);
        // Resolving runs nothing synchronously (promise reactions are
        // microtasks), so it is safe while the pool is borrowed.
        let _ = self.resolve.call0(&JsValue::UNDEFINED);
    }
}

enum State {
    Unstarted,
    Live {
        slots: Vec<Slot>,
        run: Option<Box<Run>>,
    },
    Unavailable,
}

thread_local! {
    static POOL: RefCell<State> = const { RefCell::new(State::Unstarted) };
    /// [`MAX_KEPT_MEMORY_BYTES`], or lower (see [`KEEP_MB_KEY`]).
    static KEEP_BYTES: Cell<u64> = const { Cell::new(MAX_KEPT_MEMORY_BYTES) };
}

fn set_runner_attribute(value: &str) {
    if let Some(html) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let _ = html.set_attribute(RUNNER_ATTRIBUTE, value);
    }
}

/// Starts the pool if it has not been started: cheap on the main thread
/// (the workers fetch and compile their wasm on their own threads). Call it
/// early so the first run finds workers ready.
pub fn warm() {
    let unstarted = POOL.with_borrow(|s| matches!(s, State::Unstarted));
    if !unstarted {
        return;
    }
    let switch = crate::storage::get(SWITCH_KEY);
    if switch.as_deref() == Some("off") {
        return give_up(&format!("switched off (localStorage {SWITCH_KEY} = off)"));
    }
    if let Some(mb) = crate::storage::get(KEEP_MB_KEY).and_then(|v| v.trim().parse::<u64>().ok()) {
        KEEP_BYTES.set(mb.saturating_mul(1 << 20).min(MAX_KEPT_MEMORY_BYTES));
    }
    let cores = web_sys::window()
        .map(|w| w.navigator().hardware_concurrency())
        .filter(|n| n.is_finite() && *n >= 1.0)
        .map_or(1, |n| n as u64);
    let size = switch
        .and_then(|v| v.trim().parse::<u64>().ok())
        .unwrap_or(cores)
        .clamp(1, MAX_WORKERS);
    let mut slots = Vec::with_capacity(size as usize);
    for i in 0..size as usize {
        match spawn(i) {
            Ok(slot) => slots.push(slot),
            Err(why) => {
                for s in &slots {
                    s.handle.terminate();
                }
                return give_up(&why);
            }
        }
    }
    set_runner_attribute(&format!("workers {size}"));
    POOL.with_borrow_mut(|s| *s = State::Live { slots, run: None });
}

/// Whether the pool gave up on workers for this page (see the module docs):
/// whatever else would use a worker runs on the main thread too.
pub fn unavailable() -> bool {
    POOL.with_borrow(|s| matches!(s, State::Unavailable))
}

/// Whether a worker has started and can take a job now. Until one has
/// (its wasm is still being fetched and compiled), a small comparison is
/// faster on the main thread than waiting.
pub fn is_ready() -> bool {
    POOL.with_borrow(|s| match s {
        State::Live { slots, .. } => slots.iter().any(|s| s.seat.ready),
        _ => false,
    })
}

/// Starts worker `index`.
fn spawn(index: usize) -> Result<Slot, String> {
    let handle = WorkerHandle::start(move |msg| match msg {
        Ok(msg) => on_message(index, msg),
        Err(why) => give_up(&why),
    })?;
    Ok(Slot {
        handle,
        seat: Seat::default(),
    })
}

/// Stops every worker for good; a waiting run falls back to the main
/// thread.
fn give_up(why: &str) {
    let old = POOL.with_borrow_mut(|s| std::mem::replace(s, State::Unavailable));
    set_runner_attribute(&format!("main thread: {why}"));
    if let State::Live { slots, run } = old {
        for s in &slots {
            s.handle.terminate();
        }
        if let Some(run) = run {
            run.finish.settle(Outcome::Unavailable);
        }
        // The closures may be the ones running now: drop them later.
        wasm_bindgen_futures::spawn_local(async move { drop(slots) });
    }
}

fn post(worker: &Worker, msg: &ToWorker) {
    // A live worker accepts a string; a dead one is noticed by its error.
    let _ = worker.post_message(&JsValue::from_str(&msg.to_json()));
}

/// Hands out lanes of the current run to every idle worker. A worker busy
/// with an older generation counts as idle: the new job replaces its stale
/// one at its next slice.
fn dispatch(slots: &mut [Slot], run: &mut Run) {
    let posts = seats::dispatch(
        slots.iter_mut().map(|s| &mut s.seat),
        run.generation,
        &mut run.todo,
    );
    for p in posts {
        match p {
            Post::Job { seat, job } => {
                let (scenario, lane) = &run.jobs[job as usize];
                post(
                    &slots[seat].handle.worker,
                    &ToWorker::Lane {
                        generation: run.generation,
                        job,
                        lane: *lane,
                        scenario: Box::new(scenario.clone()),
                    },
                );
            }
            Post::Cancel { seat } => post(
                &slots[seat].handle.worker,
                &ToWorker::Cancel {
                    generation: run.generation,
                },
            ),
        }
    }
}

fn on_message(index: usize, msg: FromWorker) {
    // Side effects that call out of the pool run after the borrow ends.
    let mut progress: Option<(OnProgress, Progress)> = None;
    let mut replace = false;
    let mut broken: Option<String> = None;
    POOL.with_borrow_mut(|state| {
        let State::Live { slots, run } = state else {
            return;
        };
        match msg {
            FromWorker::Ready { protocol } if protocol == PROTOCOL => {
                slots[index].seat.ready = true;
                super::mark(super::MARK_WORKER_READY);
            }
            FromWorker::Ready { protocol } => {
                broken = Some(format!(
                    "a worker speaks protocol {protocol}, the page {PROTOCOL} (a stale cached worker?)"
                ));
                return;
            }
            FromWorker::Progress {
                generation,
                job,
                requests_done,
                ..
            } => {
                if let Some(run) = run.as_mut().filter(|r| r.generation == generation) {
                    if let Some(p) = run.progress.get_mut(job as usize) {
                        *p = requests_done;
                        progress = Some((run.on_progress.clone(), run.progress()));
                    }
                }
                return;
            }
            FromWorker::Lane {
                generation,
                job,
                lane,
                sim_ms,
                memory_bytes,
                report,
            } => {
                replace = memory_bytes > KEEP_BYTES.get();
                // A worker to be replaced leaves service now, and gives back
                // any newer job it was handed and will never run.
                seats::returned(
                    &mut slots[index].seat,
                    generation,
                    job,
                    replace,
                    run.as_mut().map(|r| (r.generation, &mut r.todo)),
                );
                if let Some(r) = run.as_mut().filter(|r| r.generation == generation) {
                    let asked = r.jobs.get(job as usize).map(|(_, l)| *l);
                    let (Some(entry), true) = (r.reports.get_mut(job as usize), asked == Some(lane))
                    else {
                        broken = Some(format!("a worker returned job {job} as lane {lane}"));
                        return;
                    };
                    *entry = Some(*report);
                    r.progress[job as usize] = entry.as_ref().map_or(0, |l| l.requests);
                    r.sim_ms += sim_ms;
                    progress = Some((r.on_progress.clone(), r.progress()));
                    if r.reports.iter().all(Option::is_some) {
                        let r = run.take().expect("the run just updated");
                        let lanes = r.reports.into_iter().flatten().collect();
                        r.finish.settle(Outcome::Done {
                            lanes,
                            sim_ms: r.sim_ms,
                        });
                    }
                }
            }
            FromWorker::Failed { error, .. } | FromWorker::Broken { error } => {
                broken = Some(error);
                return;
            }
            // The pool sends no trace job (the trace panel has a worker of
            // its own): one answering with these is confused.
            FromWorker::TraceProgress { .. }
            | FromWorker::TraceLanes { .. }
            | FromWorker::TraceCurve { .. }
            | FromWorker::TraceFailed { .. } => {
                broken = Some("a lane worker answered with a trace message".into());
                return;
            }
        }
        // A worker being replaced is out of service (not ready) until its
        // successor says it is; the others take what there is.
        if let Some(run) = run.as_mut() {
            dispatch(slots, run);
        }
    });
    if let Some(why) = broken {
        return give_up(&why);
    }
    if replace {
        wasm_bindgen_futures::spawn_local(async move { respawn(index) });
    }
    if let Some((f, p)) = progress {
        f(p);
    }
}

/// Replaces worker `index` with a fresh one (its memory had grown).
fn respawn(index: usize) {
    let fresh = match spawn(index) {
        Ok(slot) => slot,
        Err(why) => return give_up(&why),
    };
    let old = POOL.with_borrow_mut(|state| match state {
        State::Live { slots, .. } => Some(std::mem::replace(&mut slots[index], fresh)),
        _ => {
            fresh.handle.terminate();
            None
        }
    });
    if let Some(old) = old {
        old.handle.terminate();
    }
}

/// Supersedes the current run, if any (only if it is a `kind` run, when
/// given), and tells busy workers to stop (the scenario became invalid,
/// Compare closed, a sweep was cancelled).
pub fn cancel(generation: u64, kind: Option<Kind>) {
    let old = POOL.with_borrow_mut(|state| {
        let State::Live { slots, run } = state else {
            return None;
        };
        if kind.is_some_and(|k| run.as_ref().is_some_and(|r| r.kind != k)) {
            return None;
        }
        for slot in slots.iter_mut().filter(|s| s.seat.busy.is_some()) {
            post(&slot.handle.worker, &ToWorker::Cancel { generation });
            slot.seat.busy = None;
        }
        run.take()
    });
    if let Some(old) = old {
        old.finish.settle(Outcome::Superseded);
    }
}

/// Runs `jobs` (each a scenario, validated, and the lane of its comparison
/// to run) as generation `generation` on the pool, calling `on_progress` as
/// workers report; the reports come back in job order. Supersedes the run
/// before (see [`Kind`]).
pub async fn run(
    generation: u64,
    kind: Kind,
    jobs: Vec<(Scenario, u64)>,
    on_progress: OnProgress,
) -> Outcome {
    warm();
    let outcome = Rc::new(RefCell::new(None));
    let mut resolve = None;
    let promise = web_sys::js_sys::Promise::new(&mut |res, _rej| resolve = Some(res));
    let Some(resolve) = resolve else {
        return Outcome::Unavailable;
    };
    let finish = Finisher {
        outcome: outcome.clone(),
        resolve,
    };
    let (old, waiting, any_ready) = POOL.with_borrow_mut(|state| {
        let State::Live { slots, run } = state else {
            return (None, Some(finish), false);
        };
        if kind == Kind::Sweep && run.as_ref().is_some_and(|r| r.kind == Kind::Compare) {
            return (None, Some(finish), false);
        }
        let n = jobs.len();
        let mut new = Run {
            generation,
            kind,
            jobs,
            todo: (0..n as u64).collect(),
            reports: vec![None; n],
            progress: vec![0; n],
            sim_ms: 0.0,
            on_progress,
            finish,
        };
        dispatch(slots, &mut new);
        let any_ready = slots.iter().any(|s| s.seat.ready);
        (run.replace(Box::new(new)), None, any_ready)
    });
    if let Some(old) = old {
        old.finish.settle(Outcome::Superseded);
    }
    if let Some(unused) = waiting {
        // No pool (or a comparison has it): nothing to wait for.
        drop(unused);
        return Outcome::Unavailable;
    }
    // A watchdog while no worker has started yet.
    wasm_bindgen_futures::spawn_local(async move {
        if any_ready {
            return;
        }
        gloo_timers::future::TimeoutFuture::new(READY_TIMEOUT_MS).await;
        let stuck = POOL.with_borrow(|state| match state {
            State::Live { slots, run } => {
                run.as_ref().is_some_and(|r| r.generation == generation)
                    && !slots.iter().any(|s| s.seat.ready)
            }
            _ => false,
        });
        if stuck {
            give_up(&format!(
                "no worker started within {} s",
                READY_TIMEOUT_MS / 1000
            ));
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
    let result = outcome.borrow_mut().take();
    result.unwrap_or(Outcome::Superseded)
}
