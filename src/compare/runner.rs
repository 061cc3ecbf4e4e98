//! Re-simulation off the critical path: when the scenario changes, wait for
//! the knobs to settle (a slider sends many events), say "simulating…", yield
//! once so the browser paints that, then run the six lanes. A newer change
//! supersedes an older one that has not started yet.

use std::sync::Arc;

use gloo_timers::future::TimeoutFuture;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::{now_ms, CompareCtx, RunStatus};

/// How long the knobs must be still before a re-simulation starts, ms.
pub const DEBOUNCE_MS: u32 = 60;

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
        ctx.status.set(RunStatus::Simulating);
        spawn_local(async move {
            // `try_*`: the view may have been left (and its state
            // disposed) while this task waited; then there is nothing to do.
            TimeoutFuture::new(DEBOUNCE_MS).await;
            if generation.try_get_value() != Some(gen) {
                return;
            }
            let t0 = now_ms();
            let report = cachescope_sim::compare(&scenario);
            let sim_ms = now_ms() - t0;
            if generation.try_get_value() != Some(gen) {
                return;
            }
            ctx.report.try_set(Some(Arc::new(report)));
            ctx.status.try_set(RunStatus::Done {
                sim_ms,
                requests: scenario.requests,
            });
        });
    });
}
