//! The timeline scrubber: dragging it shows the state at that time (the
//! player restores the nearest checkpoint and replays forward).

use leptos::prelude::*;

use crate::lab::counters::ms;
use crate::lab::state::use_lab;

/// What arrow keys on the focused slider move by: 1 ms.
const SLIDER_STEP_US: u64 = 1_000;

/// The slider's `max`: the run's end rounded up to a whole step. A range
/// input only takes values on its step grid, so a `max` of the exact end
/// (rarely a whole ms) would leave the right edge short of the run's last
/// events; the input handler clamps a value past the end back to it.
fn slider_max(end_us: u64) -> u64 {
    end_us.div_ceil(SLIDER_STEP_US) * SLIDER_STEP_US
}

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
                    max=move || slider_max(end.get()).to_string()
                    step=SLIDER_STEP_US.to_string()
                    data-testid="scrubber"
                    aria-valuetext=move || format!("{} ms of {} ms", ms(now.get()), ms(end.get()))
                    prop:value=move || now.get().to_string()
                    on:input=move |e| {
                        if let Ok(t) = event_target_value(&e).parse::<u64>() {
                            lab.playing.set(false);
                            lab.update(|p| p.seek(t.min(p.end_us())));
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

#[cfg(test)]
mod tests {
    use super::slider_max;

    #[test]
    fn the_right_edge_reaches_the_end() {
        assert_eq!(slider_max(0), 0);
        assert_eq!(slider_max(13_000), 13_000);
        assert_eq!(slider_max(13_001), 14_000);
        assert_eq!(slider_max(13_999), 14_000);
    }
}
