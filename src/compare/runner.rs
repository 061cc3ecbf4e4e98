//! Re-simulation that never blocks the page. When the scenario changes, a
//! [`CompareRun`] starts at once and runs in time slices: it looks at the
//! clock every [`EVENTS_PER_CHECK`] events and, once a slice has used
//! [`SLICE_MS`], yields to the browser (input, rendering, timers) before the
//! next one. A newer scenario cancels the running one at its next slice
//! boundary, so there is no debounce: the newest knob's result comes as soon
//! as it can be computed. The previous report stays on screen (dimmed by
//! `style/compare.css`) until the new one replaces it, and the status line
//! shows the progress.
//!
//! Measurement contract (the benchmark relies on these names):
//! `performance.mark("cachescope:report-drawn")` each time a new report is
//! on screen, `performance.mark("cachescope:sweep-done")` when a sweep has
//! finished and is drawn, and the status element's `data-*` attributes (see
//! `chart_panel.rs`).

use std::sync::Arc;

use cachescope_sim::CompareRun;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::{now_ms, CompareCtx, RunStatus};

/// Events simulated between two looks at the clock: about 0.2–0.5 ms of
/// work in the release build, so a slice ends close to [`SLICE_MS`].
pub const EVENTS_PER_CHECK: u64 = 2_048;

/// Compute time of one slice before yielding to the browser, ms. With the
/// bookkeeping around it a task stays well under one 16 ms frame.
pub const SLICE_MS: f64 = 8.0;

/// Least time between two progress updates of the status line, ms. Every
/// update is a DOM change, and a DOM change makes the browser render a frame
/// between two slices; a few updates a second are enough for a progress bar
/// and leave the other frames' time to the simulation.
pub const PROGRESS_EVERY_MS: f64 = 100.0;

/// The mark set when a new report is on screen.
pub const MARK_REPORT_DRAWN: &str = "cachescope:report-drawn";

/// The mark set when a sweep has finished and is on screen.
pub const MARK_SWEEP_DONE: &str = "cachescope:sweep-done";

/// Runs one slice: calls `advance` with [`EVENTS_PER_CHECK`] events until it
/// returns true (done) or [`SLICE_MS`] have passed. Returns whether the work
/// is done and the milliseconds the slice took.
pub fn slice(mut advance: impl FnMut(u64) -> bool) -> (bool, f64) {
    let t0 = now_ms();
    loop {
        if advance(EVENTS_PER_CHECK) {
            return (true, now_ms() - t0);
        }
        let used = now_ms() - t0;
        if used >= SLICE_MS {
            return (false, used);
        }
    }
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
pub fn start(ctx: CompareCtx) {
    let generation = StoredValue::new(0u64);
    Effect::new(move |_| {
        let scenario = ctx.scenario.get();
        let gen = generation.get_value() + 1;
        generation.set_value(gen);
        if let Err(e) = scenario.validate() {
            ctx.status.set(RunStatus::Invalid(e.to_string()));
            return;
        }
        let requests = scenario.requests;
        ctx.status.set(RunStatus::Running {
            progress: 0.0,
            sim_ms: 0.0,
            requests,
        });
        spawn_local(async move {
            // `try_*`: leaving the view disposes this state; then the run
            // stops at its next slice like a cancelled one.
            let current = move || generation.try_get_value() == Some(gen);
            let t0 = now_ms();
            let mut run = CompareRun::new(&scenario);
            let mut sim_ms = now_ms() - t0;
            let mut shown_at = t0;
            loop {
                let (done, ms) = slice(|n| run.advance(n));
                sim_ms += ms;
                if done {
                    break;
                }
                if now_ms() - shown_at >= PROGRESS_EVERY_MS {
                    shown_at = now_ms();
                    ctx.status.try_set(RunStatus::Running {
                        progress: run.progress(),
                        sim_ms,
                        requests,
                    });
                }
                yield_to_browser().await;
                if !current() {
                    return;
                }
            }
            let t1 = now_ms();
            let report = Arc::new(run.finish());
            sim_ms += now_ms() - t1;
            // Redrawing every panel is the biggest piece of work after a
            // run: give it a task of its own rather than the end of the
            // last slice's (and a newer scenario one more chance to win).
            yield_to_browser().await;
            if !current() {
                return;
            }
            ctx.report.try_set(Some(report));
            ctx.status.try_set(RunStatus::Done { sim_ms, requests });
            // The panels redraw in effects queued by the two sets above; a
            // new task starts only once they (and their DOM updates) ran.
            yield_to_browser().await;
            if current() {
                mark(MARK_REPORT_DRAWN);
            }
        });
    });
}
