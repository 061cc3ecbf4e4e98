//! Strategy picker, the read/write path pair, and workload knobs. Values
//! that differ from the Lab defaults are marked. Any change restarts the
//! run on the new scenario (same seed).

use cachescope_sim::{Latency, Popularity, ReadPath, Scenario, StrategyId, WritePath};
use leptos::prelude::*;

use crate::components::info_tip::InfoTip;
use crate::glossary;
use crate::lab::defaults::lab_scenario;
use crate::lab::state::use_lab;

/// Read paths offered, with labels.
const READ_PATHS: [(&str, ReadPath); 2] = [
    ("cache-aside", ReadPath::CacheAside),
    (
        "read-through",
        ReadPath::ReadThrough {
            single_flight: true,
        },
    ),
];

/// Write paths offered, with labels.
const WRITE_PATHS: [(&str, WritePath); 4] = [
    ("DB, then invalidate", WritePath::DbThenInvalidate),
    ("write-through", WritePath::WriteThrough),
    ("write-back", WritePath::write_back_default()),
    ("write-around", WritePath::WriteAround { invalidate: true }),
];

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

fn median(l: Latency) -> u64 {
    match l {
        Latency::Constant { us } => us,
        Latency::Uniform { min_us, max_us } => (min_us + max_us) / 2,
        Latency::Exponential { mean_us } => mean_us,
        Latency::LogNormal { median_us, .. } => median_us,
    }
}

/// A log-normal latency with the default tail (p99 = 4 × median).
fn lognormal(median_us: u64) -> Latency {
    let m = median_us.max(1);
    Latency::LogNormal {
        median_us: m,
        p99_us: m * 4,
    }
}

fn zipf(s: &Scenario) -> f64 {
    match s.workload.popularity {
        Popularity::Zipf { alpha } => alpha,
        _ => 0.0,
    }
}

/// One numeric knob of the Lab, as data: the glossary test walks this list,
/// so a knob added without an explanation fails `cargo test`.
pub struct LabKnob {
    /// Label.
    pub label: &'static str,
    /// `data-testid` (and glossary id).
    pub testid: &'static str,
    /// Unit after the number.
    pub unit: &'static str,
    /// Smallest value.
    pub min: f64,
    /// Largest value.
    pub max: f64,
    /// Input step.
    pub step: f64,
    /// Reads the shown value from a scenario (the Lab default is this
    /// applied to the default scenario).
    pub get: fn(&Scenario) -> f64,
    /// Writes a value (already clamped to `min..=max`).
    pub set: fn(&mut Scenario, f64),
}

/// The Lab's numeric knobs, in display order.
pub const LAB_KNOBS: [LabKnob; 8] = [
    LabKnob {
        label: "Reads",
        testid: "knob-read-ratio",
        unit: "%",
        min: 0.0,
        max: 100.0,
        step: 5.0,
        get: |s| (s.workload.read_ratio * 100.0).round(),
        set: |s, v| s.workload.read_ratio = v / 100.0,
    },
    LabKnob {
        label: "Key skew (Zipf α, 0 = uniform)",
        testid: "knob-zipf",
        unit: "",
        min: 0.0,
        max: 3.0,
        step: 0.1,
        get: zipf,
        set: |s, v| s.workload.popularity = Popularity::Zipf { alpha: v },
    },
    LabKnob {
        label: "Key space",
        testid: "knob-keys",
        unit: "keys",
        min: 1.0,
        max: 64.0,
        step: 1.0,
        get: |s| s.workload.key_space as f64,
        set: |s, v| s.workload.key_space = v.round() as u64,
    },
    LabKnob {
        label: "Cache size",
        testid: "knob-capacity",
        unit: "entries",
        min: 1.0,
        max: 64.0,
        step: 1.0,
        get: |s| f64::from(s.cache.capacity),
        set: |s, v| s.cache.capacity = v.round() as u32,
    },
    LabKnob {
        label: "TTL (0 = none)",
        testid: "knob-ttl",
        unit: "ms",
        min: 0.0,
        max: 10000.0,
        step: 50.0,
        get: |s| s.cache.ttl_us.unwrap_or(0) as f64 / 1000.0,
        set: |s, v| s.cache.ttl_us = (v > 0.0).then_some((v * 1000.0).round() as u64),
    },
    LabKnob {
        label: "Cache latency (median)",
        testid: "knob-cache-latency",
        unit: "ms",
        min: 0.05,
        max: 100.0,
        step: 0.05,
        get: |s| median(s.cache.latency) as f64 / 1000.0,
        set: |s, v| s.cache.latency = lognormal((v * 1000.0).round() as u64),
    },
    LabKnob {
        label: "DB read latency (median)",
        testid: "knob-db-read",
        unit: "ms",
        min: 0.1,
        max: 1000.0,
        step: 0.5,
        get: |s| median(s.db.read_latency) as f64 / 1000.0,
        set: |s, v| s.db.read_latency = lognormal((v * 1000.0).round() as u64),
    },
    LabKnob {
        label: "DB write latency (median)",
        testid: "knob-db-write",
        unit: "ms",
        min: 0.1,
        max: 1000.0,
        step: 0.5,
        get: |s| median(s.db.write_latency) as f64 / 1000.0,
        set: |s, v| s.db.write_latency = lognormal((v * 1000.0).round() as u64),
    },
];

/// The `data-testid`s of the three pickers (strategy, read path, write
/// path), which have glossary lines like the numeric knobs.
pub const PICKERS: [&str; 3] = ["strategy", "read-path", "write-path"];

/// A knob's label with its explanation: the `<label>` names the control, the
/// tooltip sits beside it (outside the label, so the control's accessible
/// name stays the label alone).
fn knob_label(label: &'static str, for_id: &'static str, testid: &'static str) -> impl IntoView {
    view! {
        <label for=for_id>{label}</label>
        {glossary::lab_knob(testid).map(|text| view! { <InfoTip text=text subject=label /> })}
    }
}

/// One numeric knob.
#[component]
fn Knob(
    /// What it edits.
    spec: &'static LabKnob,
    /// Current value.
    value: Signal<f64>,
    /// Lab default.
    default: f64,
    /// Applies a new value.
    set: Callback<f64>,
) -> impl IntoView {
    let changed = move || (value.get() - default).abs() > 1e-9;
    let (min, max) = (spec.min, spec.max);
    view! {
        <div class="lab-knob" class:lab-knob--changed=changed>
            <span class="lab-knob__label">
                {knob_label(spec.label, spec.testid, spec.testid)}
                {move || changed().then(|| view! {
                    <span class="lab-knob__changed" title=format!("default {default}")>" • changed"</span>
                })}
            </span>
            <span class="lab-knob__input">
                <input
                    type="number"
                    id=spec.testid
                    data-testid=spec.testid
                    min=min
                    max=max
                    step=spec.step
                    prop:value=move || value.get().to_string()
                    on:change=move |e| {
                        if let Ok(v) = event_target_value(&e).parse::<f64>() {
                            if v.is_finite() {
                                set.run(v.clamp(min, max));
                            }
                        }
                    }
                />
                <span class="lab-knob__unit">{spec.unit}</span>
            </span>
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
    let d = lab_scenario(StrategyId::CacheAside);
    let edit = move |f: fn(&mut Scenario, f64)| {
        Callback::new(move |v: f64| {
            let mut s = lab.scenario.get_untracked();
            f(&mut s, v);
            if s.validate().is_ok() {
                lab.retune(s);
            }
        })
    };
    let get = move |f: fn(&Scenario) -> f64| Signal::derive(move || lab.scenario.with(f));
    let paths = move || lab.scenario.with(|s| s.paths());
    view! {
        <section class="lab-panel lab-knobs" aria-labelledby="lab-knobs-title" data-testid="lab-knobs">
            <h2 id="lab-knobs-title" class="lab-panel__title">"Strategy and workload"</h2>
            <div class="lab-knob">
                <span class="lab-knob__label">{knob_label("Strategy", "lab-strategy", "strategy")}</span>
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
                    <span class="lab-knob__label">{knob_label("Read path", "lab-read-path", "read-path")}</span>
                    <select
                        id="lab-read-path"
                        data-testid="read-path"
                        on:change=move |e| {
                            let v = event_target_value(&e);
                            if let Some((_, r)) = READ_PATHS.iter().find(|(n, _)| *n == v) {
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
                            .map(|(n, r)| {
                                let cur = paths().0;
                                let on = cur.same_kind(*r);
                                let label = menu_label(n, if on { cur.settings_beside(*r) } else { String::new() });
                                view! { <option value=*n selected=on>{label}</option> }
                            })
                            .collect_view()}
                    </select>
                </div>
                <div class="lab-knob">
                    <span class="lab-knob__label">{knob_label("Write path", "lab-write-path", "write-path")}</span>
                    <select
                        id="lab-write-path"
                        data-testid="write-path"
                        on:change=move |e| {
                            let v = event_target_value(&e);
                            if let Some((_, w)) = WRITE_PATHS.iter().find(|(n, _)| *n == v) {
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
                            .map(|(n, w)| {
                                let cur = paths().1;
                                let on = cur.same_kind(*w);
                                let label = menu_label(n, if on { cur.settings_beside(*w) } else { String::new() });
                                view! { <option value=*n selected=on>{label}</option> }
                            })
                            .collect_view()}
                    </select>
                </div>
            </div>
            <div class="lab-knobs__grid">
                {LAB_KNOBS
                    .iter()
                    .map(|k| {
                        let (get_f, set_f) = (k.get, k.set);
                        view! { <Knob spec=k default=get_f(&d) value=get(get_f) set=edit(set_f) /> }
                    })
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

#[cfg(test)]
mod tests {
    use super::*;

    /// A value typed or stepped to on a knob reads back as itself: times
    /// are rounded to the µs, never cut (a typed 2.01 ms once became
    /// 2 009 µs, because 2.01 × 1000 is 2009.999… in binary floating point).
    #[test]
    fn every_knob_reads_back_what_was_set() {
        let samples = [0.35, 0.1, 1.0, 2.0, 7.0, 12.5, 64.0];
        for knob in &LAB_KNOBS {
            for v in samples {
                let v = (v / knob.step).round() * knob.step;
                if v < knob.min || v > knob.max {
                    continue;
                }
                let mut s = lab_scenario(StrategyId::CacheAside);
                (knob.set)(&mut s, v);
                let back = (knob.get)(&s);
                assert!(
                    (back - v).abs() < 1e-9,
                    "{}: set {v}, got {back}",
                    knob.testid
                );
            }
        }
        let cache = LAB_KNOBS.iter().find(|k| k.testid == "knob-cache-latency");
        let mut s = lab_scenario(StrategyId::CacheAside);
        for (typed, us) in [(0.35, 350), (2.01, 2_010), (8.11, 8_110)] {
            (cache.expect("a cache latency knob").set)(&mut s, typed);
            assert_eq!(median(s.cache.latency), us, "{typed} ms");
        }
    }
}
