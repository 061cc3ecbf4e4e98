//! The Choose view: a short guide from a few questions about a workload to a
//! read path and a write path, explained with the numbers of a simulation of
//! the matching preset, and a "show me" link into Compare.

use std::collections::BTreeMap;
use std::sync::Arc;

use cachescope_sim::{compare, CompareReport, Preset, PresetId};
use gloo_timers::future::TimeoutFuture;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::advice::{advise, evidence, Answers, Mix};
use crate::app::{on_arrival, show_link_notices, write_address};
use crate::url::{self, View};

/// A yes/no question as two radio buttons.
fn yes_no(
    name: &'static str,
    question: &'static str,
    hint: &'static str,
    get: impl Fn() -> bool + Copy + Send + Sync + 'static,
    set: impl Fn(bool) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    view! {
        <fieldset class="question" data-testid=format!("q-{name}")>
            <legend>{question}</legend>
            <p class="question__hint">{hint}</p>
            <label>
                <input type="radio" name=name data-testid=format!("q-{name}-yes") prop:checked=get on:change=move |_| set(true) />
                " Yes"
            </label>
            <label>
                <input type="radio" name=name data-testid=format!("q-{name}-no") prop:checked=move || !get() on:change=move |_| set(false) />
                " No"
            </label>
        </fieldset>
    }
}

/// The guide.
#[component]
pub fn ChooseView() -> impl IntoView {
    // The answers live in the address (`?view=choose&mix=write&lose=yes`),
    // so a shared link shows the same recommendation and numbers.
    let (initial, notices) = url::parse_choose(&url::current_search());
    show_link_notices(View::Choose, notices);
    let answers = RwSignal::new(initial);
    let replace_next = StoredValue::new(true);
    Effect::new(move |_| {
        let a = answers.get();
        let next = url::choose_search(&url::current_search(), &a);
        let how = if replace_next.get_value() {
            replace_next.set_value(false);
            url::Write::Replace
        } else {
            url::Write::Settle
        };
        write_address(&next, how);
    });
    on_arrival(move || {
        let (a, notices) = url::parse_choose(&url::current_search());
        show_link_notices(View::Choose, notices);
        if answers.get_untracked() != a {
            replace_next.set_value(true);
            answers.set(a);
        }
    });
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
    let set = move |f: fn(&mut Answers, bool)| move |v: bool| answers.update(|a| f(a, v));
    view! {
        <section class="view choose" data-testid="view-choose" aria-labelledby="view-title">
            <p class="view__eyebrow">"From your workload to a strategy"</p>
            <h1 id="view-title" class="view__title" data-testid="view-title">
                "Choose"
            </h1>
            <p class="view__lede">
                "Answer five questions about your data. The guide picks a read path and a write \
                 path, explains why with the numbers of a simulation shaped like your answers, and \
                 opens that simulation in Compare if you want to see it for yourself."
            </p>
            <div class="choose__layout">
                <form class="panel choose__form" aria-label="Questions about your workload" on:submit=|e| e.prevent_default()>
                    <fieldset class="question" data-testid="q-mix">
                        <legend>"Is the data mostly read, or mostly written?"</legend>
                        <label>
                            <input type="radio" name="mix" data-testid="q-mix-read" prop:checked=move || answers.get().mix == Mix::ReadHeavy on:change=move |_| answers.update(|a| a.mix = Mix::ReadHeavy) />
                            " Mostly read (pages, profiles, catalogs)"
                        </label>
                        <label>
                            <input type="radio" name="mix" data-testid="q-mix-write" prop:checked=move || answers.get().mix == Mix::WriteHeavy on:change=move |_| answers.update(|a| a.mix = Mix::WriteHeavy) />
                            " Mostly written (counters, events, telemetry)"
                        </label>
                    </fieldset>
                    {yes_no("lose", "Can you afford to lose a few recent writes if the cache crashes?", "Yes for view counts or metrics; no for money, stock or orders.", move || answers.get().can_lose_writes, set(|a, v| a.can_lose_writes = v))}
                    {yes_no("others", "Do other systems write to the database directly?", "Admin tools, batch jobs, another service: writes the cache never sees.", move || answers.get().other_writers, set(|a, v| a.other_writers = v))}
                    {yes_no("memory", "Is cache memory tight, or is much written data not read soon?", "Bulk imports, archives, logs read once in a while.", move || answers.get().memory_tight, set(|a, v| a.memory_tight = v))}
                    {yes_no("platform", "Does a platform team run the cache with a loader in front of the database?", "A cache library or service that fetches missing entries by itself.", move || answers.get().platform_cache, set(|a, v| a.platform_cache = v))}
                </form>
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
            </div>
        </section>
    }
}
