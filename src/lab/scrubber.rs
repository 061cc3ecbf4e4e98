//! The timeline scrubber: dragging it shows the state at that time (the
//! player restores the nearest checkpoint and replays forward).

use leptos::prelude::*;

use crate::lab::counters::ms;
use crate::lab::state::use_lab;

/// The scrubber.
#[component]
pub fn Scrubber() -> impl IntoView {
    let lab = use_lab();
    let now = Memo::new(move |_| lab.read(|p| p.now_us()));
    let end = Memo::new(move |_| lab.read(|p| p.end_us()));
    let marks = Memo::new(move |_| {
        lab.read(|p| {
            p.injections()
                .iter()
                .map(|i| (i.at_us, i.kind.as_str()))
                .collect::<Vec<_>>()
        })
    });
    view! {
        <div class="lab-scrubber">
            <label class="lab-scrubber__label" for="lab-scrubber">
                "Timeline "
                <span class="lab-panel__meta">{move || format!("{} / {} ms", ms(now.get()), ms(end.get()))}</span>
            </label>
            <div class="lab-scrubber__track">
                <input
                    id="lab-scrubber"
                    type="range"
                    min="0"
                    max=move || end.get().to_string()
                    // 1 ms: what arrow keys on the focused slider move by.
                    step="1000"
                    data-testid="scrubber"
                    aria-valuetext=move || format!("{} ms of {} ms", ms(now.get()), ms(end.get()))
                    prop:value=move || now.get().to_string()
                    on:input=move |e| {
                        if let Ok(t) = event_target_value(&e).parse::<u64>() {
                            lab.playing.set(false);
                            lab.update(|p| p.seek(t));
                        }
                    }
                />
                <div class="lab-scrubber__marks" aria-hidden="true">
                    {move || {
                        let e = end.get().max(1) as f64;
                        marks
                            .get()
                            .into_iter()
                            .map(|(t, kind)| view! {
                                <span class="lab-scrubber__mark" style=format!("left: {:.2}%", t as f64 * 100.0 / e) title=kind></span>
                            })
                            .collect_view()
                    }}
                </div>
            </div>
        </div>
    }
}
