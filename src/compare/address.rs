//! Compare's state in the address: one effect writes the link of the view
//! as it is (a preset switch pushes a history entry, knob and event changes
//! one entry per settled change, [`url::Write::Settle`]), and Back/Forward
//! load the state of the entry arrived at.

use cachescope_charts::ChartId;
use cachescope_sim::PresetId;
use leptos::prelude::*;

use crate::app::{on_arrival, show_link_notices, write_address};
use crate::compare::CompareCtx;
use crate::url::{self, View};

/// Keeps the address in step with `ctx`. `only`: the one chart of an embed;
/// `unknown`: the preset name the link asked for and the app does not know;
/// `gaps`: what the link cannot carry, named (empty: it carries everything).
pub fn sync_address(
    ctx: CompareCtx,
    only: Option<ChartId>,
    unknown: RwSignal<Option<String>>,
    gaps: RwSignal<Vec<&'static str>>,
) {
    // The address follows the state. `incomplete`: the link cannot express
    // the scenario (see `url::compare_search`), which the page must say.
    // What the link cannot carry, named (empty: it carries everything).
    let replace_next = StoredValue::new(true);
    Effect::new(move |prev: Option<PresetId>| {
        let state = url::CompareState {
            preset: ctx.preset.get(),
            scenario: ctx.scenario.get(),
            events: ctx.events.get(),
        };
        let (link, complete) = url::compare_search(&url::current_search(), &state);
        let charts = url::ChartView {
            only,
            options: ctx.chart_options.get(),
        };
        let link = url::chart_view_search(&link, &charts);
        let missing = if complete {
            Vec::new()
        } else {
            url::compare_link_gaps(&url::current_search(), &state)
        };
        if gaps.with_untracked(|g| *g != missing) {
            gaps.set(missing);
        }
        let how = if replace_next.get_value() {
            replace_next.set_value(false);
            url::Write::Replace
        } else if prev.is_some_and(|p| p != state.preset) {
            url::Write::Push
        } else {
            url::Write::Settle
        };
        write_address(&link, how);
        state.preset
    });
    // Back/Forward: show the state of the entry we arrived at.
    on_arrival(move || {
        let search = url::current_search();
        let (state, mut notices) = url::parse_compare(&search);
        let (charts, chart_notices) = url::parse_chart_view(&search);
        notices.extend(chart_notices);
        show_link_notices(View::Compare, notices);
        unknown.set(url::compare_preset(&search).1);
        if ctx.chart_options.get_untracked() != charts.options {
            ctx.chart_options.set(charts.options);
        }
        let same = ctx.preset.get_untracked() == state.preset
            && ctx.events.with_untracked(|e| *e == state.events)
            && ctx.scenario.with_untracked(|s| *s == state.scenario);
        if same {
            return;
        }
        replace_next.set_value(true);
        if ctx.preset.get_untracked() != state.preset {
            ctx.preset.set(state.preset);
        }
        if ctx.events.with_untracked(|e| *e != state.events) {
            ctx.events.set(state.events);
        }
        if ctx.scenario.with_untracked(|s| *s != state.scenario) {
            ctx.scenario.set(state.scenario);
        }
    });
}
