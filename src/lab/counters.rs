//! Live counters from the engine. Each figure sits alone in an element with
//! a `data-testid`, units in a separate child, so tests can parse them.

use leptos::prelude::*;

use crate::lab::state::use_lab;

/// Milliseconds with one decimal, from µs.
pub fn ms(us: u64) -> String {
    format!("{:.1}", us as f64 / 1000.0)
}

/// One counter: label, number, optional unit.
#[component]
fn Figure(
    /// Visible label.
    label: &'static str,
    /// `data-testid` of the number.
    testid: &'static str,
    /// The number, as text.
    value: Signal<String>,
    /// Unit shown after the number (not part of the tested text).
    #[prop(optional)]
    unit: &'static str,
    /// Short explanation (tooltip and screen readers).
    hint: &'static str,
    /// Marks a figure that signals trouble when non-zero.
    #[prop(optional)]
    alarm: Option<Signal<bool>>,
) -> impl IntoView {
    view! {
        <div class="lab-counter" class:lab-counter--alarm=move || alarm.is_some_and(|a| a.get()) title=hint>
            <dt class="lab-counter__label">{label}</dt>
            <dd class="lab-counter__value">
                <span data-testid=testid>{value}</span>
                {(!unit.is_empty()).then(|| view! { <span class="lab-counter__unit">{unit}</span> })}
            </dd>
        </div>
    }
}

/// The counter panel.
#[component]
pub fn Counters() -> impl IntoView {
    let lab = use_lab();
    let c = Memo::new(move |_| lab.read(|p| p.counters()));
    let n = move |f: fn(&cachescope_sim::LiveCounters) -> u64| {
        Signal::derive(move || f(&c.get()).to_string())
    };
    let ratio = Signal::derive(move || {
        let c = c.get();
        let answered = c.hits + c.misses;
        if answered == 0 {
            "0.0".to_string()
        } else {
            format!("{:.1}", c.hits as f64 * 100.0 / answered as f64)
        }
    });
    let stale = Signal::derive(move || c.get().stale_reads > 0);
    let lost = Signal::derive(move || c.get().lost_writes > 0);
    let dirty = Signal::derive(move || c.get().dirty > 0);
    let failed = Signal::derive(move || c.get().failed_reads + c.get().failed_writes > 0);
    view! {
        <section class="lab-panel lab-counters" aria-labelledby="lab-counters-title">
            <h2 id="lab-counters-title" class="lab-panel__title">"Counters"</h2>
            <dl class="lab-counters__grid" aria-live="off">
                <Figure label="Hits" testid="hits" value=n(|c| c.hits) hint="Reads answered by the cache" />
                <Figure label="Misses" testid="misses" value=n(|c| c.misses) hint="Reads answered by the database" />
                <Figure label="Hit ratio" testid="hit-ratio" value=ratio unit="%" hint="Hits ÷ (hits + misses)" />
                <Figure label="p99 read" testid="read-p99" value=Signal::derive(move || ms(c.get().read_p99_us)) unit="ms" hint="99th percentile of read latency so far" />
                <Figure label="p99 write" testid="write-p99" value=Signal::derive(move || ms(c.get().write_p99_us)) unit="ms" hint="99th percentile of write latency so far" />
                <Figure label="Stale reads" testid="stale-reads" value=n(|c| c.stale_reads) hint="Reads that returned an older version than the database held" alarm=stale />
                <Figure label="Lost writes" testid="lost-writes" value=n(|c| c.lost_writes) hint="Acknowledged writes destroyed before reaching the database" alarm=lost />
                <Figure label="Dirty (at risk)" testid="dirty" value=n(|c| c.dirty) hint="Acknowledged writes not yet in the database: what a crash now would lose" alarm=dirty />
                <Figure label="Failed" testid="failed" value=n(|c| c.failed_reads + c.failed_writes) hint="Requests that failed because the cache was down" alarm=failed />
                <Figure label="Requests" testid="issued" value=n(|c| c.issued) hint="Client requests issued so far" />
            </dl>
        </section>
    }
}
