//! The guided tour: seven steps from the Lab to Compare and back, ending in
//! the Lab as a sandbox.
//!
//! Each [`Step`] names a view and a real element by its `data-testid`; the
//! tour switches views through the app's `on_navigate` (so the address bar
//! and Back follow), waits for the element to render, scrolls it into view
//! below the sticky header, marks it (`data-tour-target`, styled in
//! `style/tour.css`) and places a small non-modal dialog next to it with
//! "Back", "Next" (or "Done") and "Skip". Focus moves into the dialog and
//! returns where it was when the tour ends; Escape ends it. A view the tour
//! returns to is shown at the address it had when the tour left it (or
//! started on it): a tour started on a Compare preset shows that preset.
//! Scrolling is
//! instant and the highlight only animates without `prefers-reduced-motion`.
//!
//! Starting: the header's "Tour" button dispatches [`START_EVENT`] on
//! `window` (the header and the tour are siblings in the app, so an event
//! decouples them without a shared signal in `app.rs`). On a first visit an
//! in-flow invitation (never an overlay) offers the tour; the answer is
//! remembered in localStorage through [`crate::storage`]. Where storage is
//! blocked the invitation is not shown at all, since it could never be
//! dismissed for good; the header button still works.
//!
//! The app does not mount the tour in embed mode.

use std::time::Duration;

use leptos::ev;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::info_tip::{place_near, Rect, EDGE, GAP};
use crate::storage;
use crate::url::View;

/// localStorage key: set once the visitor started or declined the tour.
pub const STORAGE_KEY: &str = "cachescope.tour";

/// The `window` event the header's "Tour" button dispatches.
pub const START_EVENT: &str = "cachescope-tour-start";

/// One stop of the tour.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Step {
    /// The view the element lives in.
    pub view: View,
    /// `data-testid` of the element to highlight.
    pub target: &'static str,
    /// Short heading.
    pub title: &'static str,
    /// One or two sentences.
    pub text: &'static str,
}

/// Every step, in order. The last one is in the Lab, free to play.
pub const STEPS: [Step; 7] = [
    Step {
        view: View::Lab,
        target: "diagram",
        title: "A small system, one request at a time",
        text: "The app on top, the cache in the middle, the database below. Each dot is a request \
               following the path the chosen strategy gives it.",
    },
    Step {
        view: View::Lab,
        target: "play",
        title: "Play, step, rewind",
        text: "Play runs the simulation; Step moves one event at a time, and the timeline beside \
               it goes back to any moment.",
    },
    Step {
        view: View::Lab,
        target: "counters",
        title: "Keep score",
        text: "Hits, misses, slow reads and, when they appear, stale reads and lost writes. Each \
               \"?\" says what a number means.",
    },
    Step {
        view: View::Lab,
        target: "break-panel",
        title: "Break it on purpose",
        text: "Crash the cache or change the database behind its back, then watch which \
               strategy serves old data or loses writes.",
    },
    Step {
        view: View::Compare,
        target: "lanes",
        title: "All five, same requests",
        text: "Compare sends one stream of requests through every strategy; ▲ and ▼ mark the \
               best and worst value of each metric.",
    },
    Step {
        view: View::Compare,
        target: "knob-panel",
        title: "Change the workload",
        text: "Move any knob and every lane is simulated again at once; the presets above load \
               typical cases.",
    },
    Step {
        view: View::Lab,
        target: "lab-knobs",
        title: "Your sandbox",
        text: "Back in the Lab: pick a strategy, tune the workload, play and break things. \
               Nothing here can hurt a real system.",
    },
];

/// The step after `i`, or `None` after the last.
pub fn next(i: usize) -> Option<usize> {
    (i + 1 < STEPS.len()).then_some(i + 1)
}

/// The step before `i`, or `None` on the first.
pub fn back(i: usize) -> Option<usize> {
    i.checked_sub(1)
}

/// The window's scroll position that shows a target and the dialog below
/// it. `top` is the target's top in page coordinates, `height` its height,
/// `popover` the dialog's height, `header` the sticky header's height and
/// `viewport` the window's height. When both fit they are centred in the
/// space under the header (the dialog then goes below the target);
/// otherwise the target's top goes just below room for the dialog, which
/// [`place_near`] then puts above it, so the dialog never hides where a
/// tall target begins.
pub fn scroll_for(top: f64, height: f64, popover: f64, header: f64, viewport: f64) -> f64 {
    let room = viewport - header;
    let block = height + popover + 3.0 * EDGE;
    let offset = if block <= room {
        (room - block) / 2.0 + EDGE
    } else {
        EDGE + popover + GAP
    };
    (top - header - offset).max(0.0)
}

/// The element with `data-testid=target` (an `Element`, not an
/// `HtmlElement`: the Lab's diagram is an `<svg>`).
fn element(target: &str) -> Option<web_sys::Element> {
    document()
        .query_selector(&format!("[data-testid=\"{target}\"]"))
        .ok()
        .flatten()
}

fn clear_marks() {
    if let Ok(list) = document().query_selector_all("[data-tour-target]") {
        for i in 0..list.length() {
            if let Some(el) = list
                .item(i)
                .and_then(|n| n.dyn_into::<web_sys::Element>().ok())
            {
                let _ = el.remove_attribute("data-tour-target");
            }
        }
    }
}

fn num(v: Result<wasm_bindgen::JsValue, wasm_bindgen::JsValue>) -> f64 {
    v.ok().and_then(|v| v.as_f64()).unwrap_or(0.0)
}

fn header_height() -> f64 {
    document()
        .query_selector(".site-header")
        .ok()
        .flatten()
        .map_or(0.0, |h| h.get_bounding_client_rect().height())
}

/// Places the dialog next to the current target (fixed coordinates).
fn place(popover: &web_sys::HtmlElement, target: &web_sys::Element) -> (f64, f64) {
    let r = target.get_bounding_client_rect();
    let w = window();
    // Never under the sticky header: treat the space below it as the viewport.
    let header = header_height();
    let anchor = Rect {
        left: r.left(),
        top: r.top() - header,
        width: r.width(),
        height: r.height(),
    };
    let size = (
        f64::from(popover.offset_width()),
        f64::from(popover.offset_height()),
    );
    let viewport = (num(w.inner_width()), num(w.inner_height()) - header);
    let (left, top) = place_near(anchor, size, viewport);
    (left, top + header)
}

/// The tour (invitation, dialog), mounted once by the app outside embed mode.
#[component]
pub fn Tour(
    /// The view on screen.
    current: Signal<View>,
    /// Switches views (pushes a history entry), as the navigation does.
    on_navigate: Callback<View>,
    /// Opens exactly this address (pushes a history entry).
    on_open: Callback<String>,
) -> impl IntoView {
    let step = RwSignal::new(None::<usize>);
    // The element to give focus back to when the tour ends.
    let return_to = StoredValue::new_local(None::<web_sys::HtmlElement>);
    let invite = RwSignal::new(storage::available() && storage::get(STORAGE_KEY).is_none());
    let popover = NodeRef::<leptos::html::Div>::new();
    let left = RwSignal::new(EDGE);
    let top = RwSignal::new(EDGE);
    // Bumped on every step change, so a stale wait for an element gives up.
    let generation = StoredValue::new(0u32);
    // The address of each view as the tour last left it (or found it at the
    // start): going back to a view shows it as it was, e.g. the Compare
    // preset the reader started from, not the default one.
    let left_at = StoredValue::new(Vec::<(View, String)>::new());
    let switch_to = move |view: View| {
        let here = current.get_untracked();
        if here == view {
            return;
        }
        let search = crate::url::current_search();
        left_at.update_value(|seen| {
            seen.retain(|(v, _)| *v != here);
            seen.push((here, search));
        });
        match left_at.with_value(|seen| {
            seen.iter()
                .find(|(v, _)| *v == view)
                .map(|(_, s)| s.clone())
        }) {
            Some(search) => on_open.run(search),
            None => on_navigate.run(view),
        }
    };

    let remember = move || {
        invite.set(false);
        storage::set(STORAGE_KEY, "seen");
    };
    let start = move || {
        remember();
        let focused = document()
            .active_element()
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
        return_to.set_value(focused);
        left_at.set_value(Vec::new());
        step.set(Some(0));
        switch_to(STEPS[0].view);
    };
    let end = move || {
        if step.get_untracked().is_none() {
            return;
        }
        step.set(None);
        clear_marks();
        let back = return_to
            .with_value(|e| e.clone())
            .filter(|e| e.is_connected())
            .or_else(|| {
                element("tour-button").and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
            });
        if let Some(el) = back {
            let _ = el.focus();
        }
    };
    let go = move |to: usize| {
        step.set(Some(to));
        switch_to(STEPS[to].view);
    };

    // Show a step: wait for its element (the view may still be rendering),
    // scroll it into view, mark it, place the dialog, focus the dialog.
    Effect::new(move |_| {
        let Some(i) = step.get() else {
            return;
        };
        generation.update_value(|g| *g += 1);
        let mine = generation.get_value();
        clear_marks();
        fn attempt(
            i: usize,
            mine: u32,
            tries: u32,
            generation: StoredValue<u32>,
            popover: NodeRef<leptos::html::Div>,
            left: RwSignal<f64>,
            top: RwSignal<f64>,
        ) {
            if generation.get_value() != mine {
                return;
            }
            let (Some(target), Some(pop)) = (element(STEPS[i].target), popover.get_untracked())
            else {
                if tries > 0 {
                    set_timeout(
                        move || attempt(i, mine, tries - 1, generation, popover, left, top),
                        Duration::from_millis(50),
                    );
                }
                return;
            };
            let w = window();
            let r = target.get_bounding_client_rect();
            let page_top = r.top() + w.scroll_y().unwrap_or(0.0);
            let y = scroll_for(
                page_top,
                r.height(),
                f64::from(pop.offset_height()),
                header_height(),
                num(w.inner_height()),
            );
            w.scroll_to_with_x_and_y(0.0, y);
            let _ = target.set_attribute("data-tour-target", "");
            let (l, t) = place(&pop, &target);
            left.set(l);
            top.set(t);
            let _ = pop.focus();
        }
        // Up to 4 s: Compare simulates before its lanes appear.
        attempt(i, mine, 80, generation, popover, left, top);
    });

    // The visitor left the step's view by other means (a nav link, Back):
    // the tour ends rather than dragging them back.
    Effect::new(move |_| {
        let view = current.get();
        if let Some(i) = step.get_untracked() {
            if STEPS[i].view != view {
                end();
            }
        }
    });

    let reposition = move || {
        if let (Some(i), Some(pop)) = (step.get_untracked(), popover.get_untracked()) {
            if let Some(target) = element(STEPS[i].target) {
                let (l, t) = place(&pop, &target);
                left.set(l);
                top.set(t);
            }
        }
    };
    let start_listener = window_event_listener_untyped(START_EVENT, move |_| start());
    let keys = window_event_listener(ev::keydown, move |e| {
        if e.key() == "Escape" && step.get_untracked().is_some() {
            e.prevent_default();
            end();
        }
    });
    let scroll = window_event_listener(ev::scroll, move |_| reposition());
    let resize = window_event_listener(ev::resize, move |_| reposition());
    on_cleanup(move || {
        start_listener.remove();
        keys.remove();
        scroll.remove();
        resize.remove();
        clear_marks();
    });

    view! {
        <Show when=move || invite.get() && step.get().is_none()>
            <aside class="tour-invite" aria-label="Guided tour" data-testid="tour-invite">
                <p class="tour-invite__text">"New here? Take the 1-minute tour."</p>
                <div class="tour-invite__actions">
                    <button
                        type="button"
                        class="button button--primary"
                        data-testid="tour-start"
                        on:click=move |_| start()
                    >
                        "Start the tour"
                    </button>
                    <button type="button" class="button" data-testid="tour-dismiss" on:click=move |_| remember()>
                        "No thanks"
                    </button>
                </div>
            </aside>
        </Show>
        {move || {
            step.get()
                .map(|i| {
                    let s = STEPS[i];
                    let last = next(i).is_none();
                    view! {
                        <div
                            class="tour-popover"
                            role="dialog"
                            aria-modal="false"
                            aria-labelledby="tour-title"
                            aria-describedby="tour-text"
                            tabindex="-1"
                            data-testid="tour-popover"
                            data-step=i + 1
                            node_ref=popover
                            style:left=move || format!("{:.0}px", left.get())
                            style:top=move || format!("{:.0}px", top.get())
                        >
                            <p class="tour-popover__count" data-testid="tour-count">
                                {format!("Step {} of {}", i + 1, STEPS.len())}
                            </p>
                            <h2 id="tour-title" class="tour-popover__title">{s.title}</h2>
                            <p id="tour-text" class="tour-popover__text">{s.text}</p>
                            <div class="tour-popover__actions">
                                {(!last)
                                    .then(|| {
                                        view! {
                                            <button type="button" class="button" data-testid="tour-skip" on:click=move |_| end()>
                                                "Skip tour"
                                            </button>
                                        }
                                    })}
                                <span class="tour-popover__nav">
                                    <button
                                        type="button"
                                        class="button"
                                        data-testid="tour-back"
                                        prop:disabled=i == 0
                                        on:click=move |_| {
                                            if let Some(b) = back(i) {
                                                go(b);
                                            }
                                        }
                                    >
                                        "Back"
                                    </button>
                                    <button
                                        type="button"
                                        class="button button--primary"
                                        data-testid="tour-next"
                                        on:click=move |_| match next(i) {
                                            Some(n) => go(n),
                                            None => end(),
                                        }
                                    >
                                        {if last { "Done" } else { "Next" }}
                                    </button>
                                </span>
                            </div>
                        </div>
                    }
                })
        }}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn goes_from_the_lab_to_compare_and_ends_in_the_lab() {
        assert!((5..=7).contains(&STEPS.len()));
        assert_eq!(STEPS[0].view, View::Lab);
        assert_eq!(STEPS[STEPS.len() - 1].view, View::Lab);
        assert!(STEPS.iter().any(|s| s.view == View::Compare));
        // Every step points at its own element.
        for (i, a) in STEPS.iter().enumerate() {
            assert!(
                STEPS[i + 1..].iter().all(|b| b.target != a.target),
                "{}",
                a.target
            );
        }
    }

    #[test]
    fn next_and_back_walk_the_steps_and_stop_at_the_ends() {
        assert_eq!(back(0), None);
        assert_eq!(next(0), Some(1));
        assert_eq!(back(3), Some(2));
        assert_eq!(next(STEPS.len() - 1), None);
        let mut i = 0;
        let mut seen = 1;
        while let Some(n) = next(i) {
            assert_eq!(back(n), Some(i));
            i = n;
            seen += 1;
        }
        assert_eq!(seen, STEPS.len());
    }

    #[test]
    fn scrolls_so_target_and_dialog_show_under_the_header() {
        // Small target: centred with the dialog in the room under a 60 px header.
        let y = scroll_for(2_000.0, 100.0, 200.0, 60.0, 800.0);
        let on_screen = 2_000.0 - y;
        assert!(
            on_screen >= 60.0 + EDGE && on_screen + 100.0 + 200.0 <= 800.0,
            "{on_screen}"
        );
        // Tall target: its top just under room for the dialog above it...
        let y = scroll_for(2_000.0, 900.0, 200.0, 60.0, 800.0);
        assert_eq!(y, 2_000.0 - 60.0 - EDGE - 200.0 - GAP);
        let target = Rect {
            left: 0.0,
            top: 2_000.0 - y - 60.0,
            width: 300.0,
            height: 900.0,
        };
        // ... and place_near (in the space under the header) puts it there.
        let (_, t) = place_near(target, (300.0, 200.0), (360.0, 800.0 - 60.0));
        assert_eq!(t, EDGE);
        // Near the top of the page: never a negative scroll.
        assert_eq!(scroll_for(10.0, 900.0, 200.0, 60.0, 800.0), 0.0);
    }
}
