//! Re-simulation that never blocks the page. When the scenario changes, its
//! six lanes (the no-cache baseline and the five strategies) start at once
//! on a pool of Web Workers (`runner/pool.rs`, `crates/worker`), in parallel and off
//! the main thread, which only waits, shows progress and assembles the
//! lanes ([`cachescope_sim::CompareReport::from_lanes`]). Where workers
//! cannot run (a sandboxed embed, a missing worker file, the off switch: see
//! `runner/pool.rs`) the same comparison runs here as a
//! [`ProgressiveCompare`] in time slices of the shared policy
//! ([`cachescope_worker::slicing`]): once a slice has used
//! [`PAGE_SLICE_MS`], it yields to the browser (input, rendering, timers)
//! before the next one. Both give the same bytes.
//!
//! **Partial results first.** Before either, one slice of the six lanes
//! runs here together and its partial report ([`PartialView`], "after N of
//! M requests") is drawn at once in the lane cards and charts, so every knob
//! event, each one of a drag included, is answered within a frame or two.
//! On the main thread the partial is refreshed as the run advances; with
//! workers it stays until their exact report replaces it. The comparison
//! table, advice, export, links and the screen-reader announcement use only
//! exact reports (`ctx.report`).
//!
//! A scenario seen before is answered from a small cache of exact reports
//! ([`super::report_cache`]) without simulating, with
//! [`RunStatus::Cached`].
//!
//! A newer scenario cancels the running one (the workers drop a stale lane
//! within one of their slices; the sliced run stops at its next slice
//! boundary), so there is no debounce: the newest knob's result comes as
//! soon as it can be computed. The previous report stays on screen (dimmed
//! by `style/compare.css`) until the new one replaces it, and the status
//! line shows the progress.
//!
//! Measurement contract (the benchmark relies on these names):
//! `performance.mark("cachescope:report-drawn")` each time a new exact
//! report is on screen, `performance.mark("cachescope:partial-drawn")` each
//! time a run's first partial result is, `performance.mark("cachescope:sweep-done")` when a sweep has
//! finished and is drawn, `performance.mark("cachescope:worker-ready")` each
//! time a lane worker has started, and the status element's `data-*`
//! attributes (see `chart_panel.rs`). With workers, `data-sim-ms` is the
//! sum of the lanes' simulation times as each worker measured them (so
//! requests per second stay per core, comparable with the native figure),
//! not the wall-clock time of the parallel run.

#[cfg(target_arch = "wasm32")]
pub mod pool;
pub mod seats;
#[cfg(target_arch = "wasm32")]
pub mod worker_handle;

use std::cell::{Cell, RefCell};
use std::sync::Arc;

use cachescope_sim::{CompareReport, ProgressiveCompare, Scenario};
use cachescope_worker::slicing::{self, Throttle, PAGE_SLICE_MS, PROGRESS_EVERY_MS};
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::report_cache::ReportCache;
use super::{now_ms, CompareCtx, PartialView, RunStatus};

/// The mark set when a new report is on screen.
pub const MARK_REPORT_DRAWN: &str = "cachescope:report-drawn";

/// The mark set when a run's first partial result is on screen (its first
/// slice; see [`ProgressiveCompare`]): the page's first feedback to a knob.
pub const MARK_PARTIAL_DRAWN: &str = "cachescope:partial-drawn";

/// The mark set when a sweep has finished and is on screen.
pub const MARK_SWEEP_DONE: &str = "cachescope:sweep-done";

/// The mark set each time a lane worker has started and listens.
pub const MARK_WORKER_READY: &str = "cachescope:worker-ready";

thread_local! {
    /// Recent exact reports, for the page's life: a scenario seen before
    /// (a knob moved back, Back/Forward, returning to Compare) is shown at
    /// once (see [`ReportCache`]).
    static REPORTS: RefCell<ReportCache> = RefCell::new(ReportCache::default());

    /// The last generation handed out. One counter for the page's life, not
    /// per view: the workers outlive the Compare view and drop any job older
    /// than the newest generation they have seen.
    static GENERATION: Cell<u64> = const { Cell::new(0) };
}

/// A new generation number, greater than every earlier one (comparisons
/// and sweeps share the one sequence: the workers compare them).
pub fn next_generation() -> u64 {
    GENERATION.with(|g| {
        g.set(g.get() + 1);
        g.get()
    })
}

/// Runs one main-thread slice of the shared policy
/// ([`cachescope_worker::slicing`]): `advance` until done or
/// [`PAGE_SLICE_MS`] have passed. Returns whether the work is done and the
/// milliseconds the slice took.
pub fn slice(advance: impl FnMut(u64) -> bool) -> (bool, f64) {
    slicing::slice(now_ms, PAGE_SLICE_MS, advance)
}

/// Resolves in a new task of the browser's event loop, so input, rendering
/// and timers run before the caller goes on; every microtask queued before
/// (Leptos effects and the DOM updates they make) has run by then. A
/// `MessageChannel` message, not `setTimeout(0)`, which the browser clamps to
/// 4 ms once timers nest.
pub async fn yield_to_browser() {
    #[cfg(target_arch = "wasm32")]
    {
        use wasm_bindgen::JsValue;
        let Ok(channel) = web_sys::MessageChannel::new() else {
            // No MessageChannel (never in a browser we support): a timer.
            gloo_timers::future::TimeoutFuture::new(0).await;
            return;
        };
        let promise = web_sys::js_sys::Promise::new(&mut |resolve, _reject| {
            channel.port1().set_onmessage(Some(&resolve));
            // A port closed by a dropped channel cannot fail to post here:
            // both ends live until the promise settles.
            let _ = channel.port2().post_message(&JsValue::UNDEFINED);
        });
        let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
        channel.port1().set_onmessage(None);
    }
}

/// `performance.mark(name)`; a page without the Performance API (none we
/// support) simply has no marks.
pub fn mark(name: &str) {
    #[cfg(target_arch = "wasm32")]
    if let Some(p) = web_sys::window().and_then(|w| w.performance()) {
        let _ = p.mark(name);
    }
    #[cfg(not(target_arch = "wasm32"))]
    let _ = name;
}

/// Starts the effect that keeps `ctx.report` in step with `ctx.scenario`.
///
/// The worker pool starts with the first run that needs it: a first
/// comparison too big for the main thread ([`HERE_WHILE_STARTING`]), or
/// else right after the first report is on screen, so that the workers'
/// download and compilation never compete with the page's first run for
/// the network and the cores (the sweep that follows wants them anyway).
pub fn start(ctx: CompareCtx) {
    // Leaving Compare stops the workers' lanes (the pool itself stays).
    on_cleanup(|| {
        #[cfg(target_arch = "wasm32")]
        pool::cancel(next_generation(), None);
    });
    let generation = StoredValue::new(0u64);
    Effect::new(move |_| {
        let scenario = ctx.scenario.get();
        let gen = next_generation();
        generation.set_value(gen);
        if let Err(e) = scenario.validate() {
            #[cfg(target_arch = "wasm32")]
            pool::cancel(gen, None);
            ctx.partial.set(None);
            ctx.status.set(RunStatus::Invalid(e.to_string()));
            return;
        }
        let requests = scenario.requests;
        if let Some(report) = REPORTS.with_borrow_mut(|c| c.get(&scenario)) {
            // Seen before: its exact report, without simulating. Any run
            // still going on is stale now.
            #[cfg(target_arch = "wasm32")]
            pool::cancel(gen, None);
            ctx.report.set(Some(report));
            ctx.partial.set(None);
            ctx.status.set(RunStatus::Cached { requests });
            spawn_local(async move {
                yield_to_browser().await;
                if generation.try_get_value() == Some(gen) {
                    mark(MARK_REPORT_DRAWN);
                }
            });
            return;
        }
        ctx.status.set(RunStatus::Running {
            progress: 0.0,
            sim_ms: 0.0,
            requests,
        });
        spawn_local(async move {
            // `try_*`: leaving the view disposes this state; then the run
            // stops at its next slice like a cancelled one.
            let current = move || generation.try_get_value() == Some(gen);
            // First feedback: one slice of all six lanes together (see
            // [`ProgressiveCompare`]), drawn as a partial result. Every knob
            // event of a drag gets it. It is drawn in a task of its own,
            // which runs once this one waits: after the workers have their
            // jobs (drawing takes longer than the slice, and the workers
            // need not wait for it), or at the first yield of the run here.
            let t0 = now_ms();
            let mut progressive = ProgressiveCompare::new(&scenario);
            let (done, _) = slice(|n| progressive.advance(n));
            // Set-up (the six lanes, the key picker) and the slice.
            let first_ms = now_ms() - t0;
            if !done {
                let first = partial_view(&progressive);
                spawn_local(async move {
                    if !current() {
                        return;
                    }
                    ctx.partial.try_set(Some(first));
                    // The lane cards and charts redraw in effects; the mark
                    // comes once they (and their DOM updates) ran.
                    yield_to_browser().await;
                    if current() {
                        mark(MARK_PARTIAL_DRAWN);
                    }
                });
            }
            let pooled = if done {
                Pooled::Unavailable
            } else if starting_up(&scenario) {
                // An older run still waiting for the workers is stale now.
                #[cfg(target_arch = "wasm32")]
                pool::cancel(gen, None);
                Pooled::Unavailable
            } else {
                on_workers(gen, &scenario, ctx).await
            };
            let (report, sim_ms) = match pooled {
                Pooled::Done(report, sim_ms) => (*report, sim_ms),
                Pooled::Superseded => return,
                Pooled::Unavailable => {
                    match on_main_thread(progressive, first_ms, ctx, &current).await {
                        Some(done) => done,
                        None => return,
                    }
                }
            };
            // Redrawing every panel is the biggest piece of work after a
            // run: give it a task of its own rather than the end of the
            // last slice's (and a newer scenario one more chance to win).
            yield_to_browser().await;
            if !current() {
                return;
            }
            let report = Arc::new(report);
            REPORTS.with_borrow_mut(|c| c.put(report.clone()));
            ctx.report.try_set(Some(report));
            ctx.partial.try_set(None);
            ctx.status.try_set(RunStatus::Done { sim_ms, requests });
            // The panels redraw in effects queued by the two sets above; a
            // new task starts only once they (and their DOM updates) ran.
            yield_to_browser().await;
            if current() {
                mark(MARK_REPORT_DRAWN);
            }
            #[cfg(target_arch = "wasm32")]
            pool::warm();
        });
    });
}

/// Largest comparison (lanes × requests per lane) run here rather than on
/// the workers while none has started yet: about 50 ms of work in the
/// release build, where the first worker is ready ~500 ms after navigation
/// (measured by `./x bench`). The default presets (6 × 20 000) are below
/// it, so Compare's first numbers do not wait for the workers' start-up.
pub const HERE_WHILE_STARTING: u64 = 150_000;

/// True when `scenario` is small enough to run here while the worker pool
/// is still starting (see [`HERE_WHILE_STARTING`]).
fn starting_up(scenario: &Scenario) -> bool {
    #[cfg(target_arch = "wasm32")]
    {
        let work = cachescope_sim::COMPARE_LANES.saturating_mul(scenario.requests);
        work <= HERE_WHILE_STARTING && !pool::is_ready()
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        let _ = scenario;
        false
    }
}

/// How a run on the worker pool ended.
// Natively only `Unavailable` is made: there are no workers there.
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
enum Pooled {
    /// The comparison and the summed simulation time of its lanes, ms.
    Done(Box<CompareReport>, f64),
    /// A newer scenario (or leaving the view) replaced it.
    Superseded,
    /// No workers here: run on the main thread.
    Unavailable,
}

/// Runs the comparison of `scenario` on the worker pool, showing progress
/// in the status line at most every [`slicing::PROGRESS_EVERY_MS`].
#[cfg(target_arch = "wasm32")]
async fn on_workers(gen: u64, scenario: &Scenario, ctx: CompareCtx) -> Pooled {
    let requests = scenario.requests;
    let total = (cachescope_sim::COMPARE_LANES * requests).max(1) as f64;
    let on_progress = pool::throttled(move |p: pool::Progress| {
        ctx.status.try_set(RunStatus::Running {
            progress: (p.requests_done as f64 / total).min(0.999),
            sim_ms: p.sim_ms,
            requests,
        });
    });
    let jobs = (0..cachescope_sim::COMPARE_LANES)
        .map(|lane| (scenario.clone(), lane))
        .collect();
    match pool::run(gen, pool::Kind::Compare, jobs, on_progress).await {
        pool::Outcome::Done { lanes, sim_ms } => {
            let t = now_ms();
            match CompareReport::from_lanes(scenario, lanes) {
                Ok(report) => Pooled::Done(Box::new(report), sim_ms + (now_ms() - t)),
                // Only a worker of another build could send wrong lanes;
                // the main thread still gives the right answer.
                Err(_) => Pooled::Unavailable,
            }
        }
        pool::Outcome::Superseded => Pooled::Superseded,
        pool::Outcome::Unavailable => Pooled::Unavailable,
    }
}

/// Natively there are no workers (the app's logic is tested there).
#[cfg(not(target_arch = "wasm32"))]
async fn on_workers(_gen: u64, _scenario: &Scenario, _ctx: CompareCtx) -> Pooled {
    Pooled::Unavailable
}

/// What `run` has done so far, as the page shows it.
fn partial_view(run: &ProgressiveCompare) -> PartialView {
    let p = run.partial();
    PartialView {
        report: Arc::new(p.report),
        done: p.requests_done,
        total: p.requests_total,
    }
}

/// Least time between two partial results, as a multiple of what building
/// the last one took: a partial copies and selects every latency sample so
/// far, so at large sizes it is refreshed less often than the progress bar
/// (at most a tenth of the run goes into partials).
const PARTIAL_COST_FACTOR: f64 = 10.0;

/// Runs the rest of the comparison here, in slices (see the module docs),
/// refreshing the partial result as it goes. `sim_ms` is what `run` has
/// cost so far. `None` when a newer scenario replaced it.
async fn on_main_thread(
    mut run: ProgressiveCompare,
    mut sim_ms: f64,
    ctx: CompareCtx,
    current: &impl Fn() -> bool,
) -> Option<(CompareReport, f64)> {
    let requests = ctx.scenario.with_untracked(|s| s.requests);
    let mut progress = Throttle::new(now_ms());
    let mut partial_due = now_ms() + PROGRESS_EVERY_MS;
    loop {
        let (done, ms) = slice(|n| run.advance(n));
        sim_ms += ms;
        if done {
            break;
        }
        let now = now_ms();
        if progress.due(now) {
            ctx.status.try_set(RunStatus::Running {
                progress: run.progress(),
                sim_ms,
                requests,
            });
        }
        if now >= partial_due {
            ctx.partial.try_set(Some(partial_view(&run)));
            let cost = now_ms() - now;
            partial_due = now_ms() + (cost * PARTIAL_COST_FACTOR).max(PROGRESS_EVERY_MS);
        }
        yield_to_browser().await;
        if !current() {
            return None;
        }
    }
    let t1 = now_ms();
    let report = run.finish();
    sim_ms += now_ms() - t1;
    Some((report, sim_ms))
}
