//! Live counters from the engine. Each figure sits alone in an element with
//! a `data-testid`, units in a separate child, so tests can parse them; each
//! label carries a one-line explanation from [`crate::glossary`].

use leptos::prelude::*;

use cachescope_sim::LiveCounters;

use crate::components::info_tip::InfoTip;
use crate::glossary;
use crate::lab::state::use_lab;

/// Milliseconds with one decimal, from µs.
pub fn ms(us: u64) -> String {
    format!("{:.1}", us as f64 / 1000.0)
}

/// One counter of the panel, as data: the glossary test walks this list, so
/// a counter added here without an explanation fails `cargo test`.
pub struct FigureSpec {
    /// Visible label.
    pub label: &'static str,
    /// `data-testid` of the number (and its glossary id).
    pub testid: &'static str,
    /// Unit shown after the number (not part of the tested text).
    pub unit: &'static str,
    /// The number, as text.
    pub value: fn(&LiveCounters) -> String,
    /// When the figure signals trouble (non-zero stale, lost, at-risk or
    /// failed requests).
    pub alarm: Option<fn(&LiveCounters) -> bool>,
}

/// The hit ratio so far, in percent with one decimal.
fn hit_ratio(c: &LiveCounters) -> String {
    let answered = c.hits + c.misses;
    if answered == 0 {
        "0.0".to_string()
    } else {
        format!("{:.1}", c.hits as f64 * 100.0 / answered as f64)
    }
}

/// Every counter, in display order.
pub const FIGURES: [FigureSpec; 10] = [
    FigureSpec {
        label: "Hits",
        testid: "hits",
        unit: "",
        value: |c| c.hits.to_string(),
        alarm: None,
    },
    FigureSpec {
        label: "Misses",
        testid: "misses",
        unit: "",
        value: |c| c.misses.to_string(),
        alarm: None,
    },
    FigureSpec {
        label: "Hit ratio",
        testid: "hit-ratio",
        unit: "%",
        value: hit_ratio,
        alarm: None,
    },
    FigureSpec {
        label: "p99 read",
        testid: "read-p99",
        unit: "ms",
        value: |c| ms(c.read_p99_us),
        alarm: None,
    },
    FigureSpec {
        label: "p99 write",
        testid: "write-p99",
        unit: "ms",
        value: |c| ms(c.write_p99_us),
        alarm: None,
    },
    FigureSpec {
        label: "Stale reads",
        testid: "stale-reads",
        unit: "",
        value: |c| c.stale_reads.to_string(),
        alarm: Some(|c| c.stale_reads > 0),
    },
    FigureSpec {
        label: "Lost writes",
        testid: "lost-writes",
        unit: "",
        value: |c| c.lost_writes.to_string(),
        alarm: Some(|c| c.lost_writes > 0),
    },
    FigureSpec {
        label: "Dirty (at risk)",
        testid: "dirty",
        unit: "",
        value: |c| c.dirty.to_string(),
        alarm: Some(|c| c.dirty > 0),
    },
    FigureSpec {
        label: "Failed",
        testid: "failed",
        unit: "",
        value: |c| (c.failed_reads + c.failed_writes).to_string(),
        alarm: Some(|c| c.failed_reads + c.failed_writes > 0),
    },
    FigureSpec {
        label: "Requests",
        testid: "issued",
        unit: "",
        value: |c| c.issued.to_string(),
        alarm: None,
    },
];

/// The counter panel.
#[component]
pub fn Counters() -> impl IntoView {
    let lab = use_lab();
    let c = Memo::new(move |_| lab.read(|p| p.counters()));
    view! {
        <section class="lab-panel lab-counters" aria-labelledby="lab-counters-title" data-testid="counters">
            <h2 id="lab-counters-title" class="lab-panel__title">"Counters"</h2>
            <dl class="lab-counters__grid" aria-live="off">
                {FIGURES
                    .iter()
                    .map(|f| {
                        let (value, alarm) = (f.value, f.alarm);
                        view! {
                            <div
                                class="lab-counter"
                                class:lab-counter--alarm=move || alarm.is_some_and(|a| c.with(a))
                            >
                                <dt class="lab-counter__label">
                                    {f.label}
                                    {glossary::lab_counter(f.testid)
                                        .map(|text| view! { <InfoTip text=text subject=f.label /> })}
                                </dt>
                                <dd class="lab-counter__value">
                                    <span data-testid=f.testid>{move || c.with(value)}</span>
                                    {(!f.unit.is_empty())
                                        .then(|| view! { <span class="lab-counter__unit">{f.unit}</span> })}
                                </dd>
                            </div>
                        }
                    })
                    .collect_view()}
            </dl>
        </section>
    }
}
