//! The Lab's keyboard shortcuts: which key does what (plain data, tested
//! natively), and the one window listener that applies them. The help
//! overlay (`help.rs`) lists the same keys.

use leptos::ev;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::lab::state::LabState;
use crate::settings::lab_defaults::{speed_log, Breaker, MAX_SPEED, MIN_SPEED};

/// How far `+` and `-` move the speed, in the speed slider's log10 units.
const SPEED_STEP_LOG: f64 = 0.25;

/// What a shortcut does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shortcut {
    /// Space: play or pause.
    TogglePlay,
    /// →: one event forward.
    Step,
    /// ←: one event back.
    StepBack,
    /// `+`: faster.
    Faster,
    /// `-`: slower.
    Slower,
    /// Home: pause and go back to the start.
    Rewind,
    /// `s`: slow motion on or off.
    SlowMotion,
    /// `c` and `a`: press a break-it button.
    Press(Breaker),
    /// `?`: open or close the help.
    ToggleHelp,
    /// Escape: close the help (and let the key do its usual work too).
    CloseHelp,
}

impl Shortcut {
    /// The shortcut for `key`, given where the focus is: a form field keeps
    /// every key but Escape, and Space on a focused button is that button's
    /// click. `None`: the key is the browser's.
    pub fn for_key(key: &str, in_form_field: bool, on_button: bool) -> Option<Shortcut> {
        if in_form_field && key != "Escape" {
            return None;
        }
        Some(match key {
            " " if on_button => return None,
            " " => Shortcut::TogglePlay,
            "ArrowRight" => Shortcut::Step,
            "ArrowLeft" => Shortcut::StepBack,
            "+" | "=" => Shortcut::Faster,
            "-" | "_" => Shortcut::Slower,
            "Home" => Shortcut::Rewind,
            "s" => Shortcut::SlowMotion,
            "c" => Shortcut::Press(Breaker::Crash),
            "a" => Shortcut::Press(Breaker::AdminWrite),
            "?" => Shortcut::ToggleHelp,
            "Escape" => Shortcut::CloseHelp,
            _ => return None,
        })
    }

    /// Whether the browser's own action for the key is suppressed.
    pub fn prevents_default(self) -> bool {
        self != Shortcut::CloseHelp
    }

    /// Does it.
    pub fn apply(self, lab: LabState) {
        match self {
            Shortcut::TogglePlay => lab.toggle_play(),
            Shortcut::Step => lab.step(),
            Shortcut::StepBack => lab.step_back(),
            Shortcut::Faster => lab
                .speed_log
                .update(|s| *s = (*s + SPEED_STEP_LOG).min(speed_log(MAX_SPEED))),
            Shortcut::Slower => lab
                .speed_log
                .update(|s| *s = (*s - SPEED_STEP_LOG).max(speed_log(MIN_SPEED))),
            Shortcut::Rewind => {
                lab.playing.set(false);
                lab.update(|p| p.seek(0));
            }
            Shortcut::SlowMotion => lab.toggle_slow_motion(),
            Shortcut::Press(b) => lab.press(b),
            Shortcut::ToggleHelp => lab.help_open.update(|h| *h = !*h),
            Shortcut::CloseHelp => lab.help_open.set(false),
        }
    }
}

/// Listens for the shortcuts on the window until the owner is cleaned up.
/// Keys with Ctrl, Meta or Alt are always the browser's.
pub fn install(lab: LabState) {
    let keys = window_event_listener(ev::keydown, move |e| {
        if e.ctrl_key() || e.meta_key() || e.alt_key() {
            return;
        }
        let focused = e
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .map(|el| el.tag_name());
        let tag = focused.as_deref().unwrap_or("");
        let in_form_field = matches!(tag, "INPUT" | "SELECT" | "TEXTAREA");
        let Some(shortcut) = Shortcut::for_key(&e.key(), in_form_field, tag == "BUTTON") else {
            return;
        };
        shortcut.apply(lab);
        if shortcut.prevents_default() {
            e.prevent_default();
        }
    });
    on_cleanup(move || keys.remove());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_map_to_shortcuts_unless_the_focus_keeps_them() {
        assert_eq!(
            Shortcut::for_key(" ", false, false),
            Some(Shortcut::TogglePlay)
        );
        assert_eq!(Shortcut::for_key(" ", false, true), None);
        assert_eq!(Shortcut::for_key("=", false, false), Some(Shortcut::Faster));
        assert_eq!(
            Shortcut::for_key("c", false, false),
            Some(Shortcut::Press(Breaker::Crash))
        );
        // Typing in a field: letters are text, Escape still closes the help.
        assert_eq!(Shortcut::for_key("c", true, false), None);
        assert_eq!(
            Shortcut::for_key("Escape", true, false),
            Some(Shortcut::CloseHelp)
        );
        assert_eq!(Shortcut::for_key("x", false, false), None);
        assert!(!Shortcut::CloseHelp.prevents_default());
        assert!(Shortcut::Step.prevents_default());
    }

    #[test]
    fn the_speed_keys_stop_at_the_sliders_ends() {
        assert_eq!(speed_log(MAX_SPEED), 2.0);
        assert_eq!(speed_log(MIN_SPEED), -1.0);
    }
}
