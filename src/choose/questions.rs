//! The guide's five questions, as radio buttons bound to the answers.

use leptos::prelude::*;

use crate::advice::{Answers, Mix};

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

/// The questions form.
#[component]
pub fn Questions(
    /// The answers the form edits.
    answers: RwSignal<Answers>,
) -> impl IntoView {
    let set = move |f: fn(&mut Answers, bool)| move |v: bool| answers.update(|a| f(a, v));
    view! {
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
    }
}
