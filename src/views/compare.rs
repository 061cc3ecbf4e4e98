//! The Compare view: all five strategies on one workload, side by side, with
//! the comparison table, the trade-off charts, sweeps and presets.
//!
//! Opens at `?view=compare&preset=<id>` plus any knob that differs from the
//! preset, the seed and the moved or switched-off events
//! (`&capacity=50&crash=30s&seed=7`; the format is [`crate::url`]'s). An
//! unknown preset says so and falls back to the default one.

use leptos::prelude::*;

use crate::app::show_link_notices;
use crate::compare::address::sync_address;
use crate::compare::chart_panel::ChartPanel;
use crate::compare::chart_width::{chart_width, viewport_width};
use crate::compare::compare_table::CompareTable;
use crate::compare::data_bar::DataBar;
use crate::compare::knob_panel::KnobPanel;
use crate::compare::lanes_table::LanesTable;
use crate::compare::preset_picker::PresetPicker;
use crate::compare::sweep_panel::SweepPanel;
use crate::compare::trace_panel::TracePanel;
use crate::compare::{runner, CompareCtx, PartialView, RunStatus};
use crate::url::{self, View};

/// Runs every strategy on the current preset and knobs and shows the results.
///
/// The whole state lives in the address (see [`url::parse_compare`]): it is
/// read on mount and on Back/Forward, and written back from `ctx` (never
/// from the knob components) whenever the preset, a knob or an event
/// changes: a preset switch pushes a history entry, knob and event changes
/// one entry per settled change ([`url::Write::Settle`]).
#[component]
pub fn CompareView() -> AnyView {
    let search = url::current_search();
    let (_, unknown) = url::compare_preset(&search);
    let unknown = RwSignal::new(unknown);
    let (state, mut notices) = url::parse_compare(&search);
    let (charts, chart_notices) = url::parse_chart_view(&search);
    notices.extend(chart_notices);
    show_link_notices(View::Compare, notices);
    // Fixed for the page's life: an embed of one chart stays one chart.
    let only = charts.only;
    let report = RwSignal::new(None);
    let partial = RwSignal::new(None::<PartialView>);
    let ctx = CompareCtx {
        preset: RwSignal::new(state.preset),
        scenario: RwSignal::new(state.scenario),
        events: RwSignal::new(state.events),
        report,
        partial,
        shown: Signal::derive(move || {
            partial
                .with(|p| p.as_ref().map(|p| p.report.clone()))
                .or_else(|| report.get())
        }),
        status: RwSignal::new(RunStatus::Simulating),
        chart_width: RwSignal::new(chart_width(viewport_width())),
        chart_options: RwSignal::new(charts.options),
    };
    runner::start(ctx);

    // What the link cannot carry, named (empty: it carries everything),
    // which the page must say.
    let gaps = RwSignal::new(Vec::<&'static str>::new());
    sync_address(ctx, only, unknown, gaps);
    let resize = window_event_listener(leptos::ev::resize, move |_| {
        let w = chart_width(viewport_width());
        if w != ctx.chart_width.get_untracked() {
            ctx.chart_width.set(w);
        }
    });
    on_cleanup(move || resize.remove());
    let known = cachescope_sim::PresetId::ALL
        .iter()
        .map(|p| p.as_str())
        .collect::<Vec<_>>()
        .join(", ");
    let unknown_notice = move || {
        unknown.get().map(|u| {
            view! {
                <div class="notice" role="status" data-testid="unknown-preset-notice">
                    <strong>"Unknown preset “" {u} "”."</strong>
                    " Showing " {cachescope_sim::PresetId::DEFAULT.label()} " instead. Known presets: "
                    {known.clone()} "."
                </div>
            }
        })
    };
    let incomplete_notice = move || {
        let missing = gaps.get();
        (!missing.is_empty()).then(|| {
            view! {
                <div class="notice" role="status" data-testid="link-incomplete">
                    <strong>"This page's link does not carry everything."</strong>
                    " Not in it: " {missing.join(", ")} ". The scenario has settings the knobs \
                     and event switches cannot express (an imported scenario file, for \
                     instance), so the address shows the nearest it can and would open other \
                     numbers. To share exactly this, download the scenario as JSON (Export) and \
                     send the file."
                </div>
            }
        })
    };
    // Dims the figures of the previous knobs while a run is on (compare.css).
    // A class on the section, set once per run: a `:has()` rule on the status
    // attribute made the browser re-match the whole view's styles on every
    // state change.
    let running = Memo::new(move |_| {
        ctx.status
            .with(|s| matches!(s, RunStatus::Simulating | RunStatus::Running { .. }))
    });
    // Partial figures are on screen (lane cards and charts): marked and
    // hatched at once, not after the running dimmer's delay.
    let partial = Memo::new(move |_| ctx.partial.with(Option::is_some));
    if let Some(chart) = only {
        // An embed of one chart: a one-line caption says what was simulated,
        // the chart keeps its own control, and "open in cachescope" (the
        // embed bar) leads to the whole view with the same state.
        let caption = move || {
            format!(
                "{} preset · {} requests per strategy · seed {}",
                ctx.preset.get().label(),
                ctx.scenario.with(|s| s.requests),
                ctx.scenario.with(|s| s.seed)
            )
        };
        return view! {
            <section class="view compare compare--one-chart" class:compare--running=running class:compare--partial=partial data-testid="view-compare" aria-labelledby="view-title">
                <h1 id="view-title" class="view__title view__title--compact" data-testid="view-title">
                    "Compare"
                </h1>
                <p class="compare__caption" data-testid="chart-caption">{caption}</p>
                {unknown_notice}
                {incomplete_notice}
                <ChartPanel ctx=ctx only=chart />
            </section>
        }
        .into_any();
    }
    view! {
        <section class="view compare" class:compare--running=running class:compare--partial=partial data-testid="view-compare" aria-labelledby="view-title">
            <p class="view__eyebrow">"Five strategies, one workload"</p>
            <h1 id="view-title" class="view__title" data-testid="view-title">
                "Compare"
            </h1>
            <p class="view__lede">
                "The same seeded stream of requests goes through each of the five strategies and \
                 through a database with no cache in front. Since the input is identical, every \
                 difference below comes from the strategy alone. Pick a preset, then move any knob: \
                 all lanes and charts are simulated again on the spot."
            </p>
            {unknown_notice}
            {incomplete_notice}
            <PresetPicker ctx=ctx />
            <LanesTable ctx=ctx />
            <DataBar ctx=ctx />
            <KnobPanel ctx=ctx />
            <ChartPanel ctx=ctx />
            <SweepPanel ctx=ctx />
            <TracePanel ctx=ctx />
            <CompareTable ctx=ctx />
        </section>
    }
    .into_any()
}
