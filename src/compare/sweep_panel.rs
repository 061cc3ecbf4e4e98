//! Sweeps: hit ratio and read p99 of all five strategies against cache size,
//! Zipf skew or write ratio. A sweep is 40 runs, so it runs one piece at a
//! time with a yield to the browser between pieces: the page stays
//! responsive, a progress bar moves, Cancel stops it, and any knob change
//! cancels it and starts over on the new scenario.

use cachescope_charts::sweep;
use cachescope_sim::{Sweep, SweepAxis};
use gloo_timers::future::TimeoutFuture;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::tooltip::{Tip, Tooltip};
use super::CompareCtx;

/// Where the sweep stands.
#[derive(Clone, Debug, PartialEq)]
enum State {
    Running { done: u64, total: u64 },
    Cancelled,
    Done(String),
    Failed(String),
}

/// The sweep panel.
#[component]
pub fn SweepPanel(
    /// The view's state.
    ctx: CompareCtx,
) -> impl IntoView {
    let axis = RwSignal::new(SweepAxis::CacheSize);
    let state = RwSignal::new(State::Cancelled);
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
        state.set(State::Running { done: 0, total });
        spawn_local(async move {
            let mut pieces = Vec::with_capacity(total as usize);
            for i in 0..total {
                // Yield first: lets the browser paint the progress and handle
                // input, and lets a newer run or Cancel take over.
                // `try_*`: leaving the view disposes this state; stop then.
                TimeoutFuture::new(0).await;
                if generation.try_get_value() != Some(gen) {
                    return;
                }
                pieces.push(sw.run_piece(i));
                state.try_set(State::Running { done: i + 1, total });
            }
            let result = sw.assemble(&pieces);
            state.try_set(match sweep(&result, width) {
                Ok(svg) => State::Done(svg),
                Err(e) => State::Failed(e.to_string()),
            });
        });
    };
    // A new scenario (or axis) starts a new sweep, cancelling a running one;
    // it waits for the lanes' re-simulation to finish first.
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
        state.set(State::Cancelled);
    };
    let tip = Tip::new();
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
            {move || match state.get() {
                State::Running { done, total } => view! {
                    <div class="sweep__progress">
                        <progress data-testid="sweep-progress" max=total value=done></progress>
                        <span>{format!("{done} of {total} runs")}</span>
                    </div>
                }
                .into_any(),
                State::Cancelled => view! { <p class="panel__hint">"Sweep cancelled."</p> }.into_any(),
                State::Failed(e) => view! { <p class="notice">{e}</p> }.into_any(),
                State::Done(_) => ().into_any(),
            }}
            <div
                class="charts__grid charts__grid--one"
                on:mouseover=move |e| tip.on_over(e)
                on:mouseleave=move |_| tip.hide()
                on:focusin=move |e| tip.on_focus(e)
                on:focusout=move |_| tip.hide()
            >
                <Tooltip tip=tip />
                <figure class="chart-box" data-testid="chart-sweep">
                    {move || match state.get() {
                        State::Done(svg) => view! { <div class="chart-svg" inner_html=svg></div> }.into_any(),
                        _ => ().into_any(),
                    }}
                </figure>
            </div>
        </section>
    }
}
