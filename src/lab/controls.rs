//! Playback controls: play/pause, step forward and back, speed on a log
//! scale, restart with the same seed, new seed.

use leptos::prelude::*;

use crate::lab::state::use_lab;
use crate::settings::lab_defaults::{MAX_SPEED, MIN_SPEED};

/// Speed as shown: "0.1×", "0.25×", "1×", "32×".
pub fn speed_label(x: f64) -> String {
    if x < 1.0 {
        let s = format!("{x:.2}");
        format!("{}×", s.trim_end_matches('0').trim_end_matches('.'))
    } else {
        format!("{x:.0}×")
    }
}

/// The control bar.
#[component]
pub fn Controls() -> impl IntoView {
    let lab = use_lab();
    let finished = Memo::new(move |_| lab.read(|p| p.is_finished()));
    let at_start = Memo::new(move |_| lab.read(|p| p.position().events == 0));
    let speed = move || speed_label(10f64.powf(lab.speed_log.get()).clamp(MIN_SPEED, MAX_SPEED));
    let restart = move |_| lab.restart_with(lab.scenario.get_untracked());
    let new_seed = move |_| {
        let mut s = lab.scenario.get_untracked();
        // A fixed, reproducible sequence of seeds (no wall clock).
        s.seed = s
            .seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407)
            >> 16;
        lab.restart_with(s);
    };
    view! {
        <div class="lab-controls" role="toolbar" aria-label="Playback">
            <button
                type="button"
                class="lab-button lab-button--primary"
                data-testid="play"
                aria-label=move || if lab.playing.get() { "Pause (Space)" } else { "Play (Space)" }
                aria-pressed=move || lab.playing.get().to_string()
                on:click=move |_| lab.toggle_play()
            >
                {move || if lab.playing.get() { "❚❚ Pause" } else { "▶ Play" }}
            </button>
            <button
                type="button"
                class="lab-button"
                data-testid="step-back"
                aria-label="Step back one event (←)"
                disabled=move || at_start.get()
                on:click=move |_| lab.step_back()
            >
                "◀ Back"
            </button>
            <button
                type="button"
                class="lab-button"
                data-testid="step"
                aria-label="Step forward one event (→)"
                disabled=move || finished.get()
                on:click=move |_| lab.step()
            >
                "Step ▶"
            </button>
            <label class="lab-speed">
                <span>"Speed "<output data-testid="speed">{speed}</output></span>
                <input
                    type="range"
                    min="-1"
                    max="2"
                    step="0.05"
                    aria-label="Playback speed, 0.1× to 100× (log scale)"
                    aria-valuetext=speed
                    prop:value=move || lab.speed_log.get().to_string()
                    on:input=move |e| {
                        if let Ok(v) = event_target_value(&e).parse::<f64>() {
                            lab.speed_log.set(v.clamp(-1.0, 2.0));
                        }
                    }
                />
            </label>
            <button type="button" class="lab-button" data-testid="restart" on:click=restart>
                "↺ Restart"
            </button>
            <button type="button" class="lab-button" data-testid="new-seed" on:click=new_seed>
                {move || format!("New seed (now {})", lab.scenario.with(|s| s.seed))}
            </button>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::speed_label;

    #[test]
    fn speed_labels_keep_slow_motion_exact() {
        assert_eq!(speed_label(0.1), "0.1×");
        assert_eq!(speed_label(0.25), "0.25×");
        assert_eq!(speed_label(1.0), "1×");
        assert_eq!(speed_label(3.98), "4×");
        assert_eq!(speed_label(31.6), "32×");
    }
}
