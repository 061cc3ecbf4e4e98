//! The Lab's shared state: the [`Player`] (not reactive: it is mutated in
//! place every frame) plus a version signal bumped after every change, so
//! components re-read only when something happened.

use cachescope_sim::{Node, Scenario, StrategyId};
use leptos::prelude::*;

use crate::lab::break_outcome::{describe, Before};
use crate::lab::player::Player;
use crate::settings::lab_defaults::{
    lab_scenario, speed_log, Breaker, DEFAULT_SPEED, MAX_SPEED, MIN_SPEED, SLOW_MOTION,
    VIRTUAL_US_PER_REAL_SECOND,
};

/// What the details panel shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Selection {
    /// A traced request, by id.
    Request(u64),
    /// A component of the system.
    Node(Node),
}

/// Shared Lab state; `Copy`, handed to components through context.
#[derive(Clone, Copy)]
pub struct LabState {
    player: StoredValue<Player>,
    version: RwSignal<u64>,
    /// The scenario the player runs (knobs and pickers edit it).
    pub scenario: RwSignal<Scenario>,
    /// Playing (animation loop advancing time).
    pub playing: RwSignal<bool>,
    /// `log10` of the speed, from −1 (0.1×) to 2 (100×).
    pub speed_log: RwSignal<f64>,
    /// The speed to return to when slow motion is switched off.
    pub before_slow_motion: RwSignal<Option<f64>>,
    /// Clicked token or component.
    pub selected: RwSignal<Option<Selection>>,
    /// The keyboard-shortcut overlay is open.
    pub help_open: RwSignal<bool>,
    /// What the last break-it press did (empty before the first).
    pub break_outcome: RwSignal<String>,
    /// `prefers-reduced-motion: reduce`: no gliding tokens, playback jumps
    /// from event to event.
    pub reduced_motion: bool,
}

impl LabState {
    /// A Lab on `strategy` with the default scenario.
    pub fn new(strategy: StrategyId, reduced_motion: bool) -> LabState {
        let scenario = lab_scenario(strategy);
        LabState {
            player: StoredValue::new(Player::new(scenario.clone())),
            version: RwSignal::new(0),
            scenario: RwSignal::new(scenario),
            playing: RwSignal::new(false),
            speed_log: RwSignal::new(speed_log(DEFAULT_SPEED)),
            before_slow_motion: RwSignal::new(None),
            selected: RwSignal::new(None),
            help_open: RwSignal::new(false),
            break_outcome: RwSignal::new(String::new()),
            reduced_motion,
        }
    }

    /// Reads the player, tracking changes.
    pub fn read<R>(&self, f: impl FnOnce(&Player) -> R) -> R {
        self.version.track();
        self.player.with_value(f)
    }

    /// Reads the player without tracking.
    pub fn peek<R>(&self, f: impl FnOnce(&Player) -> R) -> R {
        self.player.with_value(f)
    }

    /// Presses a break-it button (or its shortcut): the event happens now
    /// and [`LabState::break_outcome`] says what it did.
    pub fn press(&self, b: Breaker) {
        let said = self.update(|p| {
            if p.is_finished() {
                return "The run is over: scrub back to break something earlier.".to_owned();
            }
            let before = Before::of(p);
            p.schedule(b.event());
            describe(b, p.now_us(), before, &p.counters())
        });
        self.break_outcome.set(said);
    }

    /// Changes the player and notifies readers.
    pub fn update<R>(&self, f: impl FnOnce(&mut Player) -> R) -> R {
        let r = self.player.try_update_value(f).expect("the Lab is mounted");
        self.version.update(|v| *v += 1);
        r
    }

    /// Changes the settings (a knob, a path, the strategy) and keeps what
    /// still applies: the break-it presses at their times and the timeline
    /// position, and says so in the break-it status line (also what was
    /// dropped). Pauses.
    pub fn retune(&self, scenario: Scenario) {
        let (presses, now_us) = self.peek(|p| {
            let presses: Vec<_> = p.injections().iter().map(|i| (i.kind, i.at_us)).collect();
            (presses, p.now_us())
        });
        self.restart_with(scenario);
        if presses.is_empty() && now_us == 0 {
            return;
        }
        let dropped = self.update(|p| p.carry_over(&presses, now_us));
        self.break_outcome.set(carried_over(
            presses.len(),
            dropped,
            self.peek(|p| p.now_us()),
        ));
    }

    /// Starts over on `scenario` (pauses). The last press's status line
    /// goes too: it spoke of the run that is gone.
    pub fn restart_with(&self, scenario: Scenario) {
        self.playing.set(false);
        self.selected.set(None);
        self.break_outcome.set(String::new());
        self.update(|p| *p = Player::new(scenario.clone()));
        self.scenario.set(scenario);
    }

    /// Shows a shared link's state: its scenario, its injections replayed at
    /// their exact positions, and its timeline position (paused). Returns a
    /// sentence for each part that is not a moment of the run (left out).
    pub fn load(&self, link: &crate::url::LabLink) -> Vec<String> {
        self.restart_with(link.scenario.clone());
        self.update(|p| p.restore(&link.injections, link.position))
    }

    /// The state as a link carries it (see [`crate::url::lab_search`]);
    /// `None` once the Lab is unmounted.
    pub fn link(&self) -> Option<crate::url::LabLink> {
        self.player.try_with_value(|p| crate::url::LabLink {
            scenario: p.scenario().clone(),
            injections: p
                .injections()
                .iter()
                .map(|i| {
                    (
                        i.kind,
                        crate::settings::lab::Position {
                            events: i.at_events,
                            now_us: i.at_us,
                        },
                    )
                })
                .collect(),
            position: p.position(),
        })
    }

    /// Slow motion on, or back to the speed before it (the `s` key).
    pub fn toggle_slow_motion(&self) {
        let slow = speed_log(SLOW_MOTION);
        match self.before_slow_motion.get_untracked() {
            Some(before) if (self.speed_log.get_untracked() - slow).abs() < 1e-9 => {
                self.speed_log.set(before);
                self.before_slow_motion.set(None);
            }
            _ => {
                self.before_slow_motion
                    .set(Some(self.speed_log.get_untracked()));
                self.speed_log.set(slow);
            }
        }
    }

    /// Playback speed (×).
    pub fn speed(&self) -> f64 {
        10f64
            .powf(self.speed_log.get_untracked())
            .clamp(MIN_SPEED, MAX_SPEED)
    }

    /// Virtual µs to advance for `real_ms` of wall time at the current speed.
    pub fn virtual_us_for(&self, real_ms: f64) -> u64 {
        let us = real_ms / 1000.0 * VIRTUAL_US_PER_REAL_SECOND * self.speed();
        // Cap a frame at 250 ms of wall time (a background tab resuming must
        // not jump the whole run).
        us.clamp(0.0, VIRTUAL_US_PER_REAL_SECOND * MAX_SPEED / 4.0) as u64
    }

    /// One event forward (pauses).
    pub fn step(&self) {
        self.playing.set(false);
        self.update(|p| p.step());
    }

    /// One event back (pauses).
    pub fn step_back(&self) {
        self.playing.set(false);
        self.update(|p| p.step_back());
    }

    /// Play or pause; at the end, play restarts from 0.
    pub fn toggle_play(&self) {
        if self.playing.get_untracked() {
            self.playing.set(false);
        } else {
            if self.peek(|p| p.is_finished()) {
                self.update(|p| p.seek(0));
            }
            self.playing.set(true);
        }
    }
}

/// The Lab state from context (panics outside the Lab: a programming error).
pub fn use_lab() -> LabState {
    expect_context::<LabState>()
}

/// The sentence after a settings change that replayed `presses` break-it
/// presses, `dropped` of which fell after the new run's end.
fn carried_over(presses: usize, dropped: usize, now_us: u64) -> String {
    let kept = presses - dropped;
    let presses_part = match (kept, dropped) {
        (0, 0) => String::new(),
        (k, 0) => format!(
            " and {} at the same times",
            plural(k, "break-it press", "break-it presses")
        ),
        (0, d) => format!(
            "; {} after the new run's end dropped",
            plural(d, "break-it press", "break-it presses")
        ),
        (k, d) => format!(
            " and {} at the same times; {} after the new run's end dropped",
            plural(k, "break-it press", "break-it presses"),
            plural(d, "press", "presses")
        ),
    };
    format!(
        "New settings: kept the position ({} ms){presses_part}.",
        crate::lab::counters::ms(now_us)
    )
}

fn plural(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

#[cfg(test)]
mod tests {
    use super::carried_over;

    #[test]
    fn a_settings_change_says_what_it_kept_and_dropped() {
        assert_eq!(
            carried_over(0, 0, 12_000),
            "New settings: kept the position (12.0 ms)."
        );
        assert_eq!(
            carried_over(2, 0, 12_000),
            "New settings: kept the position (12.0 ms) and 2 break-it presses at the same times."
        );
        assert_eq!(
            carried_over(1, 1, 500),
            "New settings: kept the position (0.5 ms); 1 break-it press after the new run's end dropped."
        );
        assert_eq!(
            carried_over(3, 1, 500),
            "New settings: kept the position (0.5 ms) and 2 break-it presses at the same times; 1 press after the new run's end dropped."
        );
    }
}
