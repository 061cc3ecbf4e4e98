//! "Your trace": a reader picks an access log (CSV or libCacheSim's
//! oracleGeneral), and the page replays it through the five strategies and
//! the baseline under the knobs above, and through the six eviction
//! policies at ten cache sizes (its miss-ratio curve). The file never
//! leaves the browser: the panel's own worker (`trace_worker.rs`) streams
//! it, a slice at a time, and runs the job off the main thread; where no
//! worker can run, the page reads the file whole and runs the same job
//! ([`cachescope_worker::trace_job`]) in main-thread slices, as the sweeps
//! do then. Either way the lanes show first and the curve follows.
//!
//! A link cannot carry the file, so while a trace is shown the address
//! says `trace=local`, and a page opened from such a link says that its
//! numbers are of the drawn workload.

use std::sync::Arc;

use cachescope_sim::{CompareReport, Metric, MissRatioCurve, TraceFormat};
use cachescope_worker::slicing::Throttle;
use cachescope_worker::trace_job::{
    Stage, TraceJob, TraceResult, MAX_STREAMED_TRACE_BYTES, MAX_TRACE_BYTES,
};
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::format::{raw, show};
use super::runner::{slice, yield_to_browser};
use super::tooltip::OneChartGrid;
use super::{now_ms, CompareCtx};
use crate::app::write_address;
use crate::url;

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

/// Who holds the trace and runs its jobs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Runner {
    /// The panel's worker, which streamed the file.
    #[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
    Worker,
    /// The page, which read the file whole.
    Page,
}

impl Runner {
    fn as_str(self) -> &'static str {
        match self {
            Runner::Worker => "worker",
            Runner::Page => "page",
        }
    }
}

/// What is on screen.
#[derive(Clone, Debug)]
struct Shown {
    /// The file's name.
    name: String,
    format: TraceFormat,
    /// The six lanes on the trace under the knobs.
    report: Arc<CompareReport>,
    /// Its miss-ratio curve, once drawn (it does not depend on the knobs).
    curve: Option<Arc<MissRatioCurve>>,
    runner: Runner,
}

/// The panel's state and what its jobs report into; every report names
/// its job's number and is dropped when a newer job started.
#[derive(Clone, Copy)]
struct Panel {
    #[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
    ctx: CompareCtx,
    state: RwSignal<State>,
    shown: RwSignal<Option<Shown>>,
    /// The number of the newest job.
    generation: StoredValue<u64>,
    /// The trace, when the page holds it (it ran the job itself), to
    /// replay on a knob change.
    page_trace: StoredValue<Option<TraceResult>>,
    /// The scenario of the newest job sent to the worker: its answer
    /// carries the lanes, which the page puts together under it.
    #[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
    worker_scenario: StoredValue<Option<cachescope_sim::Scenario>>,
}

impl Panel {
    /// Starts job number `n + 1` about `name`; older jobs' reports are
    /// dropped from now on.
    fn begin(self, name: &str, stage: Stage) -> u64 {
        let gen = self.generation.get_value() + 1;
        self.generation.set_value(gen);
        self.state.set(State::Running {
            name: name.to_owned(),
            stage,
            progress: 0.0,
        });
        gen
    }

    fn is_current(self, gen: u64) -> bool {
        self.generation.try_get_value() == Some(gen)
    }

    fn progress(self, gen: u64, name: &str, stage: Stage, progress: f64) {
        if self.is_current(gen) {
            self.state.try_set(State::Running {
                name: name.to_owned(),
                stage,
                progress,
            });
        }
    }

    /// The lanes are done; the curve follows or (for a replay) is kept.
    fn lanes(
        self,
        gen: u64,
        name: &str,
        format: TraceFormat,
        report: Arc<CompareReport>,
        curve_follows: bool,
        runner: Runner,
    ) {
        if !self.is_current(gen) {
            return;
        }
        let kept = self.shown.with_untracked(|s| {
            s.as_ref()
                .filter(|s| s.name == name)
                .and_then(|s| s.curve.clone())
        });
        self.shown.try_set(Some(Shown {
            name: name.to_owned(),
            format,
            report,
            curve: if curve_follows { None } else { kept },
            runner,
        }));
        write_address(
            &url::trace_mark_search(&url::current_search(), true),
            url::Write::Replace,
        );
        self.state.try_set(if curve_follows {
            State::Running {
                name: name.to_owned(),
                stage: Stage::Curve,
                progress: 0.0,
            }
        } else {
            State::Ready
        });
    }

    fn curve(self, gen: u64, curve: Arc<MissRatioCurve>) {
        if self.is_current(gen) {
            self.shown.update(|s| {
                if let Some(s) = s {
                    s.curve = Some(curve);
                }
            });
            self.state.try_set(State::Ready);
        }
    }

    fn failed(self, gen: u64, name: &str, error: &str) {
        if self.is_current(gen) {
            self.state.try_set(State::Failed(format!(
                "“{name}” was not replayed: {error}."
            )));
        }
    }

    /// The lanes of a job the page ran; it keeps the trace for replays.
    fn page_lanes(self, gen: u64, name: &str, result: &TraceResult, curve_follows: bool) {
        if self.is_current(gen) {
            self.page_trace.set_value(Some(result.clone()));
        }
        let report = result.report.clone();
        self.lanes(
            gen,
            name,
            result.format,
            report,
            curve_follows,
            Runner::Page,
        );
    }

    /// Runs `job` (number `gen`) on the main thread to its end, in slices;
    /// a newer job stops it at its next slice.
    fn run_on_page(self, gen: u64, name: String, mut job: TraceJob) {
        spawn_local(async move {
            let mut throttle = Throttle::new(now_ms());
            let mut lanes_shown = false;
            let draws_curve = job.draws_curve();
            loop {
                yield_to_browser().await;
                if !self.is_current(gen) {
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
                    return self.failed(gen, &name, &e);
                }
                if finished {
                    break;
                }
                if let (false, Some(result)) = (lanes_shown, job.lanes_done()) {
                    lanes_shown = true;
                    self.page_lanes(gen, &name, result, true);
                } else if throttle.due(now_ms()) {
                    let (stage, progress) = job.progress();
                    self.progress(gen, &name, stage, progress);
                }
            }
            let Some(result) = job.finish() else { return };
            if !lanes_shown {
                self.page_lanes(gen, &name, &result, draws_curve);
            }
            if self.is_current(gen) {
                self.page_trace.set_value(Some(result.clone()));
            }
            if let (true, Some(curve)) = (draws_curve, result.curve) {
                self.curve(gen, curve);
            }
        });
    }
}

/// The panel.
#[component]
pub fn TracePanel(
    /// The view's state.
    ctx: CompareCtx,
) -> impl IntoView {
    let panel = Panel {
        ctx,
        state: RwSignal::new(State::Empty),
        shown: RwSignal::new(None),
        generation: StoredValue::new(0),
        page_trace: StoredValue::new(None),
        worker_scenario: StoredValue::new(None),
    };
    let Panel { state, shown, .. } = panel;
    // Opened from a link made while a trace was shown: say what it cannot
    // carry, once, and take the mark out of this page's own address.
    let from_link = url::names_local_trace(&url::current_search());
    if from_link {
        write_address(
            &url::trace_mark_search(&url::current_search(), false),
            url::Write::Replace,
        );
    }

    // A knob change replays the trace under the new scenario, where it is
    // held (the curve does not depend on the knobs and is kept).
    Effect::new(move |prev: Option<()>| {
        let scenario = ctx.scenario.get();
        if prev.is_none() || scenario.validate().is_err() {
            return;
        }
        let Some(Shown { name, runner, .. }) = shown.get_untracked() else {
            return;
        };
        match runner {
            Runner::Page => {
                if let Some(done) = panel.page_trace.get_value() {
                    let gen = panel.begin(&name, Stage::Lanes);
                    panel.run_on_page(gen, name, TraceJob::replay(&done, scenario));
                }
            }
            Runner::Worker => replay_in_worker(panel, name, scenario),
        }
    });
    // Leaving Compare ends the trace's worker (and frees its memory): a
    // panel opened again starts empty.
    on_cleanup(stop_worker);

    let remove = move |_| {
        panel.generation.update_value(|g| *g += 1);
        shown.set(None);
        panel.page_trace.set_value(None);
        state.set(State::Empty);
        stop_worker();
        write_address(
            &url::trace_mark_search(&url::current_search(), false),
            url::Write::Replace,
        );
    };

    let input = NodeRef::<leptos::html::Input>::new();
    let on_pick = file_picker(input, panel);
    let drop_over = RwSignal::new(false);
    let (on_drag_over, on_drag_leave, on_drop) = drop_target(panel, drop_over);
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
        <section
            class="panel trace"
            class:trace--drop=drop_over
            aria-labelledby="trace-title"
            data-testid="trace-panel"
            on:dragover=on_drag_over
            on:dragleave=on_drag_leave
            on:drop=on_drop
        >
            <h2 id="trace-title" class="panel__title">"Your trace"</h2>
            <p class="trace__lede">
                "Replay your own access log: every strategy lane takes its requests in order, key \
                 by key, reads as reads and writes as writes, under the knobs above (they still \
                 set arrival times, the cache, the database and the events). The six eviction \
                 policies replay it too, at ten cache sizes. CSV lines "
                <code>"timestamp,key,op"</code> " (or just " <code>"key"</code>
                "), or libCacheSim's oracleGeneral binary; up to 2 000 000 requests and "
                {MAX_STREAMED_TRACE_BYTES / 1_000_000} " MB, streamed by a background worker ("
                {MAX_TRACE_BYTES / 1_000_000} " MB where the page cannot start one, as in a \
                 sandboxed embed). Choose it or drop it here. The file is read in your browser \
                 and never leaves it."
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
                State::Failed(e) => {
                    // The last good result stays below; say whose it is.
                    let still = shown.with_untracked(|s| {
                        s.as_ref().map(|s| format!(" The figures below are still those of “{}”.", s.name))
                    });
                    view! {
                        <p class="trace__error" role="alert" data-testid="trace-error">{e}{still}</p>
                    }
                    .into_any()
                }
                State::Empty | State::Ready => ().into_any(),
            }}
            {move || {
                shown
                    .get()
                    .map(|r| {
                        view! {
                            <div
                                class="trace__result"
                                class:trace__result--stale=stale
                                aria-busy=move || stale().then_some("true")
                                data-testid="trace-result"
                                data-runner=r.runner.as_str()
                            >
                                <TraceSummaryLine name=r.name format=r.format report=r.report.clone() />
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

/// Checks a picked or dropped file and hands it to the worker, or to the
/// page when no worker can run.
#[cfg(target_arch = "wasm32")]
fn take_file(panel: Panel, file: web_sys::File) {
    use cachescope_worker::trace_job::check_trace_file;
    let name = file.name();
    let streamed = worker::available();
    let limit = if streamed {
        MAX_STREAMED_TRACE_BYTES
    } else {
        MAX_TRACE_BYTES
    };
    if let Err(e) = check_trace_file(&name, file.size() as u64, limit) {
        panel.state.set(State::Failed(e));
        return;
    }
    let scenario = panel.ctx.scenario.get_untracked();
    if let Err(e) = scenario.validate() {
        panel.state.set(State::Failed(format!(
            "The knobs make an invalid scenario ({e}); fix them, then choose the file again."
        )));
        return;
    }
    if streamed {
        worker::open(panel, name, file, scenario);
    } else {
        worker::open_on_page(panel, name, file);
    }
}

/// The file input's change handler.
#[cfg(target_arch = "wasm32")]
fn file_picker(
    input: NodeRef<leptos::html::Input>,
    panel: Panel,
) -> impl Fn(leptos::ev::Event) + Copy + 'static {
    move |_| {
        let Some(el) = input.get() else { return };
        let file = el.files().and_then(|f| f.get(0));
        // Cleared so that choosing the same file again still fires.
        el.set_value("");
        if let Some(file) = file {
            take_file(panel, file);
        }
    }
}

/// The panel as a drop target: a file dropped on it is a trace (the
/// page-wide drop, which imports a scenario, sees the drop taken and lets
/// it be). `over` says whether files are being dragged over it.
fn drop_target(
    panel: Panel,
    over: RwSignal<bool>,
) -> (
    impl Fn(leptos::ev::DragEvent) + Copy + 'static,
    impl Fn(leptos::ev::DragEvent) + Copy + 'static,
    impl Fn(leptos::ev::DragEvent) + Copy + 'static,
) {
    use crate::components::dragged_files::{carries_files, first_file};
    use wasm_bindgen::JsCast;
    let on_over = move |e: leptos::ev::DragEvent| {
        if carries_files(&e) {
            e.prevent_default();
            over.set(true);
        }
    };
    // Leaving for one of its own children is not leaving.
    let on_leave = move |e: leptos::ev::DragEvent| {
        let node =
            |t: Option<web_sys::EventTarget>| t.and_then(|t| t.dyn_into::<web_sys::Node>().ok());
        let inside = node(e.related_target())
            .zip(node(e.current_target()))
            .is_some_and(|(to, panel)| panel.contains(Some(&to)));
        if !inside {
            over.set(false);
        }
    };
    let on_drop = move |e: leptos::ev::DragEvent| {
        over.set(false);
        if let Some(file) = first_file(&e) {
            e.prevent_default();
            #[cfg(target_arch = "wasm32")]
            take_file(panel, file);
            #[cfg(not(target_arch = "wasm32"))]
            let _ = (panel, file);
        }
    };
    (on_over, on_leave, on_drop)
}

/// Natively there are no files to pick; the panel still renders.
#[cfg(not(target_arch = "wasm32"))]
fn file_picker(
    input: NodeRef<leptos::html::Input>,
    panel: Panel,
) -> impl Fn(leptos::ev::Event) + Copy + 'static {
    let _ = (input, panel);
    |_| {}
}

#[cfg(target_arch = "wasm32")]
use worker::{replay as replay_in_worker, stop as stop_worker};

/// Natively there is no worker, and so no trace in one.
#[cfg(not(target_arch = "wasm32"))]
fn replay_in_worker(_: Panel, _: String, _: cachescope_sim::Scenario) {}
#[cfg(not(target_arch = "wasm32"))]
fn stop_worker() {}

/// The panel's side of its worker (`trace_worker.rs`), and the page's own
/// reading when there is none.
#[cfg(target_arch = "wasm32")]
mod worker {
    use std::sync::Arc;

    use cachescope_sim::{CompareReport, MissRatioCurve, Scenario};
    use cachescope_worker::trace_job::{check_trace_file, Stage, TraceJob, MAX_TRACE_BYTES};
    use cachescope_worker::FromWorker;
    use leptos::prelude::*;
    use leptos::task::spawn_local;
    use web_sys::File;

    use super::{Panel, Runner, State};
    use crate::compare::trace_worker::{self, Heard};

    pub use trace_worker::available;

    /// Sends `file` to a fresh worker; falls back to the page when none
    /// starts or it breaks (then the page reads the file itself).
    pub fn open(panel: Panel, name: String, file: File, scenario: Scenario) {
        let gen = panel.begin(&name, Stage::Reading);
        panel.worker_scenario.set_value(Some(scenario.clone()));
        let listen = {
            let (name, file) = (name.clone(), file.clone());
            move |heard: Heard| match heard {
                Heard::Message(msg) => hear(panel, &name, msg),
                Heard::Broken(why) => fall_back(panel, name.clone(), file.clone(), &why),
            }
        };
        if let Err(why) = trace_worker::open(gen, &name, scenario, &file, listen) {
            fall_back(panel, name, file, &why);
        }
    }

    /// No worker for this file after all: say why on the console, and read
    /// it on the page.
    fn fall_back(panel: Panel, name: String, file: File, why: &str) {
        web_sys::console::warn_1(&format!("cachescope: the trace runs on the page: {why}").into());
        open_on_page(panel, name, file);
    }

    fn hear(panel: Panel, name: &str, msg: FromWorker) {
        match msg {
            FromWorker::TraceProgress {
                generation,
                stage,
                progress,
            } => panel.progress(generation, name, stage, progress),
            FromWorker::TraceLanes {
                generation,
                format,
                summary,
                lanes,
                curve_follows,
                ..
            } => {
                if !panel.is_current(generation) {
                    return;
                }
                let scenario = panel.worker_scenario.get_value().unwrap_or_default();
                match CompareReport::from_traced_lanes(&scenario, summary, lanes) {
                    Ok(report) => {
                        trace_worker::commit();
                        panel.lanes(
                            generation,
                            name,
                            format,
                            Arc::new(report),
                            curve_follows,
                            Runner::Worker,
                        )
                    }
                    Err(e) => panel.failed(
                        generation,
                        name,
                        &format!("the worker's lanes were wrong ({e})"),
                    ),
                }
            }
            FromWorker::TraceCurve {
                generation,
                capacities,
                hits,
                ..
            } => {
                if !panel.is_current(generation) {
                    return;
                }
                let summary = panel
                    .shown
                    .with_untracked(|s| s.as_ref().and_then(|s| s.report.trace))
                    .unwrap_or_default();
                match MissRatioCurve::from_hits(
                    summary.requests,
                    summary.distinct_keys,
                    &capacities,
                    &hits,
                ) {
                    Some(curve) => panel.curve(generation, Arc::new(curve)),
                    None => panel.failed(
                        generation,
                        name,
                        "the worker's miss-ratio curve did not fit its trace",
                    ),
                }
            }
            FromWorker::TraceFailed { generation, error } => {
                if panel.is_current(generation) {
                    // A bad new file: the shown trace's worker answers again.
                    trace_worker::restore();
                }
                panel.failed(generation, name, &error)
            }
            // Lane messages are the pool's; the rest the trace worker handles.
            _ => {}
        }
    }

    /// A knob change: the worker replays the trace it holds.
    pub fn replay(panel: Panel, name: String, scenario: Scenario) {
        let gen = panel.begin(&name, Stage::Lanes);
        panel.worker_scenario.set_value(Some(scenario.clone()));
        if !trace_worker::replay(gen, scenario) {
            panel.failed(gen, &name, "its worker has gone; choose the file again");
        }
    }

    /// Ends the worker and the trace it holds.
    pub fn stop() {
        trace_worker::stop();
    }

    /// Reads `file` whole and runs its job on the page, under the knobs
    /// as they are now.
    pub fn open_on_page(panel: Panel, name: String, file: File) {
        if let Err(e) = check_trace_file(&name, file.size() as u64, MAX_TRACE_BYTES) {
            panel.state.set(State::Failed(e));
            return;
        }
        let gen = panel.begin(&name, Stage::Reading);
        spawn_local(async move {
            let bytes = match wasm_bindgen_futures::JsFuture::from(file.array_buffer()).await {
                Ok(buf) => web_sys::js_sys::Uint8Array::new(&buf).to_vec(),
                Err(e) => {
                    return panel.failed(gen, &name, &format!("it could not be read ({e:?})"))
                }
            };
            if !panel.is_current(gen) {
                return;
            }
            let scenario = panel.ctx.scenario.get_untracked();
            let job = TraceJob::new(&name, bytes, scenario);
            panel.run_on_page(gen, name, job);
        });
    }
}
