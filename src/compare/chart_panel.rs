//! The charts of the current report: trade-off (with a risk switch),
//! before/after, bars (with a metric picker) and the time series. Each is an
//! SVG string from `cachescope-charts`, redrawn when the report, the width or
//! an option changes; the time that takes is shown next to the simulation's.
//! Which function draws which chart with which inputs is decided once, in
//! `cachescope_charts::compare_chart`, which `cachescope chart` calls too: a
//! static SVG from the CLI is the same bytes as the live chart.

use cachescope_charts::{compare_chart, thousands, ChartError, ChartId, ChartOptions, Risk};
use cachescope_sim::{Metric, COMPARE_LANES};
use leptos::prelude::*;

use super::tooltip::{Tip, Tooltip};
use super::{now_ms, CompareCtx, RunStatus};

/// The SVGs of the current report (or the reason one could not be drawn).
#[derive(Clone, Debug, Default, PartialEq)]
struct Svgs {
    tradeoff: Option<Result<String, ChartError>>,
    before_after: Option<Result<String, ChartError>>,
    bars: Option<Result<String, ChartError>>,
    timeseries: Option<Result<String, ChartError>>,
}

/// One chart: its SVG, or the error as a sentence.
fn chart_box(
    id: &'static str,
    svg: impl Fn() -> Option<Result<String, ChartError>> + Send + Sync + 'static,
) -> impl IntoView {
    view! {
        <figure class="chart-box" data-testid=id>
            {move || match svg() {
                None => view! { <p class="panel__hint">"Drawing…"</p> }.into_any(),
                Some(Ok(s)) => view! { <div class="chart-svg" inner_html=s></div> }.into_any(),
                Some(Err(e)) => view! { <p class="notice">{e.to_string()}</p> }.into_any(),
            }}
        </figure>
    }
}

/// The status line: what the latest re-simulation did or how far it is.
/// `data-testid="run-status"` carries the measurement contract (see
/// `runner.rs`): `data-state` (simulating, done, invalid), `data-sim-ms`
/// (compute time summed over the slices, 1 decimal), `data-requests`
/// (requests per lane), `data-lanes` and `data-source` (`run`, or `cache`
/// for a report kept from an earlier run of the same scenario).
fn run_status(ctx: CompareCtx, chart_ms: RwSignal<Option<f64>>) -> impl IntoView {
    let status = ctx.status;
    // Memos: the runner updates the status a few times a second while it
    // runs; only what really changed touches the DOM.
    let state = Memo::new(move |_| status.with(RunStatus::as_str));
    let sim_ms = Memo::new(move |_| match status.get() {
        RunStatus::Running { sim_ms, .. } | RunStatus::Done { sim_ms, .. } => {
            Some(format!("{sim_ms:.1}"))
        }
        _ => None,
    });
    let requests = Memo::new(move |_| match status.get() {
        RunStatus::Running { requests, .. }
        | RunStatus::Done { requests, .. }
        | RunStatus::Cached { requests } => Some(requests.to_string()),
        _ => None,
    });
    // Where the report on screen came from: a run, or the cache of exact
    // reports (then there is no simulation time to show).
    let source = Memo::new(move |_| match status.get() {
        RunStatus::Cached { .. } => Some("cache"),
        RunStatus::Done { .. } => Some("run"),
        _ => None,
    });
    let text = Memo::new(move |_| {
        match status.get() {
        RunStatus::Simulating | RunStatus::Running { .. } => "simulating…".to_string(),
        RunStatus::Invalid(e) => format!("not simulated: {e}"),
        RunStatus::Done { sim_ms, requests } => format!(
            "{COMPARE_LANES} lanes × {requests} requests simulated in {sim_ms:.0} ms; charts drawn in {:.0} ms",
            chart_ms.get().unwrap_or(0.0)
        ),
        RunStatus::Cached { requests } => format!(
            "{COMPARE_LANES} lanes × {requests} requests, the same as a moment ago: shown from memory, not simulated again; charts drawn in {:.0} ms",
            chart_ms.get().unwrap_or(0.0)
        ),
    }
    });
    let pct = Memo::new(move |_| match status.get() {
        RunStatus::Running { progress, .. } => Some((progress * 100.0).floor() as u32),
        _ => None,
    });
    let running = Memo::new(move |_| pct.get().is_some());
    let stale = Memo::new(move |_| ctx.report.with(Option::is_some));
    let partial = Memo::new(move |_| ctx.partial.with(|p| p.as_ref().map(|p| (p.done, p.total))));
    view! {
        <p
            class="charts__timing run-status"
            data-testid="run-status"
            data-state=state
            data-sim-ms=sim_ms
            data-requests=requests
            data-source=source
            data-lanes=COMPARE_LANES.to_string()
        >
            <span data-testid="timing" aria-live="polite">{text}</span>
            {move || running.get().then(|| view! {
                <progress
                    class="run-status__bar"
                    max="100"
                    value=move || pct.get().unwrap_or(0)
                    aria-label="Simulation progress"
                ></progress>
                <span class="run-status__pct" data-testid="run-progress" aria-hidden="true">
                    {move || format!("{} %", pct.get().unwrap_or(0))}
                </span>
                // Outside the live region: only exact results are announced.
                {move || match partial.get() {
                    Some((done, total)) => Some(view! {
                        <span class="run-status__stale run-status__partial" data-testid="charts-partial">
                            {format!(
                                "partial: after {} of {} requests",
                                thousands(done),
                                thousands(total)
                            )}
                        </span>
                    }.into_any()),
                    None => stale.get().then(|| view! {
                        <span class="run-status__stale">"showing the previous result"</span>
                    }.into_any()),
                }}
            })}
        </p>
    }
}

/// The chart panel: every chart, or only `only` (an embed of one chart).
#[component]
pub fn ChartPanel(
    /// The view's state.
    ctx: CompareCtx,
    /// The one chart to show (and draw); all of them when `None`.
    #[prop(optional)]
    only: Option<ChartId>,
) -> impl IntoView {
    let shown = move |id: ChartId| only.is_none_or(|o| o == id);
    let risk = Memo::new(move |_| ctx.chart_options.with(|o| o.risk));
    let metric = Memo::new(move |_| ctx.chart_options.with(|o| o.metric));
    let svgs = RwSignal::new(Svgs::default());
    let chart_ms = RwSignal::new(None::<f64>);
    Effect::new(move |_| {
        // The partial result while a run is under way (the run-over-time
        // chart fills from left to right), then the exact one.
        let Some(r) = ctx.shown.get() else { return };
        let w = ctx.chart_width.get();
        let options: ChartOptions = ctx.chart_options.get();
        let t0 = now_ms();
        let draw = |id| shown(id).then(|| compare_chart(&r, id, &options, w));
        let next = Svgs {
            tradeoff: draw(ChartId::Tradeoff),
            before_after: draw(ChartId::BeforeAfter),
            bars: draw(ChartId::Bars),
            timeseries: draw(ChartId::Timeseries),
        };
        chart_ms.set(Some(now_ms() - t0));
        svgs.set(next);
    });
    let tip = Tip::new();
    let on_over = move |e: leptos::ev::MouseEvent| tip.on_over(e);
    view! {
        <section class="panel charts" aria-labelledby="charts-title">
            <div class="charts__head">
                <h2 id="charts-title" class="panel__title">"Charts"</h2>
                {run_status(ctx, chart_ms)}
            </div>
            <div
                class="charts__grid"
                on:mouseover=on_over
                on:mouseleave=move |_| tip.hide()
                on:focusin=move |e| tip.on_focus(e)
                on:focusout=move |_| tip.hide()
            >
                <Tooltip tip=tip />
                {shown(ChartId::Tradeoff).then(|| view! {
                <div class="chart-card">
                    <fieldset class="segmented">
                        <legend>"Risk axis"</legend>
                        {Risk::ALL
                            .into_iter()
                            .map(|r| {
                                let id = format!("risk-{}", r.as_str());
                                view! {
                                    <label class="segmented__opt">
                                        <input
                                            type="radio"
                                            name="risk"
                                            data-testid=id
                                            prop:checked=move || risk.get() == r
                                            on:change=move |_| ctx.chart_options.update(|o| o.risk = r)
                                        />
                                        {r.label()}
                                    </label>
                                }
                            })
                            .collect_view()}
                    </fieldset>
                    {chart_box(ChartId::Tradeoff.test_id(), move || svgs.with(|s| s.tradeoff.clone()))}
                </div>
                })}
                {shown(ChartId::BeforeAfter).then(|| view! {
                <div class="chart-card">
                    {chart_box(ChartId::BeforeAfter.test_id(), move || svgs.with(|s| s.before_after.clone()))}
                </div>
                })}
                {shown(ChartId::Bars).then(|| view! {
                <div class="chart-card">
                    <label class="inline-field">
                        "Metric "
                        <select
                            data-testid="bars-metric"
                            on:change=move |ev| {
                                let v = event_target_value(&ev);
                                if let Some(m) = Metric::ALL.into_iter().find(|m| m.as_str() == v) {
                                    ctx.chart_options.update(|o| o.metric = m);
                                }
                            }
                        >
                            {Metric::ALL
                                .into_iter()
                                .map(|m| view! { <option value=m.as_str() prop:selected=move || metric.get() == m>{m.label()}</option> })
                                .collect_view()}
                        </select>
                    </label>
                    {chart_box(ChartId::Bars.test_id(), move || svgs.with(|s| s.bars.clone()))}
                </div>
                })}
                {shown(ChartId::Timeseries).then(|| view! {
                <div class="chart-card chart-card--wide">
                    {chart_box(ChartId::Timeseries.test_id(), move || svgs.with(|s| s.timeseries.clone()))}
                </div>
                })}
            </div>
        </section>
    }
}
