//! "Your trace": a reader picks an access log (CSV or libCacheSim's
//! oracleGeneral), and the page replays it through the five strategies and
//! the baseline under the knobs above, and through the six eviction
//! policies at ten cache sizes (its miss-ratio curve). The file is read in
//! the page and never sent anywhere; the work runs in main-thread slices
//! ([`super::trace_job`]) with a progress bar, like the sweeps' fallback.
//!
//! A link cannot carry the file, so while a trace is shown the address
//! says `trace=local`, and a page opened from such a link says that its
//! numbers are of the drawn workload.

use std::sync::Arc;

use cachescope_sim::{CompareReport, Metric, TraceFormat};
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::format::{raw, show};
use super::runner::{slice, yield_to_browser};
use super::tooltip::OneChartGrid;
use super::trace_job::{check_trace_file, Stage, TraceJob, TraceResult, MAX_TRACE_BYTES};
use super::{now_ms, CompareCtx};
use crate::app::write_address;
use crate::url;
use cachescope_worker::slicing::Throttle;

/// The lane table's columns, what a trace replay tells apart, with short
/// headers (seven columns must fit a laptop; the full name is the header's
/// tooltip).
const TRACE_METRICS: [(Metric, &str); 7] = [
    (Metric::HitRatio, "Hit ratio"),
    (Metric::ReadP99, "Read p99"),
    (Metric::WriteP99, "Write p99"),
    (Metric::DbReads, "DB reads"),
    (Metric::StaleReads, "Stale reads"),
    (Metric::LostWrites, "Lost writes"),
    (Metric::Pollution, "Pollution"),
];

/// Where the panel stands.
#[derive(Clone, Debug, PartialEq)]
enum State {
    /// No trace yet (or it was removed).
    Empty,
    /// A job runs: reading a new file, or replaying the trace after a knob
    /// change (then the last result stays on screen, dimmed).
    Running {
        /// The file being read or replayed.
        name: String,
        stage: Stage,
        progress: f64,
    },
    /// The last file could not be used; the message says why.
    Failed(String),
    /// The result of the current knobs is shown.
    Ready,
}

/// The panel.
#[component]
pub fn TracePanel(
    /// The view's state.
    ctx: CompareCtx,
) -> impl IntoView {
    let state = RwSignal::new(State::Empty);
    let shown = RwSignal::new(None::<(String, TraceResult)>);
    let generation = StoredValue::new(0u64);
    // Opened from a link made while a trace was shown: say what it cannot
    // carry, once, and take the mark out of this page's own address.
    let from_link = url::names_local_trace(&url::current_search());
    if from_link {
        write_address(
            &url::trace_mark_search(&url::current_search(), false),
            url::Write::Replace,
        );
    }

    // Puts a result on screen, and the mark that a trace is shown in the
    // address.
    let show = move |name: String, result: TraceResult| {
        shown.try_set(Some((name, result)));
        write_address(
            &url::trace_mark_search(&url::current_search(), true),
            url::Write::Replace,
        );
    };

    // Runs `job` to its end in slices; `name` is the file's. A newer job
    // (another file, a knob change, Remove) stops it at its next slice.
    let start = move |name: String, mut job: TraceJob| {
        let gen = generation.get_value() + 1;
        generation.set_value(gen);
        state.set(State::Running {
            name: name.clone(),
            stage: job.progress().0,
            progress: 0.0,
        });
        spawn_local(async move {
            let current = move || generation.try_get_value() == Some(gen);
            let mut throttle = Throttle::new(now_ms());
            let mut lanes_shown = false;
            loop {
                yield_to_browser().await;
                if !current() {
                    return;
                }
                let mut failure = None;
                let (finished, _) = slice(|n| match job.advance(n) {
                    Ok(done) => done,
                    Err(e) => {
                        failure = Some(e);
                        true
                    }
                });
                if let Some(e) = failure {
                    state.try_set(State::Failed(format!("“{name}” was not replayed: {e}.")));
                    return;
                }
                if finished {
                    break;
                }
                // The lanes are ready before the curve: show them now.
                if let (false, Some(result)) = (lanes_shown, job.lanes_done()) {
                    lanes_shown = true;
                    show(name.clone(), result.clone());
                    state.try_set(State::Running {
                        name: name.clone(),
                        stage: Stage::Curve,
                        progress: 0.0,
                    });
                }
                if throttle.due(now_ms()) {
                    let (stage, progress) = job.progress();
                    state.try_set(State::Running {
                        name: name.clone(),
                        stage,
                        progress,
                    });
                }
            }
            if let Some(result) = job.finish() {
                show(name, result);
                state.try_set(State::Ready);
            }
        });
    };

    // A knob change replays the trace under the new scenario (the curve
    // does not depend on the knobs and is kept).
    Effect::new(move |prev: Option<()>| {
        let scenario = ctx.scenario.get();
        if prev.is_none() || scenario.validate().is_err() {
            return;
        }
        if let Some((name, done)) = shown.get_untracked() {
            start(name, TraceJob::replay(&done, scenario));
        }
    });

    let open_file = move |name: String, bytes: Vec<u8>| {
        let scenario = ctx.scenario.get_untracked();
        if let Err(e) = scenario.validate() {
            state.set(State::Failed(format!(
                "The knobs make an invalid scenario ({e}); fix them, then choose the file again."
            )));
            return;
        }
        start(name.clone(), TraceJob::new(&name, bytes, scenario));
    };
    let remove = move |_| {
        generation.update_value(|g| *g += 1);
        shown.set(None);
        state.set(State::Empty);
        write_address(
            &url::trace_mark_search(&url::current_search(), false),
            url::Write::Replace,
        );
    };

    let input = NodeRef::<leptos::html::Input>::new();
    let on_pick = file_picker(input, state, open_file);
    let open_picker = move |_| {
        if let Some(el) = input.get() {
            el.click();
        }
    };
    let busy = move || matches!(state.get(), State::Running { .. });
    // The figures on screen are not yet those of this file or these knobs
    // (while only the curve is computed, the lanes are).
    let stale = move || {
        matches!(
            state.get(),
            State::Running {
                stage: Stage::Reading | Stage::Lanes,
                ..
            }
        )
    };

    view! {
        <section class="panel trace" aria-labelledby="trace-title" data-testid="trace-panel">
            <h2 id="trace-title" class="panel__title">"Your trace"</h2>
            <p class="trace__lede">
                "Replay your own access log: every strategy lane takes its requests in order, key \
                 by key, reads as reads and writes as writes, under the knobs above (they still \
                 set arrival times, the cache, the database and the events). The six eviction \
                 policies replay it too, at ten cache sizes. CSV lines "
                <code>"timestamp,key,op"</code> " (or just " <code>"key"</code>
                "), or libCacheSim's oracleGeneral binary; up to "
                {MAX_TRACE_BYTES / 1_000_000} " MB and 2 000 000 requests. The file is read \
                 here and never leaves this page."
            </p>
            {from_link.then(|| view! {
                <p class="notice" role="status" data-testid="trace-link-notice">
                    <strong>"This link was made while a local trace was shown."</strong>
                    " A link cannot carry the file, so the lanes above show the preset's drawn \
                     workload. Choose the trace file below to see its numbers."
                </p>
            })}
            <div class="trace__actions">
                <button
                    type="button"
                    class="tool-button tool-button--primary"
                    data-testid="trace-choose"
                    on:click=open_picker
                    disabled=busy
                >
                    "Choose a trace file…"
                </button>
                <Show when=move || shown.with(Option::is_some)>
                    <button type="button" class="tool-button" data-testid="trace-remove" on:click=remove>
                        "Remove trace"
                    </button>
                </Show>
                <input
                    node_ref=input
                    type="file"
                    class="sr-only"
                    tabindex="-1"
                    aria-hidden="true"
                    data-testid="trace-input"
                    on:change=on_pick
                />
            </div>
            {move || match state.get() {
                State::Running { name, stage, progress } => view! {
                    <div class="trace__progress" data-testid="trace-progress">
                        <progress max="1" value=progress aria-label=stage.label()></progress>
                        <span>{format!("{name}: {} … {:.0} %", stage.label(), progress * 100.0)}</span>
                    </div>
                }
                .into_any(),
                State::Failed(e) => view! {
                    <p class="trace__error" role="alert" data-testid="trace-error">{e}</p>
                }
                .into_any(),
                State::Empty | State::Ready => ().into_any(),
            }}
            {move || {
                shown
                    .get()
                    .map(|(name, r)| {
                        view! {
                            <div
                                class="trace__result"
                                class:trace__result--stale=stale
                                aria-busy=move || stale().then_some("true")
                                data-testid="trace-result"
                            >
                                <TraceSummaryLine name=name format=r.format report=r.report.clone() />
                                <TraceLanes report=r.report.clone() />
                                <TraceCurve ctx=ctx curve=r.curve.clone() />
                                <p class="trace__hint" data-testid="trace-link-note">
                                    "Links, embeds and exports do not carry the trace: the address says "
                                    <code>"trace=local"</code>
                                    " so that whoever opens it knows these numbers need the file. \
                                     The same numbers come from "
                                    <code>"cachescope compare --trace FILE"</code> " and "
                                    <code>"cachescope replay --trace FILE --policy all --capacity curve"</code>
                                    " with the knobs' scenario."
                                </p>
                            </div>
                        }
                    })
            }}
        </section>
    }
}

/// "trace.csv (CSV): 4 000 requests over 530 keys; 3 396 reads, 604 writes."
#[component]
fn TraceSummaryLine(
    name: String,
    format: TraceFormat,
    report: Arc<CompareReport>,
) -> impl IntoView {
    let t = report.trace.unwrap_or_default();
    let n = cachescope_charts::thousands;
    let format = match format {
        TraceFormat::Csv => "CSV",
        TraceFormat::OracleGeneral => "oracleGeneral",
    };
    let deletes = if t.deletes > 0 {
        format!(" ({} deletes, replayed as writes)", n(t.deletes))
    } else {
        String::new()
    };
    view! {
        <p class="trace__summary" data-testid="trace-summary">
            <strong>{name}</strong>
            {format!(
                " ({format}): {} requests over {} keys; {} reads, {} writes{deletes}.",
                n(t.requests),
                n(t.distinct_keys),
                n(t.reads),
                n(t.writes)
            )}
        </p>
    }
}

/// The six lanes on the trace, one row each.
#[component]
fn TraceLanes(report: Arc<CompareReport>) -> impl IntoView {
    let lanes: Vec<_> = std::iter::once(report.baseline.clone())
        .chain(report.lanes.iter().cloned())
        .collect();
    view! {
        <div class="table-scroll" tabindex="0" role="region" aria-label="The strategies on your trace">
            <table class="trace__lanes" data-testid="trace-lanes">
                <caption class="sr-only">"The strategies on your trace"</caption>
                <thead>
                    <tr>
                        <th scope="col">"Lane"</th>
                        {TRACE_METRICS
                            .map(|(m, short)| view! { <th scope="col" title=m.label()>{short}</th> })
                            .collect_view()}
                    </tr>
                </thead>
                <tbody>
                    {lanes
                        .into_iter()
                        .map(|l| {
                            let id = l.strategy.map_or("no-cache", |s| s.as_str());
                            view! {
                                <tr data-lane=id>
                                    <th scope="row">{l.label.clone()}</th>
                                    {TRACE_METRICS
                                        .map(|(m, _)| view! {
                                            <td data-metric=m.as_str() data-value=raw(m, &l)>{show(m, &l)}</td>
                                        })
                                        .collect_view()}
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
    }
}

/// The miss-ratio curve, drawn, and its numbers as a table.
#[component]
fn TraceCurve(ctx: CompareCtx, curve: Option<Arc<cachescope_sim::MissRatioCurve>>) -> AnyView {
    let Some(curve) = curve else {
        return view! {
            <p class="panel__hint" data-testid="trace-mrc-pending">
                "The miss-ratio curve comes next: every policy replays the trace at ten cache sizes."
            </p>
        }
        .into_any();
    };
    let svg = {
        let curve = curve.clone();
        move || cachescope_charts::mrc(&curve, ctx.chart_width.get())
    };
    let sizes: Vec<u32> = curve
        .policies
        .first()
        .map(|p| p.points.iter().map(|pt| pt.capacity).collect())
        .unwrap_or_default();
    view! {
        <OneChartGrid>
            <figure class="chart-box" data-testid="trace-mrc-chart">
                {move || match svg() {
                    Ok(svg) => view! { <div class="chart-svg" inner_html=svg></div> }.into_any(),
                    Err(e) => view! { <p class="trace__error" role="alert">{e.to_string()}</p> }.into_any(),
                }}
            </figure>
        </OneChartGrid>
        <details class="trace__curve-table">
            <summary>"The curve's numbers (miss ratio by policy and cache size)"</summary>
            <div class="table-scroll" tabindex="0" role="region" aria-label="Miss ratio by policy and cache size">
                <table data-testid="trace-mrc-table">
                    <thead>
                        <tr>
                            <th scope="col">"Policy"</th>
                            {sizes.iter().map(|c| view! { <th scope="col">{cachescope_charts::thousands(u64::from(*c))}</th> }).collect_view()}
                        </tr>
                    </thead>
                    <tbody>
                        {curve
                            .policies
                            .iter()
                            .map(|pc| view! {
                                <tr data-policy=pc.policy.as_str()>
                                    <th scope="row">{pc.policy.label()}</th>
                                    {pc.points
                                        .iter()
                                        .map(|p| view! {
                                            <td data-capacity=p.capacity data-misses=p.misses data-value=format!("{:?}", p.miss_ratio)>
                                                {format!("{:.4}", p.miss_ratio)}
                                            </td>
                                        })
                                        .collect_view()}
                                </tr>
                            })
                            .collect_view()}
                    </tbody>
                </table>
            </div>
        </details>
    }
    .into_any()
}

/// The file input's change handler: checks the picked file, reads it and
/// hands its bytes to `open`; a refusal shows in `state`.
#[cfg(target_arch = "wasm32")]
fn file_picker(
    input: NodeRef<leptos::html::Input>,
    state: RwSignal<State>,
    open: impl Fn(String, Vec<u8>) + Copy + 'static,
) -> impl Fn(leptos::ev::Event) + Copy + 'static {
    move |_| {
        let Some(el) = input.get() else { return };
        let file = el.files().and_then(|f| f.get(0));
        // Cleared so that choosing the same file again still fires.
        el.set_value("");
        let Some(file) = file else { return };
        let name = file.name();
        if let Err(e) = check_trace_file(&name, file.size() as u64) {
            state.set(State::Failed(e));
            return;
        }
        state.set(State::Running {
            name: name.clone(),
            stage: Stage::Reading,
            progress: 0.0,
        });
        spawn_local(async move {
            match wasm_bindgen_futures::JsFuture::from(file.array_buffer()).await {
                Ok(buf) => open(name, web_sys::js_sys::Uint8Array::new(&buf).to_vec()),
                Err(e) => state.set(State::Failed(format!("“{name}” could not be read: {e:?}."))),
            }
        });
    }
}

/// Natively there are no files to pick; the panel still renders.
#[cfg(not(target_arch = "wasm32"))]
fn file_picker(
    input: NodeRef<leptos::html::Input>,
    state: RwSignal<State>,
    open: impl Fn(String, Vec<u8>) + Copy + 'static,
) -> impl Fn(leptos::ev::Event) + Copy + 'static {
    let _ = (input, state, open, check_trace_file);
    |_| {}
}
