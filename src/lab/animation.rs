//! The Lab's clock: a `requestAnimationFrame` loop that, while playing,
//! advances virtual time by real elapsed time × speed (the engine runs to
//! the new time, tokens are placed along their hops). Under
//! `prefers-reduced-motion: reduce`, playing moves one engine event per
//! tick of [`REDUCED_STEP_MS`] instead of gliding tokens.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use leptos::prelude::*;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

use crate::lab::state::LabState;

/// Wall-clock ms between single steps when motion is reduced.
pub const REDUCED_STEP_MS: f64 = 150.0;

/// Whether the user asked for reduced motion. Read through a CSS custom
/// property set by a media query in `style/lab.css`, so no extra web-sys
/// feature is needed.
pub fn prefers_reduced_motion() -> bool {
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

/// Plays `lab` while its `playing` signal is on, until the owner is
/// cleaned up.
pub fn play_loop(lab: LabState) {
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
}
