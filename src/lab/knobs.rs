//! Strategy picker, the read/write path pair, and workload knobs. Values
//! that differ from the Lab defaults are marked. Any change restarts the
//! run on the new scenario (same seed).

use cachescope_sim::{Latency, Popularity, ReadPath, Scenario, StrategyId, WritePath};
use leptos::prelude::*;

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

/// One numeric knob.
#[component]
fn Knob(
    /// Label.
    label: &'static str,
    /// `data-testid`.
    testid: &'static str,
    /// Current value.
    value: Signal<f64>,
    /// Lab default.
    default: f64,
    /// Range and step.
    min: f64,
    max: f64,
    step: f64,
    /// Unit after the number.
    unit: &'static str,
    /// Applies a new value.
    set: Callback<f64>,
) -> impl IntoView {
    let changed = move || (value.get() - default).abs() > 1e-9;
    view! {
        <label class="lab-knob" class:lab-knob--changed=changed>
            <span class="lab-knob__label">
                {label}
                {move || changed().then(|| view! {
                    <span class="lab-knob__changed" title=format!("default {default}")>" • changed"</span>
                })}
            </span>
            <span class="lab-knob__input">
                <input
                    type="number"
                    data-testid=testid
                    min=min
                    max=max
                    step=step
                    prop:value=move || value.get().to_string()
                    on:change=move |e| {
                        if let Ok(v) = event_target_value(&e).parse::<f64>() {
                            if v.is_finite() {
                                set.run(v.clamp(min, max));
                            }
                        }
                    }
                />
                <span class="lab-knob__unit">{unit}</span>
            </span>
        </label>
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
                lab.restart_with(s);
            }
        })
    };
    let get = move |f: fn(&Scenario) -> f64| Signal::derive(move || lab.scenario.with(f));
    let paths = move || lab.scenario.with(|s| s.paths());
    view! {
        <section class="lab-panel lab-knobs" aria-labelledby="lab-knobs-title">
            <h2 id="lab-knobs-title" class="lab-panel__title">"Strategy and workload"</h2>
            <label class="lab-knob">
                <span class="lab-knob__label">"Strategy"</span>
                <select
                    data-testid="strategy"
                    on:change=move |e| {
                        if let Ok(id) = event_target_value(&e).parse::<StrategyId>() {
                            on_strategy.run(id);
                        }
                    }
                >
                    {move || {
                        let cur = lab.scenario.with(|s| StrategyId::for_paths(s.paths().0, s.paths().1));
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
            </label>
            <div class="lab-knobs__pair">
                <label class="lab-knob">
                    <span class="lab-knob__label">"Read path"</span>
                    <select
                        data-testid="read-path"
                        on:change=move |e| {
                            let v = event_target_value(&e);
                            if let Some((_, r)) = READ_PATHS.iter().find(|(n, _)| *n == v) {
                                let mut s = lab.scenario.get_untracked();
                                s.read_path = Some(*r);
                                lab.restart_with(s);
                            }
                        }
                    >
                        {move || READ_PATHS
                            .iter()
                            .map(|(n, r)| view! { <option value=*n selected=paths().0 == *r>{*n}</option> })
                            .collect_view()}
                    </select>
                </label>
                <label class="lab-knob">
                    <span class="lab-knob__label">"Write path"</span>
                    <select
                        data-testid="write-path"
                        on:change=move |e| {
                            let v = event_target_value(&e);
                            if let Some((_, w)) = WRITE_PATHS.iter().find(|(n, _)| *n == v) {
                                let mut s = lab.scenario.get_untracked();
                                s.write_path = Some(*w);
                                lab.restart_with(s);
                            }
                        }
                    >
                        {move || WRITE_PATHS
                            .iter()
                            .map(|(n, w)| view! { <option value=*n selected=paths().1 == *w>{*n}</option> })
                            .collect_view()}
                    </select>
                </label>
            </div>
            <div class="lab-knobs__grid">
                <Knob label="Reads" testid="knob-read-ratio" unit="%" min=0.0 max=100.0 step=5.0
                    default=d.workload.read_ratio * 100.0
                    value=get(|s| (s.workload.read_ratio * 100.0).round())
                    set=edit(|s, v| s.workload.read_ratio = v / 100.0) />
                <Knob label="Key skew (Zipf α, 0 = uniform)" testid="knob-zipf" unit="" min=0.0 max=3.0 step=0.1
                    default=zipf(&d)
                    value=get(zipf)
                    set=edit(|s, v| s.workload.popularity = Popularity::Zipf { alpha: v }) />
                <Knob label="Key space" testid="knob-keys" unit="keys" min=1.0 max=64.0 step=1.0
                    default=d.workload.key_space as f64
                    value=get(|s| s.workload.key_space as f64)
                    set=edit(|s, v| s.workload.key_space = v as u64) />
                <Knob label="Cache size" testid="knob-capacity" unit="entries" min=1.0 max=64.0 step=1.0
                    default=f64::from(d.cache.capacity)
                    value=get(|s| f64::from(s.cache.capacity))
                    set=edit(|s, v| s.cache.capacity = v as u32) />
                <Knob label="TTL (0 = none)" testid="knob-ttl" unit="ms" min=0.0 max=10000.0 step=50.0
                    default=d.cache.ttl_us.unwrap_or(0) as f64 / 1000.0
                    value=get(|s| s.cache.ttl_us.unwrap_or(0) as f64 / 1000.0)
                    set=edit(|s, v| s.cache.ttl_us = (v > 0.0).then_some((v * 1000.0) as u64)) />
                <Knob label="Cache latency (median)" testid="knob-cache-latency" unit="ms" min=0.05 max=100.0 step=0.05
                    default=median(d.cache.latency) as f64 / 1000.0
                    value=get(|s| median(s.cache.latency) as f64 / 1000.0)
                    set=edit(|s, v| s.cache.latency = lognormal((v * 1000.0) as u64)) />
                <Knob label="DB read latency (median)" testid="knob-db-read" unit="ms" min=0.1 max=1000.0 step=0.5
                    default=median(d.db.read_latency) as f64 / 1000.0
                    value=get(|s| median(s.db.read_latency) as f64 / 1000.0)
                    set=edit(|s, v| s.db.read_latency = lognormal((v * 1000.0) as u64)) />
                <Knob label="DB write latency (median)" testid="knob-db-write" unit="ms" min=0.1 max=1000.0 step=0.5
                    default=median(d.db.write_latency) as f64 / 1000.0
                    value=get(|s| median(s.db.write_latency) as f64 / 1000.0)
                    set=edit(|s, v| s.db.write_latency = lognormal((v * 1000.0) as u64)) />
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
