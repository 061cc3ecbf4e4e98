//! Choosing a preset: the article's "when to use" cases. Shows what to look
//! for and whether the expected winner wins in the current numbers.

use cachescope_sim::{Preset, PresetId};
use leptos::prelude::*;

use super::CompareCtx;

/// The preset `<select>`, its sentence and the verdict.
#[component]
pub fn PresetPicker(
    /// The view's state.
    ctx: CompareCtx,
) -> impl IntoView {
    let on_change = move |ev| {
        let value = event_target_value(&ev);
        if let Ok(id) = value.parse::<PresetId>() {
            // The view writes the address (a new history entry for a new
            // preset) from the state; nothing to do here.
            ctx.load(id, None);
        }
    };
    let preset = move || Preset::get(ctx.preset.get());
    view! {
        <section class="panel preset" aria-labelledby="preset-label">
            <label id="preset-label" class="preset__label" for="preset-select">
                "Workload preset"
            </label>
            <select id="preset-select" data-testid="preset-select" on:change=on_change prop:value=move || ctx.preset.get().as_str()>
                {PresetId::ALL
                    .into_iter()
                    .map(|id| view! { <option value=id.as_str()>{id.label()}</option> })
                    .collect_view()}
            </select>
            <p class="preset__look" data-testid="preset-look-for">{move || preset().look_for}</p>
            <p class="preset__verdict" data-testid="preset-verdict">
                {move || {
                    let p = preset();
                    let holds = ctx.report.get().map(|r| p.winner_holds(&r));
                    let head = format!(
                        "Expected winner: {} (on {}). ",
                        p.winner.label(),
                        p.wins_on.label().to_lowercase()
                    );
                    let tail = match holds {
                        None => "Simulating…",
                        Some(true) => "✓ It wins in the numbers below.",
                        Some(false) => "✗ Not with the current knobs: they changed the picture.",
                    };
                    format!("{head}{tail}")
                }}
            </p>
        </section>
    }
}
