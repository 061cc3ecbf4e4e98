//! "Break things": each button schedules an engine event at the current
//! time. Pressing one after scrubbing back forks the run from there. Each
//! has a one-line tooltip (what it does) and a visible paragraph (what to
//! watch afterwards); after a press, a status line says what it did (also
//! when it did nothing, see `break_outcome.rs`).

use leptos::prelude::*;

use crate::components::info_tip::InfoTip;
use crate::glossary;
use crate::lab::state::use_lab;
use crate::settings::lab_defaults::Breaker;

/// The break-it panel.
#[component]
pub fn BreakPanel() -> impl IntoView {
    let lab = use_lab();
    let finished = Memo::new(move |_| lab.read(|p| p.is_finished()));
    view! {
        <section class="lab-panel lab-break" aria-labelledby="lab-break-title" data-testid="break-panel">
            <h2 id="lab-break-title" class="lab-panel__title">"Break things"</h2>
            <p class="lab-panel__hint">"Each button acts now, at the current simulated time."</p>
            <ul class="lab-break__list">
                {Breaker::ALL
                    .into_iter()
                    .map(|b| {
                        let id = format!("break-{}-why", b.as_str());
                        view! {
                            <li>
                                <button
                                    type="button"
                                    class="lab-button lab-button--break"
                                    data-testid=format!("break-{}", b.as_str())
                                    aria-describedby=id.clone()
                                    disabled=move || finished.get()
                                    on:click=move |_| lab.press(b)
                                >
                                    {b.label()}
                                </button>
                                <InfoTip text=glossary::breaker(b) subject=b.label() />
                                <p id=id class="lab-break__why">{b.explains()}</p>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
            <p class="lab-break__outcome" role="status" data-testid="break-outcome">
                {move || lab.break_outcome.get()}
            </p>
        </section>
    }
}
