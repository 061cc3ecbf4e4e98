//! Strategy picker, the read/write path pair, and workload knobs. Values
//! that differ from the Lab defaults are marked. Any change restarts the
//! run on the new scenario (same seed).

use cachescope_sim::{Scenario, StrategyId};
use leptos::prelude::*;

use crate::components::info_tip::InfoTip;
use crate::components::EvictionPicker;
use crate::glossary;
use crate::lab::state::use_lab;
use crate::settings::eviction;
use crate::settings::knob::{Control, Knob};
use crate::settings::lab::{LAB_KNOBS, READ_PATHS, WRITE_PATHS};
use crate::settings::lab_defaults::lab_scenario;

/// A path menu's entry: its name, and the settings of the scenario's path
/// where they differ from the menu's (an imported write-back's own flush
/// interval), so the menu shows what runs.
fn menu_label(name: &str, settings: String) -> String {
    if settings.is_empty() {
        name.to_owned()
    } else {
        format!("{name} ({settings})")
    }
}

/// The `data-testid`s of the three pickers (strategy, read path, write
/// path), which have glossary lines like the numeric knobs.
pub const PICKERS: [&str; 3] = ["strategy", "read-path", "write-path"];

/// A label with its explanation: the `<label>` names the control, the
/// tooltip sits beside it (outside the label, so the control's accessible
/// name stays the label alone).
fn knob_label(label: &'static str, for_id: String, help: Option<&'static str>) -> impl IntoView {
    view! {
        <label for=for_id>{label}</label>
        {help.map(|text| view! { <InfoTip text=text subject=label /> })}
    }
}

/// One numeric knob, marked when it differs from the Lab default.
#[component]
fn LabKnob(
    /// Its row.
    spec: &'static Knob,
    /// The Lab default scenario it is compared with.
    default: Scenario,
) -> impl IntoView {
    let lab = use_lab();
    let id = spec.testid();
    let (min, max, step) = spec.shown_range();
    let default_shown = spec.show(&default);
    let default = StoredValue::new(default);
    let changed = move || {
        lab.scenario
            .with(|s| default.with_value(|d| spec.differs(s, d)))
    };
    let on_change = move |e| {
        let mut s = lab.scenario.get_untracked();
        if spec.apply(&mut s, &event_target_value(&e)) && s.validate().is_ok() {
            lab.retune(s);
        }
    };
    // Write-back's settings mean nothing on another write path, a grace
    // window nothing without a TTL: greyed out, saying why, rather than
    // hidden (the grid keeps its shape).
    let applies = move || lab.scenario.with(|s| (spec.field.applies)(s));
    view! {
        <div
            class="lab-knob"
            class:lab-knob--changed=changed
            class:lab-knob--inapplicable=move || !applies()
            title=move || (!applies()).then(|| format!("This setting {}.", spec.field.not_here))
        >
            <span class="lab-knob__label">
                {knob_label(spec.label, id.clone(), Some(spec.help))}
                {move || changed().then(|| view! {
                    <span class="lab-knob__changed" title=format!("default {default_shown}")>" • changed"</span>
                })}
            </span>
            <span class="lab-knob__input">
                {match spec.control {
                    // An on/off setting: a box, whose row stores 1 or 0.
                    Control::Toggle => view! {
                        <input
                            type="checkbox"
                            id=id.clone()
                            data-testid=id
                            prop:checked=move || lab.scenario.with(|s| spec.get(s) >= 0.5)
                            prop:disabled=move || !applies()
                            on:change=move |e| {
                                let mut s = lab.scenario.get_untracked();
                                let text = if event_target_checked(&e) { "1" } else { "0" };
                                if spec.apply(&mut s, text) && s.validate().is_ok() {
                                    lab.retune(s);
                                }
                            }
                        />
                    }
                    .into_any(),
                    Control::Number | Control::Slider => view! {
                        <input
                            type="number"
                            id=id.clone()
                            data-testid=id
                            min=min
                            max=max
                            step=step
                            prop:value=move || lab.scenario.with(|s| spec.show(s))
                            prop:disabled=move || !applies()
                            on:change=on_change
                        />
                    }
                    .into_any(),
                }}
                <span class="lab-knob__unit">{spec.unit}</span>
            </span>
        </div>
    }
}

/// The eviction policy, marked when it is not the Lab default's.
#[component]
fn LabEviction(
    /// The Lab default scenario's policy.
    default: cachescope_sim::EvictionPolicy,
) -> impl IntoView {
    let lab = use_lab();
    let policy = Signal::derive(move || lab.scenario.with(|s| s.cache.eviction));
    let changed = move || policy.get() != default;
    let on_pick = Callback::new(move |p| {
        let mut s = lab.scenario.get_untracked();
        s.cache.eviction = p;
        lab.retune(s);
    });
    view! {
        <div class="lab-knob lab-knob--choice" class:lab-knob--changed=changed>
            <span class="lab-knob__label">
                {knob_label(eviction::LABEL, eviction::TESTID.into(), Some(eviction::HELP))}
                {move || changed().then(|| view! {
                    <span class="lab-knob__changed" title=format!("default {}", default.label())>" • changed"</span>
                })}
            </span>
            <EvictionPicker value=policy on_pick />
        </div>
    }
}

/// The strategy and workload panel.
#[component]
pub fn Knobs(
    /// Called with the newly picked named strategy (the view updates the URL).
    on_strategy: Callback<StrategyId>,
) -> impl IntoView {
    let lab = use_lab();
    // What every knob's "changed" mark compares with (the same for every
    // named strategy), built once for the panel.
    let defaults = lab_scenario(StrategyId::CacheAside);
    let paths = move || lab.scenario.with(|s| s.paths());
    view! {
        <section class="lab-panel lab-knobs" aria-labelledby="lab-knobs-title" data-testid="lab-knobs">
            <h2 id="lab-knobs-title" class="lab-panel__title">"Strategy and workload"</h2>
            <div class="lab-knob">
                <span class="lab-knob__label">{knob_label("Strategy", "lab-strategy".into(), glossary::lab_picker("strategy"))}</span>
                <select
                    id="lab-strategy"
                    data-testid="strategy"
                    on:change=move |e| {
                        if let Ok(id) = event_target_value(&e).parse::<StrategyId>() {
                            on_strategy.run(id);
                        }
                    }
                >
                    {move || {
                        // By kind: an imported write-back with its own flush
                        // interval is write-back, not a "custom pair".
                        let cur = lab.scenario.with(|s| StrategyId::for_path_kinds(s.paths().0, s.paths().1));
                        let custom = cur.is_none().then(|| view! { <option selected=true value="">"custom pair"</option> });
                        (
                            custom,
                            StrategyId::ALL
                                .into_iter()
                                .map(|id| view! {
                                    <option value=id.as_str() selected=cur == Some(id)>{id.label()}</option>
                                })
                                .collect_view(),
                        )
                    }}
                </select>
            </div>
            <div class="lab-knobs__pair">
                <div class="lab-knob">
                    <span class="lab-knob__label">{knob_label("Read path", "lab-read-path".into(), glossary::lab_picker("read-path"))}</span>
                    <select
                        id="lab-read-path"
                        data-testid="read-path"
                        on:change=move |e| {
                            let v = event_target_value(&e);
                            if let Some(r) = READ_PATHS.iter().find(|c| c.key == v).map(|c| &c.path) {
                                let mut s = lab.scenario.get_untracked();
                                // The kind already on: keep its settings.
                                if !s.paths().0.same_kind(*r) {
                                    s.read_path = Some(*r);
                                    lab.retune(s);
                                }
                            }
                        }
                    >
                        {move || READ_PATHS
                            .iter()
                            .map(|c| {
                                let cur = paths().0;
                                let on = cur.same_kind(c.path);
                                let label = menu_label(c.label, if on { cur.settings_beside(c.path) } else { String::new() });
                                view! { <option value=c.key selected=on>{label}</option> }
                            })
                            .collect_view()}
                    </select>
                </div>
                <div class="lab-knob">
                    <span class="lab-knob__label">{knob_label("Write path", "lab-write-path".into(), glossary::lab_picker("write-path"))}</span>
                    <select
                        id="lab-write-path"
                        data-testid="write-path"
                        on:change=move |e| {
                            let v = event_target_value(&e);
                            if let Some(w) = WRITE_PATHS.iter().find(|c| c.key == v).map(|c| &c.path) {
                                let mut s = lab.scenario.get_untracked();
                                if !s.paths().1.same_kind(*w) {
                                    s.write_path = Some(*w);
                                    lab.retune(s);
                                }
                            }
                        }
                    >
                        {move || WRITE_PATHS
                            .iter()
                            .map(|c| {
                                let cur = paths().1;
                                let on = cur.same_kind(c.path);
                                let label = menu_label(c.label, if on { cur.settings_beside(c.path) } else { String::new() });
                                view! { <option value=c.key selected=on>{label}</option> }
                            })
                            .collect_view()}
                    </select>
                </div>
            </div>
            <LabEviction default=defaults.cache.eviction />
            <div class="lab-knobs__grid">
                {LAB_KNOBS
                    .iter()
                    .map(|k| view! { <LabKnob spec=k default=defaults.clone() /> })
                    .collect_view()}
            </div>
            <button type="button" class="lab-button" data-testid="reset-knobs"
                on:click=move |_| {
                    let s = lab.scenario.get_untracked();
                    let mut fresh = lab_scenario(s.strategy);
                    fresh.seed = s.seed;
                    lab.restart_with(fresh);
                }>
                "Reset to Lab defaults"
            </button>
        </section>
    }
}
