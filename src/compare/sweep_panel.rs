//! Sweeps: hit ratio and read p99 of all five strategies against cache size,
//! Zipf skew, write ratio or eviction policy. A sweep is up to 40 runs (30
//! for the six policies), each one a comparison lane
//! of a scenario ([`Sweep::piece_lane`]), so it goes through the same pool
//! of Web Workers as Compare's lanes (`runner::pool`), in parallel and off
//! the main thread. Where the pool is unavailable, or busy with a
//! comparison (the user pressed "Run again" mid-run), it runs here as a
//! [`cachescope_sim::SweepRun`] in the same time slices as the Compare
//! runner, yielding to the browser between slices. Either way the result is
//! the same, the page stays responsive, a progress bar moves, Cancel stops
//! it, and a knob change cancels it; it starts over on the new scenario once
//! the comparison of that scenario is on screen.

use cachescope_charts::sweep;
use cachescope_sim::{Sweep, SweepAxis, SweepResult};
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::runner::{mark, slice, yield_to_browser, MARK_SWEEP_DONE};
use super::tooltip::OneChartGrid;
use super::{now_ms, CompareCtx};
use cachescope_worker::slicing::Throttle;

/// Where the sweep stands.
#[derive(Clone, Debug, PartialEq)]
enum State {
    /// Waiting for the comparison of the current knobs.
    Waiting,
    Running {
        /// Runs finished.
        done: u64,
        /// Runs in all.
        total: u64,
        /// Share done, 0 to 1, including the current run's progress.
        progress: f64,
    },
    Cancelled,
    /// The chart of the current knobs is drawn (it is in `shown`).
    Done,
    Failed(String),
}

/// The sweep panel.
#[component]
pub fn SweepPanel(
    /// The view's state.
    ctx: CompareCtx,
) -> impl IntoView {
    let axis = RwSignal::new(SweepAxis::CacheSize);
    let state = RwSignal::new(State::Waiting);
    // The last chart drawn. It stays on screen, dimmed while the state is
    // not `Done`, until the next one is ready: removing it for every run
    // moved everything below it by the chart's height (about 350 px), twice
    // per knob move.
    let shown = RwSignal::new(None::<String>);
    let generation = StoredValue::new(0u64);
    let run = move || {
        let gen = generation.get_value() + 1;
        generation.set_value(gen);
        let scenario = ctx.scenario.get_untracked();
        if scenario.validate().is_err() {
            state.set(State::Cancelled);
            return;
        }
        let sw = Sweep::new(&scenario, axis.get_untracked());
        let width = ctx.chart_width.get_untracked();
        let total = sw.pieces();
        state.set(State::Running {
            done: 0,
            total,
            progress: 0.0,
        });
        spawn_local(async move {
            // `try_*`: leaving the view disposes this state; stop then.
            let current = move || generation.try_get_value() == Some(gen);
            let result = match on_workers(&sw, state).await {
                Pooled::Done(result) => result,
                Pooled::Superseded => return,
                Pooled::Unavailable => match on_main_thread(&sw, state, &current).await {
                    Some(result) => result,
                    None => return,
                },
            };
            if !current() {
                return;
            }
            state.try_set(match sweep(&result, width) {
                Ok(svg) => {
                    shown.try_set(Some(svg));
                    State::Done
                }
                Err(e) => {
                    shown.try_set(None);
                    State::Failed(e.to_string())
                }
            });
            yield_to_browser().await;
            if current() {
                mark(MARK_SWEEP_DONE);
            }
        });
    };
    // A knob change cancels a running sweep at its next slice: the lanes'
    // re-simulation comes first.
    Effect::new(move |_| {
        ctx.scenario.track();
        generation.update_value(|g| *g += 1);
        state.set(State::Waiting);
    });
    // A new report (or axis, or width) starts a new sweep of the current
    // scenario, cancelling a running one.
    Effect::new(move |_| {
        if ctx.report.with(Option::is_none) {
            return;
        }
        axis.track();
        ctx.chart_width.track();
        run();
    });
    let cancel = move |_| {
        generation.update_value(|g| *g += 1);
        #[cfg(target_arch = "wasm32")]
        super::runner::pool::cancel(
            super::runner::next_generation(),
            Some(super::runner::pool::Kind::Sweep),
        );
        state.set(State::Cancelled);
    };
    view! {
        <section class="panel sweep" aria-labelledby="sweep-title">
            <h2 id="sweep-title" class="panel__title">"Sweeps"</h2>
            <div class="sweep__controls">
                <label class="inline-field">
                    "Vary "
                    <select
                        data-testid="sweep-axis"
                        on:change=move |ev| {
                            let v = event_target_value(&ev);
                            if let Some(a) = SweepAxis::ALL.into_iter().find(|a| a.as_str() == v) {
                                axis.set(a);
                            }
                        }
                    >
                        {SweepAxis::ALL
                            .into_iter()
                            .map(|a| view! { <option value=a.as_str()>{a.label()}</option> })
                            .collect_view()}
                    </select>
                </label>
                <button
                    type="button"
                    class="button"
                    data-testid="sweep-run"
                    prop:disabled=move || matches!(state.get(), State::Running { .. })
                    on:click=move |_| run()
                >
                    "Run again"
                </button>
                <button
                    type="button"
                    class="button"
                    data-testid="sweep-cancel"
                    prop:disabled=move || !matches!(state.get(), State::Running { .. })
                    on:click=cancel
                >
                    "Cancel"
                </button>
            </div>
            <div class="sweep__status">
            {move || match state.get() {
                State::Running { done, total, progress } => view! {
                    <div class="sweep__progress">
                        <progress
                            data-testid="sweep-progress"
                            max="1000"
                            value=(progress * 1000.0).floor()
                            aria-label="Sweep progress"
                        ></progress>
                        <span>{format!("{done} of {total} runs")}</span>
                    </div>
                }
                .into_any(),
                State::Waiting => view! {
                    <p class="panel__hint">"Waiting for the comparison above…"</p>
                }
                .into_any(),
                State::Cancelled => view! { <p class="panel__hint">"Sweep cancelled."</p> }.into_any(),
                State::Failed(e) => view! { <p class="notice">{e}</p> }.into_any(),
                State::Done => ().into_any(),
            }}
            </div>
            <OneChartGrid>
                <figure
                    class="chart-box sweep__chart"
                    class:sweep__chart--stale=move || !matches!(state.get(), State::Done)
                    data-testid="chart-sweep"
                >
                    {move || shown.get().map(|svg| view! { <div class="chart-svg" inner_html=svg></div> })}
                </figure>
            </OneChartGrid>
        </section>
    }
}

/// How a sweep on the worker pool ended.
// Natively only `Unavailable` is made: there are no workers there.
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
enum Pooled {
    Done(SweepResult),
    /// A newer sweep or comparison, or Cancel, replaced it.
    Superseded,
    /// No pool here, or a comparison is using it: run on the main thread.
    Unavailable,
}

/// Runs the sweep's pieces on the worker pool, as comparison lanes.
#[cfg(target_arch = "wasm32")]
async fn on_workers(sw: &Sweep, state: RwSignal<State>) -> Pooled {
    use super::runner::{next_generation, pool};

    let total = sw.pieces();
    let jobs: Vec<_> = (0..total).map(|i| sw.piece_lane(i)).collect();
    let requests: u64 = jobs.iter().map(|(s, _)| s.requests).sum::<u64>().max(1);
    let on_progress = pool::throttled(move |p: pool::Progress| {
        state.try_set(State::Running {
            done: p.jobs_done,
            total,
            progress: (p.requests_done as f64 / requests as f64).min(0.999),
        });
    });
    match pool::run(next_generation(), pool::Kind::Sweep, jobs, on_progress).await {
        pool::Outcome::Done { lanes, .. } => {
            let pieces: Option<Vec<_>> = lanes
                .iter()
                .enumerate()
                .map(|(i, lane)| sw.piece_from_lane(i as u64, lane))
                .collect();
            // Only a worker of another build could send other lanes; the
            // main thread still gives the right answer.
            pieces.map_or(Pooled::Unavailable, |p| Pooled::Done(sw.assemble(&p)))
        }
        pool::Outcome::Superseded => Pooled::Superseded,
        pool::Outcome::Unavailable => Pooled::Unavailable,
    }
}

/// Natively there are no workers.
#[cfg(not(target_arch = "wasm32"))]
async fn on_workers(_sw: &Sweep, _state: RwSignal<State>) -> Pooled {
    Pooled::Unavailable
}

/// Runs the sweep here, in slices, yielding to the browser between them.
/// `None` when a newer sweep, a knob change or Cancel replaced it.
async fn on_main_thread(
    sw: &Sweep,
    state: RwSignal<State>,
    current: &impl Fn() -> bool,
) -> Option<SweepResult> {
    let total = sw.pieces();
    let mut run = sw.start();
    let mut progress = Throttle::new(now_ms());
    loop {
        // Yield first: lets the browser paint the progress and handle
        // input, and lets a newer run or Cancel take over.
        yield_to_browser().await;
        if !current() {
            return None;
        }
        let (finished, _) = slice(|n| run.advance(n));
        if finished {
            break;
        }
        if progress.due(now_ms()) {
            state.try_set(State::Running {
                done: run.pieces_done(),
                total,
                progress: run.progress(),
            });
        }
    }
    Some(run.finish())
}
