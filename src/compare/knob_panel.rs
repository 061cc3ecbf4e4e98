//! Every knob of the workload, cache, DB and events. Changing one
//! re-simulates all lanes (see [`super::runner`]); a value that differs from
//! the preset is marked, with the preset's value beside it, and one button
//! puts everything back.

use leptos::prelude::*;

use cachescope_sim::Preset;

use super::event_text::describe_event;
use super::CompareCtx;
use crate::components::info_tip::InfoTip;
use crate::components::EvictionPicker;
use crate::glossary;
use crate::settings::compare::COMPARE_KNOBS;
use crate::settings::eviction;
use crate::settings::knob::{fmt_num, Control};

/// The knob panel.
#[component]
pub fn KnobPanel(
    /// The view's state.
    ctx: CompareCtx,
) -> impl IntoView {
    let preset_scenario = Memo::new(move |_| Preset::get(ctx.preset.get()).scenario);
    let changed = move || {
        let p = preset_scenario.get();
        ctx.scenario.with(|s| {
            COMPARE_KNOBS.iter().filter(|k| k.differs(s, &p)).count()
                + usize::from(s.cache.eviction != p.cache.eviction)
                + usize::from(s.events != p.events)
        })
    };
    let groups = ["Workload", "Cache", "Stampede", "Database"];
    let knob_views = move |group: &'static str| {
        COMPARE_KNOBS
            .iter()
            .filter(|k| k.group == group)
            .map(|k| {
                let k = *k;
                let input_id = k.testid();
                let (min, max, step) = k.shown_range();
                let differs = move || ctx.scenario.with(|s| k.differs(s, &preset_scenario.get()));
                let on_input = move |ev| {
                    let text = event_target_value(&ev);
                    let mut s = ctx.scenario.get_untracked();
                    if k.apply(&mut s, &text) && s != ctx.scenario.get_untracked() {
                        ctx.scenario.set(s);
                    }
                };
                let value = move || ctx.scenario.with(|s| k.show(s));
                // Greyed out where it means nothing (a grace window without a TTL).
                let off = move || ctx.scenario.with(|s| !(k.field.applies)(s));
                let input = match k.control {
                    Control::Slider => view! {
                        <input
                            id=input_id.clone()
                            data-testid=input_id.clone()
                            type="range"
                            min=min
                            max=max
                            step=step
                            prop:value=value
                            prop:disabled=off
                            on:input=on_input
                        />
                    }
                    .into_any(),
                    Control::Number => view! {
                        <input
                            id=input_id.clone()
                            data-testid=input_id.clone()
                            type="number"
                            min=min
                            max=max
                            step=step
                            prop:value=value
                            prop:disabled=off
                            on:change=on_input
                        />
                    }
                    .into_any(),
                    Control::Toggle => view! {
                        <input
                            id=input_id.clone()
                            data-testid=input_id.clone()
                            type="checkbox"
                            prop:checked=move || ctx.scenario.with(|s| k.get(s) >= 0.5)
                            prop:disabled=off
                            on:change=move |ev| {
                                let on = event_target_checked(&ev);
                                let mut s = ctx.scenario.get_untracked();
                                if k.apply(&mut s, if on { "1" } else { "0" })
                                    && s != ctx.scenario.get_untracked()
                                {
                                    ctx.scenario.set(s);
                                }
                            }
                        />
                    }
                    .into_any(),
                };
                let shown = move |s: &cachescope_sim::Scenario| match k.control {
                    Control::Toggle if k.get(s) >= 0.5 => "on".to_owned(),
                    Control::Toggle => "off".to_owned(),
                    _ => k.show(s),
                };
                view! {
                    <div class="knob" class:knob--changed=differs class:knob--off=off>
                        <span class="knob__label">
                            <label for=input_id.clone()>{k.label}</label>
                            <InfoTip text=k.help subject=k.label />
                        </span>
                        {input}
                        <output for=input_id.clone() class="knob__value">
                            {move || ctx.scenario.with(shown)}
                        </output>
                        <span class="knob__preset">
                            {move || {
                                differs()
                                    .then(|| format!("changed · preset {}", shown(&preset_scenario.get())))
                            }}
                        </span>
                    </div>
                }
            })
            .collect_view()
    };
    let events_view = move || {
        let evs = ctx.events.get();
        if evs.is_empty() {
            return view! { <p class="panel__hint">"This preset schedules no events."</p> }
                .into_any();
        }
        evs.into_iter()
            .enumerate()
            .map(|(i, (e, on))| {
                let id = format!("event-{i}");
                let toggle = move |ev| {
                    let checked = event_target_checked(&ev);
                    ctx.events.update(|v| v[i].1 = checked);
                    sync_events(ctx);
                };
                let set_time = move |ev| {
                    if let Ok(sec) = event_target_value(&ev).trim().parse::<f64>() {
                        if sec.is_finite() && sec >= 0.0 {
                            ctx.events.update(|v| v[i].0.at_us = (sec.min(1e5) * 1e6).round() as u64);
                            sync_events(ctx);
                        }
                    }
                };
                view! {
                    <div class="event">
                        <input type="checkbox" id=id.clone() data-testid=id.clone() prop:checked=on on:change=toggle />
                        <label for=id.clone()>{describe_event(&e.kind)}</label>
                        <label class="event__time">
                            "at "
                            <input
                                type="number"
                                min="0"
                                step="0.1"
                                prop:value=fmt_num(e.at_us as f64 / 1e6)
                                on:change=set_time
                                aria-label=format!("time of event {} in seconds", i + 1)
                            />
                            " s"
                        </label>
                    </div>
                }
            })
            .collect_view()
            .into_any()
    };
    view! {
        <section class="panel knobs" aria-labelledby="knobs-title" data-testid="knob-panel">
            <div class="knobs__head">
                <h2 id="knobs-title" class="panel__title">"Knobs"</h2>
                <span class="knobs__changed" data-testid="knobs-changed">
                    {move || match changed() {
                        0 => "all values from the preset".to_string(),
                        1 => "1 value differs from the preset".to_string(),
                        n => format!("{n} values differ from the preset"),
                    }}
                </span>
                <button
                    type="button"
                    class="button"
                    data-testid="knobs-reset"
                    prop:disabled=move || changed() == 0
                    on:click=move |_| ctx.load(ctx.preset.get_untracked(), None)
                >
                    "Reset to preset"
                </button>
            </div>
            <div class="knobs__groups">
                {groups
                    .into_iter()
                    .map(|g| {
                        view! {
                            <fieldset class="knobs__group">
                                <legend>{g}</legend>
                                {knob_views(g)}
                                {(g == "Cache").then(|| view! { <EvictionRow ctx preset_scenario /> })}
                            </fieldset>
                        }
                    })
                    .collect_view()}
                <fieldset class="knobs__group">
                    <legend>
                        "Events"
                        <InfoTip text=glossary::COMPARE_EVENTS subject="Events" />
                    </legend>
                    {events_view}
                </fieldset>
            </div>
        </section>
    }
}

/// The eviction policy, in the Cache group, marked like a numeric knob when
/// it is not the preset's.
#[component]
fn EvictionRow(ctx: CompareCtx, preset_scenario: Memo<cachescope_sim::Scenario>) -> impl IntoView {
    let policy = Signal::derive(move || ctx.scenario.with(|s| s.cache.eviction));
    let preset_policy = move || preset_scenario.with(|p| p.cache.eviction);
    let differs = move || policy.get() != preset_policy();
    let on_pick = Callback::new(move |p| ctx.scenario.update(|s| s.cache.eviction = p));
    view! {
        <div class="knob knob--choice" class:knob--changed=differs>
            <span class="knob__label">
                <label for=eviction::TESTID>{eviction::LABEL}</label>
                <InfoTip text=eviction::HELP subject=eviction::LABEL />
            </span>
            <EvictionPicker value=policy on_pick />
            <span class="knob__preset">
                {move || differs().then(|| format!("changed · preset {}", preset_policy().label()))}
            </span>
        </div>
    }
}

/// Copies the enabled events, in time order, into the scenario.
fn sync_events(ctx: CompareCtx) {
    let mut evs: Vec<_> = ctx
        .events
        .get_untracked()
        .into_iter()
        .filter(|(_, on)| *on)
        .map(|(e, _)| e)
        .collect();
    evs.sort_by_key(|e| e.at_us);
    ctx.scenario.update(|s| s.events = evs);
}
