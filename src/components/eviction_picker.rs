//! The eviction-policy `<select>` both views put in their cache settings,
//! with the line saying what the chosen policy does. Each view wraps it in
//! its own row (Compare's "changed from the preset" mark, the Lab's
//! "changed" dot); the options and their words come from
//! [`crate::settings::eviction`].

use cachescope_sim::EvictionPolicy;
use leptos::prelude::*;

use crate::settings::eviction::{describe, TESTID};

/// The picker. `value` is the scenario's policy; `on_pick` gets a policy
/// the reader chose that differs from it.
#[component]
pub fn EvictionPicker(
    /// The policy the scenario runs.
    #[prop(into)]
    value: Signal<EvictionPolicy>,
    /// Called with the newly chosen policy.
    on_pick: Callback<EvictionPolicy>,
) -> impl IntoView {
    let on_change = move |e| {
        if let Ok(p) = event_target_value(&e).parse::<EvictionPolicy>() {
            if p != value.get_untracked() {
                on_pick.run(p);
            }
        }
    };
    view! {
        <select
            id=TESTID
            data-testid=TESTID
            aria-describedby="eviction-note"
            on:change=on_change
            prop:value=move || value.get().as_str()
        >
            {EvictionPolicy::ALL
                .into_iter()
                .map(|p| view! { <option value=p.as_str()>{p.label()}</option> })
                .collect_view()}
        </select>
        <span id="eviction-note" class="eviction-note" data-testid="eviction-note">
            {move || describe(value.get())}
        </span>
    }
}
