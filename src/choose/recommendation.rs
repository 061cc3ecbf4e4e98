//! The recommendation: the read and write paths for the answers, why, and
//! the numbers of a simulation of the preset that shows it (simulated once
//! per preset and kept, so answering back and forth re-uses the runs).

use std::collections::BTreeMap;
use std::sync::Arc;

use cachescope_sim::{compare, CompareReport, Preset, PresetId};
use gloo_timers::future::TimeoutFuture;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::advice::{advise, evidence, Answers};
use crate::url;

/// The recommendation panel for `answers`.
#[component]
pub fn Recommendation(
    /// The guide's answers.
    answers: RwSignal<Answers>,
) -> impl IntoView {
    let advice = Memo::new(move |_| advise(&answers.get()));
    // Simulations of presets, kept: answering back and forth re-uses them.
    let runs = RwSignal::new(BTreeMap::<PresetId, Arc<CompareReport>>::new());
    Effect::new(move |_| {
        let id = advice.get().preset;
        if runs.with_untracked(|r| r.contains_key(&id)) {
            return;
        }
        spawn_local(async move {
            // Yield so the new recommendation paints before the run.
            TimeoutFuture::new(0).await;
            let report = compare(&Preset::get(id).scenario);
            // `try_update`: the view may have been left meanwhile.
            runs.try_update(|r| {
                r.insert(id, Arc::new(report));
            });
        });
    });
    view! {
        <section class="panel choose__advice" aria-live="polite" aria-labelledby="advice-title" data-testid="advice">
            <h2 id="advice-title" class="panel__title">"Recommendation"</h2>
            <dl class="advice__paths">
                <div>
                    <dt>"Read path"</dt>
                    <dd data-testid="advice-read">{move || advice.get().read.label()}</dd>
                </div>
                <div>
                    <dt>"Write path"</dt>
                    <dd data-testid="advice-write">
                        {move || {
                            let a = advice.get();
                            let w = match a.write {
                                cachescope_sim::StrategyId::CacheAside => "DB, then drop the cached copy (cache-aside)".to_string(),
                                s => s.label().to_string(),
                            };
                            if a.ttl { format!("{w}, with a TTL") } else { w }
                        }}
                    </dd>
                </div>
            </dl>
            <h3 class="advice__sub">"Why"</h3>
            <ul class="advice__reasons">
                {move || advice.get().reasons.into_iter().map(|r| view! { <li>{r}</li> }).collect_view()}
            </ul>
            <h3 class="advice__sub">
                {move || format!("In numbers: the “{}” preset", advice.get().preset.label())}
            </h3>
            <ul class="advice__evidence" data-testid="advice-evidence">
                {move || {
                    let a = advice.get();
                    match runs.with(|r| r.get(&a.preset).cloned()) {
                        None => view! { <li>"Simulating…"</li> }.into_any(),
                        Some(report) => evidence(&a, &report)
                            .into_iter()
                            .map(|e| view! { <li>{e}</li> })
                            .collect_view()
                            .into_any(),
                    }
                }}
            </ul>
            <a class="button button--primary" data-testid="show-me" href=move || url::compare_link(advice.get().preset)>
                "Show me in Compare"
            </a>
        </section>
    }
}
