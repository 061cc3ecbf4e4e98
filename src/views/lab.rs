//! The Lab view: one strategy on a small simulated system, played request
//! by request. Opens on `?view=lab&strategy=<id>` plus the knobs that differ
//! from the Lab defaults, the seed, the break-it injections and the timeline
//! position (`&capacity=4&break=crash:120@64.955ms&pos=135@72.998ms`; the
//! format is [`crate::url`]'s), replayed exactly through the player.
//!
//! This file wires the Lab's components (in [`crate::lab`]) to one shared
//! [`LabState`], runs the animation loop (`requestAnimationFrame`: virtual
//! time advances by real elapsed time × speed, the engine runs to the new
//! time, tokens are placed along their hops) and the keyboard shortcuts.
//! Under `prefers-reduced-motion: reduce`, playing moves one engine event per
//! frame-tick of 150 ms instead of gliding tokens.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use cachescope_sim::StrategyId;
use leptos::ev;
use leptos::prelude::*;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

use crate::app::{on_arrival, show_link_notices, write_via, Address};
use crate::lab::break_panel::BreakPanel;
use crate::lab::cache_table::CacheTable;
use crate::lab::controls::Controls;
use crate::lab::counters::Counters;
use crate::lab::data_bar::LabDataBar;
use crate::lab::db_table::DbTable;
use crate::lab::details::Details;
use crate::lab::diagram::Diagram;
use crate::lab::help::HelpOverlay;
use crate::lab::knobs::Knobs;
use crate::lab::narration_panel::NarrationPanel;
use crate::lab::scrubber::Scrubber;
use crate::lab::state::LabState;
use crate::settings::lab_defaults::{speed_log, Breaker, DEFAULT_SPEED};
use crate::url::{self, View};
use cachescope_sim::Scenario;

/// Wall-clock ms between single steps when motion is reduced.
const REDUCED_STEP_MS: f64 = 150.0;

/// Whether the user asked for reduced motion. Read through a CSS custom
/// property set by a media query in `style/lab.css`, so no extra web-sys
/// feature is needed.
fn prefers_reduced_motion() -> bool {
    let Some(w) = web_sys::window() else {
        return false;
    };
    let Some(root) = w.document().and_then(|d| d.document_element()) else {
        return false;
    };
    w.get_computed_style(&root)
        .ok()
        .flatten()
        .and_then(|s| s.get_property_value("--lab-reduced-motion").ok())
        .is_some_and(|v| v.trim() == "1")
}

/// Runs `frame(elapsed_ms)` on every animation frame until the returned
/// guard's `stop` is called.
fn animation_loop(mut frame: impl FnMut(f64) + 'static) -> impl Fn() {
    type Slot = Rc<RefCell<Option<Closure<dyn FnMut(f64)>>>>;
    let slot: Slot = Rc::new(RefCell::new(None));
    let alive = Rc::new(Cell::new(true));
    let handle = Rc::new(Cell::new(0i32));
    let last = Rc::new(Cell::new(None::<f64>));
    {
        let (slot2, alive2, handle2) = (slot.clone(), alive.clone(), handle.clone());
        *slot.borrow_mut() = Some(Closure::new(move |ts: f64| {
            if !alive2.get() {
                return;
            }
            let dt = last.get().map_or(0.0, |l| ts - l);
            last.set(Some(ts));
            frame(dt);
            if let (Some(w), Some(cb)) = (web_sys::window(), slot2.borrow().as_ref()) {
                if let Ok(h) = w.request_animation_frame(cb.as_ref().unchecked_ref()) {
                    handle2.set(h);
                }
            }
        }));
    }
    if let (Some(w), Some(cb)) = (web_sys::window(), slot.borrow().as_ref()) {
        if let Ok(h) = w.request_animation_frame(cb.as_ref().unchecked_ref()) {
            handle.set(h);
        }
    }
    move || {
        alive.set(false);
        if let Some(w) = web_sys::window() {
            let _ = w.cancel_animation_frame(handle.get());
        }
        // Break the closure's reference cycle.
        slot.borrow_mut().take();
    }
}

/// Keeps the address in step with the Lab (see [`url::lab_search`]): after a
/// pause, step, scrub, injection or knob change, never on every animation
/// frame. A new scenario or injection is a new history entry, written at
/// once; moving along the timeline only updates the current entry, once the
/// movement stops ([`url::Write::Defer`]: a scrub drag writes once, and Copy
/// link flushes it). Back/Forward reload the state of the entry arrived at.
fn sync_address(lab: LabState, incomplete: RwSignal<bool>) {
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

/// The Lab.
#[component]
pub fn LabView() -> impl IntoView {
    let search = url::current_search();
    let (strategy, unknown) = url::lab_strategy(&search);
    let lab = LabState::new(strategy, prefers_reduced_motion());
    provide_context(lab);
    // The whole state is in the link: scenario, injections, position.
    let (link, mut notices) = url::parse_lab(&search);
    notices.extend(lab.load(&link));
    let (speed, speed_notices) = url::parse_lab_speed(&search);
    notices.extend(speed_notices);
    if let Some(speed) = speed {
        lab.speed_log.set(speed);
    }
    show_link_notices(View::Lab, notices);
    let incomplete = RwSignal::new(false);
    sync_address(lab, incomplete);

    // Animation: advance virtual time while playing.
    let pending_ms = Rc::new(Cell::new(0.0f64));
    let stop = animation_loop(move |dt| {
        if !lab.playing.get_untracked() {
            pending_ms.set(0.0);
            return;
        }
        if lab.reduced_motion {
            pending_ms.set(pending_ms.get() + dt);
            if pending_ms.get() >= REDUCED_STEP_MS / lab.speed().max(0.1) {
                pending_ms.set(0.0);
                lab.update(|p| p.step());
            }
        } else {
            let dv = lab.virtual_us_for(dt);
            if dv > 0 {
                lab.update(|p| {
                    let t = p.now_us().saturating_add(dv);
                    p.advance_to(t)
                });
            }
        }
        if lab.peek(|p| p.is_finished()) {
            lab.playing.set(false);
        }
    });
    // `on_cleanup` wants `Send + Sync`; the loop's guard holds `Rc`s, so it
    // is kept in local (single-threaded) storage.
    let stop = StoredValue::new_local(stop);
    on_cleanup(move || stop.with_value(|stop| stop()));

    // Keyboard shortcuts (ignored while typing in a form field).
    let keys = window_event_listener(ev::keydown, move |e| {
        if e.ctrl_key() || e.meta_key() || e.alt_key() {
            return;
        }
        let typing = e
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .is_some_and(|el| matches!(el.tag_name().as_str(), "INPUT" | "SELECT" | "TEXTAREA"));
        let key = e.key();
        if typing && key != "Escape" {
            return;
        }
        let handled = match key.as_str() {
            " " => {
                // Space on a focused button is that button's click.
                let on_button = e
                    .target()
                    .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                    .is_some_and(|el| el.tag_name() == "BUTTON");
                if on_button {
                    return;
                }
                lab.toggle_play();
                true
            }
            "ArrowRight" => {
                lab.step();
                true
            }
            "ArrowLeft" => {
                lab.step_back();
                true
            }
            "+" | "=" => {
                lab.speed_log.update(|s| *s = (*s + 0.25).min(2.0));
                true
            }
            "-" | "_" => {
                lab.speed_log.update(|s| *s = (*s - 0.25).max(-1.0));
                true
            }
            "Home" => {
                lab.playing.set(false);
                lab.update(|p| p.seek(0));
                true
            }
            "s" => {
                lab.toggle_slow_motion();
                true
            }
            "c" => {
                lab.press(Breaker::Crash);
                true
            }
            "a" => {
                lab.press(Breaker::AdminWrite);
                true
            }
            "?" => {
                lab.help_open.update(|h| *h = !*h);
                true
            }
            "Escape" => {
                lab.help_open.set(false);
                false
            }
            _ => false,
        };
        if handled {
            e.prevent_default();
        }
    });
    on_cleanup(move || keys.remove());

    let on_strategy = Callback::new(move |id: StrategyId| {
        // The address follows (a new history entry: see `sync_address`).
        let mut s = crate::settings::lab_defaults::lab_scenario(id);
        s.seed = lab.scenario.with_untracked(|s| s.seed);
        // The same presses at the same times: one experiment, another strategy.
        lab.retune(s);
    });

    view! {
        <section class="view lab" data-testid="view-lab" aria-labelledby="view-title">
            <header class="lab__head">
                <div>
                    <p class="view__eyebrow">"One strategy, one small system"</p>
                    <h1 id="view-title" class="view__title" data-testid="view-title">
                        "Lab"
                    </h1>
                </div>
                <p class="lab__lede">
                    {move || {
                        let s = lab.scenario.get();
                        let (r, w) = s.paths();
                        format!(
                            "{}: reads {}, writes {}. Play it, step it, scrub it, then break it. Press ? for shortcuts.",
                            StrategyId::for_path_kinds(r, w).map_or("Custom pair", |id| id.label()),
                            r.as_str(),
                            w.as_str(),
                        )
                    }}
                </p>
            </header>
            {unknown.map(|raw| view! {
                <p class="lab-notice" role="status" data-testid="unknown-strategy">
                    {format!(
                        "There is no strategy called “{raw}”. Showing cache-aside instead; the strategies are cache-aside, read-through, write-through, write-back and write-around."
                    )}
                </p>
            })}
            {move || incomplete.get().then(|| view! {
                <p class="lab-notice" role="status" data-testid="link-incomplete">
                    "This page's link does not carry everything (more break-it events than a link \
                     holds, or settings the Lab's knobs cannot express): a copied link would open \
                     other numbers. To share exactly this, download the scenario as JSON (Export)."
                </p>
            })}
            <div class="lab__bar">
                <Controls />
                <Scrubber />
            </div>
            <div class="lab__grid">
                <div class="lab__main">
                    <Diagram />
                    <Counters />
                    <div class="lab__tables">
                        <CacheTable />
                        <DbTable />
                    </div>
                </div>
                <div class="lab__side">
                    <NarrationPanel />
                    <BreakPanel />
                    <Details />
                    <Knobs on_strategy=on_strategy />
                    <LabDataBar />
                </div>
            </div>
            <HelpOverlay />
        </section>
    }
}
