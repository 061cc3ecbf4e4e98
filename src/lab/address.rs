//! The Lab's state in the address: one effect writes the link of the Lab as
//! it is ([`url::lab_search`], [`url::lab_speed_search`]), and Back/Forward
//! load the state of the entry arrived at.

use cachescope_sim::Scenario;
use leptos::prelude::*;

use crate::app::{on_arrival, show_link_notices, write_via, Address};
use crate::lab::state::LabState;
use crate::settings::lab_defaults::{speed_log, DEFAULT_SPEED};
use crate::url::{self, View};

/// Keeps the address in step with the Lab (see [`url::lab_search`]): after a
/// pause, step, scrub, injection or knob change, never on every animation
/// frame. A new scenario or injection is a new history entry, written at
/// once; moving along the timeline only updates the current entry, once the
/// movement stops ([`url::Write::Defer`]: a scrub drag writes once, and Copy
/// link flushes it). Back/Forward reload the state of the entry arrived at.
pub fn sync_address(lab: LabState, incomplete: RwSignal<bool>) {
    type Shape = (Scenario, usize);
    let address = use_context::<Address>();
    let written = StoredValue::new(None::<Shape>);
    let written_speed = StoredValue::new(None::<f64>);
    let replace_next = StoredValue::new(true);
    // Writes the address for the Lab as it is now.
    let write = move || {
        let Some(link) = lab.link() else {
            return;
        };
        let (next, complete) = url::lab_search(&url::current_search(), &link);
        let speed = lab.speed_log.get_untracked();
        let next = url::lab_speed_search(&next, speed);
        written_speed.try_set_value(Some(speed));
        incomplete.try_set(!complete);
        let shape: Shape = (link.scenario, link.injections.len());
        let changed = written.try_with_value(|w| w.as_ref() != Some(&shape)) == Some(true);
        let how = if replace_next.try_get_value() != Some(false) {
            url::Write::Replace
        } else if changed {
            url::Write::Push
        } else {
            url::Write::Defer
        };
        replace_next.try_set_value(false);
        written.try_set_value(Some(shape));
        write_via(address, &next, how);
    };
    Effect::new(move |_| {
        lab.read(|_| ());
        let playing = lab.playing.get();
        let shape: Shape = (lab.scenario.get(), lab.peek(|p| p.injections().len()));
        let discrete = written.with_value(|w| w.as_ref() != Some(&shape));
        let speed = lab.speed_log.get();
        let sped = written_speed.with_value(|w| *w != Some(speed));
        // While playing, only a new scenario or injection, or a new speed
        // (the current entry, once the slider rests), is worth a write.
        if discrete || sped || !playing {
            write();
        }
    });
    on_arrival(move || {
        let search = url::current_search();
        let (link, mut notices) = url::parse_lab(&search);
        let (speed, speed_notices) = url::parse_lab_speed(&search);
        notices.extend(speed_notices);
        if lab.link().as_ref() != Some(&link) {
            replace_next.set_value(true);
            notices.extend(lab.load(&link));
        }
        let speed = speed.unwrap_or(speed_log(DEFAULT_SPEED));
        if lab.speed_log.get_untracked() != speed {
            lab.speed_log.set(speed);
        }
        show_link_notices(View::Lab, notices);
    });
}
