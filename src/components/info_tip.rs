//! A small accessible tooltip: a focusable "?" button next to a label, whose
//! one-line explanation (from [`crate::glossary`]) shows on hover, on
//! keyboard focus and on tap, and hides on Escape.
//!
//! The bubble is `position: fixed` and placed by [`place_near`] from the
//! button's box, so it escapes scrolling containers (the comparison table
//! scrolls sideways on a phone) and is never clipped by the viewport; being
//! out of flow it never shifts the layout. It stays in the DOM, hidden with
//! `visibility`, so `aria-describedby` always has a target.
//!
//! State, and why it is this shape:
//! - `hover`: the pointer is over the button or the bubble (the bubble is
//!   hoverable, so a mouse can move onto it to read it, WCAG 1.4.13).
//! - `focus`: the button has *keyboard* focus (`:focus-visible`); a tap
//!   also focuses the button, but must not count, or the tap's click would
//!   toggle it straight off again.
//! - `pinned`: a click or tap toggles it; losing focus unpins.
//! - `dismissed`: Escape hides the bubble until the pointer or focus leaves.

use std::sync::atomic::{AtomicU32, Ordering};

use leptos::ev;
use leptos::prelude::*;

/// A rectangle in viewport pixels (a `DOMRect`'s numbers), so placement is a
/// pure function tested natively.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Rect {
    /// Left edge.
    pub left: f64,
    /// Top edge.
    pub top: f64,
    /// Width.
    pub width: f64,
    /// Height.
    pub height: f64,
}

/// Space kept between a floating box and the viewport's edges.
pub const EDGE: f64 = 8.0;
/// Gap between the anchor and the floating box.
pub const GAP: f64 = 6.0;

/// Where to put a floating box of `size` (width, height) next to `anchor`
/// inside a `viewport` (width, height): below it if it fits, else above it
/// if that fits, else wherever there is more room (clamped on screen);
/// horizontally centred on the anchor but never past either edge. Returns
/// the box's (left, top).
pub fn place_near(anchor: Rect, size: (f64, f64), viewport: (f64, f64)) -> (f64, f64) {
    place_near_side(anchor, size, viewport, Side::Below)
}

/// Which side of its anchor a floating box tries first.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    /// Below, then above (a hovered or tapped tooltip, the tour).
    Below,
    /// Above, then below: a tooltip opened by keyboard focus, since the
    /// control it explains sits under its label (a knob's input), which is
    /// where the next Tab lands; below, it covered that input.
    Above,
}

/// [`place_near`], trying `prefer` first.
pub fn place_near_side(
    anchor: Rect,
    size: (f64, f64),
    viewport: (f64, f64),
    prefer: Side,
) -> (f64, f64) {
    let (w, h) = size;
    let (vw, vh) = viewport;
    let centre = anchor.left + anchor.width / 2.0;
    let left = (centre - w / 2.0).min(vw - w - EDGE).max(EDGE);
    let below = anchor.top + anchor.height + GAP;
    let above = anchor.top - GAP - h;
    let fits_below = below + h <= vh - EDGE;
    let fits_above = above >= EDGE;
    let top = if prefer == Side::Above && fits_above {
        above
    } else if fits_below {
        below
    } else if fits_above {
        above
    } else if vh - below >= anchor.top {
        // Neither fits: the side with more room, held on screen.
        below.min(vh - h - EDGE).max(EDGE)
    } else {
        above.max(EDGE)
    };
    (left, top)
}

/// A fresh id for a bubble (`aria-describedby` needs one per page).
fn next_id() -> String {
    static NEXT: AtomicU32 = AtomicU32::new(0);
    format!("info-tip-{}", NEXT.fetch_add(1, Ordering::Relaxed))
}

/// The header cells of a table whose columns are `(id, heading)` pairs, each
/// heading followed by its tooltip from `explain(id)`. `table` names the
/// table in the button's label when headings repeat across tables ("Key
/// (cache)", "Key (database)").
pub fn explained_headers(
    columns: &'static [(&'static str, &'static str)],
    explain: fn(&str) -> Option<&'static str>,
    table: Option<&'static str>,
) -> impl IntoView {
    columns
        .iter()
        .map(|&(id, heading)| {
            let subject = match table {
                Some(t) => format!("{heading} ({t})"),
                None => heading.to_owned(),
            };
            view! {
                <th scope="col">
                    {heading}
                    {explain(id).map(|text| view! { <InfoTip text=text subject=subject /> })}
                </th>
            }
        })
        .collect_view()
}

/// A "?" button with a one-line tooltip.
#[component]
pub fn InfoTip(
    /// The explanation, one line (from [`crate::glossary`]).
    text: &'static str,
    /// What it explains; the button is named "What is `subject`?".
    #[prop(into)]
    subject: String,
    /// Whether the button is a tab stop. Repeats of the same tooltip (the
    /// same metric in each of six lanes) pass `false`, so a keyboard user
    /// meets each explanation once instead of sixty-six times; pointer and
    /// touch users still get every one.
    #[prop(default = true)]
    tab_stop: bool,
) -> impl IntoView {
    let id = next_id();
    let hover = RwSignal::new(false);
    let focus = RwSignal::new(false);
    let pinned = RwSignal::new(false);
    let dismissed = RwSignal::new(false);
    let shown =
        Memo::new(move |_| (hover.get() || focus.get() || pinned.get()) && !dismissed.get());
    let left = RwSignal::new(0.0f64);
    let top = RwSignal::new(0.0f64);
    let button = NodeRef::<leptos::html::Button>::new();
    let bubble = NodeRef::<leptos::html::Span>::new();

    let place = move || {
        let (Some(b), Some(t)) = (button.get_untracked(), bubble.get_untracked()) else {
            return;
        };
        let r = b.get_bounding_client_rect();
        let anchor = Rect {
            left: r.left(),
            top: r.top(),
            width: r.width(),
            height: r.height(),
        };
        let size = (f64::from(t.offset_width()), f64::from(t.offset_height()));
        let w = window();
        let num =
            |v: Result<wasm_bindgen::JsValue, _>| v.ok().and_then(|v| v.as_f64()).unwrap_or(0.0);
        let viewport = (num(w.inner_width()), num(w.inner_height()));
        let prefer = if focus.get_untracked() && !hover.get_untracked() && !pinned.get_untracked() {
            Side::Above
        } else {
            Side::Below
        };
        let (l, tp) = place_near_side(anchor, size, viewport, prefer);
        left.set(l);
        top.set(tp);
    };
    // Keep a shown bubble next to its button while the page scrolls or
    // resizes. The listeners exist only while the bubble is shown: Compare
    // has dozens of these buttons and rebuilds them with every report, and
    // a hidden bubble has nothing to follow.
    let listeners = StoredValue::new_local(None::<[WindowListenerHandle; 2]>);
    Effect::new(move |_| {
        let show = shown.get();
        let had = listeners.try_update_value(|l| l.take()).flatten();
        if let Some(handles) = had {
            handles.into_iter().for_each(WindowListenerHandle::remove);
        }
        if show {
            place();
            let follow = move || {
                if shown.get_untracked() {
                    place();
                }
            };
            listeners.set_value(Some([
                window_event_listener(ev::scroll, move |_| follow()),
                window_event_listener(ev::resize, move |_| follow()),
            ]));
        }
    });
    on_cleanup(move || {
        if let Some(handles) = listeners.try_update_value(|l| l.take()).flatten() {
            handles.into_iter().for_each(WindowListenerHandle::remove);
        }
    });

    let on_focus = move |_| {
        let keyboard = button
            .get_untracked()
            .is_some_and(|b| b.matches(":focus-visible").unwrap_or(false));
        dismissed.set(false);
        focus.set(keyboard);
    };
    let on_blur = move |_| {
        focus.set(false);
        pinned.set(false);
        dismissed.set(false);
    };
    let on_click = move |_| {
        if shown.get_untracked() && pinned.get_untracked() {
            pinned.set(false);
            dismissed.set(true);
        } else {
            pinned.set(true);
            dismissed.set(false);
        }
    };
    let on_key = move |e: ev::KeyboardEvent| {
        if e.key() == "Escape" && shown.get_untracked() {
            // Only this tooltip closes: not the Lab's help, not the tour.
            e.stop_propagation();
            e.prevent_default();
            pinned.set(false);
            dismissed.set(true);
        }
    };
    view! {
        <span
            class="info-tip"
            on:mouseenter=move |_| hover.set(true)
            on:mouseleave=move |_| {
                hover.set(false);
                if !focus.get_untracked() && !pinned.get_untracked() {
                    dismissed.set(false);
                }
            }
        >
            <button
                type="button"
                class="info-tip__button"
                node_ref=button
                aria-label=format!("What is {subject}?")
                aria-describedby=id.clone()
                aria-expanded=move || if shown.get() { "true" } else { "false" }
                tabindex=if tab_stop { None } else { Some("-1") }
                on:focus=on_focus
                on:blur=on_blur
                on:click=on_click
                on:keydown=on_key
            >
                "?"
            </button>
            <span
                role="tooltip"
                id=id
                class="info-tip__bubble"
                class:is-shown=move || shown.get()
                node_ref=bubble
                style:left=move || format!("{:.0}px", left.get())
                style:top=move || format!("{:.0}px", top.get())
            >
                {text}
            </span>
        </span>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PHONE: (f64, f64) = (360.0, 740.0);

    fn at(left: f64, top: f64) -> Rect {
        Rect {
            left,
            top,
            width: 20.0,
            height: 20.0,
        }
    }

    #[test]
    fn below_and_centred_when_there_is_room() {
        assert_eq!(
            place_near(at(170.0, 100.0), (100.0, 40.0), PHONE),
            (130.0, 126.0)
        );
    }

    #[test]
    fn never_past_either_edge_of_a_phone() {
        // A button at the right edge: the box slides left to stay on screen.
        let (l, _) = place_near(at(335.0, 100.0), (300.0, 40.0), PHONE);
        assert_eq!(l, 360.0 - 300.0 - EDGE);
        // At the left edge: it slides right.
        let (l, _) = place_near(at(0.0, 100.0), (300.0, 40.0), PHONE);
        assert_eq!(l, EDGE);
    }

    #[test]
    fn above_when_there_is_no_room_below() {
        let (_, t) = place_near(at(100.0, 700.0), (200.0, 60.0), PHONE);
        assert_eq!(t, 700.0 - GAP - 60.0);
    }

    #[test]
    fn keyboard_focus_puts_it_above_so_the_next_input_stays_visible() {
        let (_, t) = place_near_side(at(100.0, 300.0), (200.0, 60.0), PHONE, Side::Above);
        assert_eq!(t, 300.0 - GAP - 60.0);
        // No room above (the top of the page): below after all.
        let (_, t) = place_near_side(at(100.0, 20.0), (200.0, 60.0), PHONE, Side::Above);
        assert_eq!(t, 20.0 + 20.0 + GAP);
    }

    #[test]
    fn held_on_screen_when_it_fits_neither_side() {
        // A box taller than the room on both sides stays inside the viewport.
        let (_, t) = place_near(at(100.0, 300.0), (200.0, 500.0), PHONE);
        assert!(t >= EDGE && t + 500.0 <= PHONE.1 - EDGE, "{t}");
    }
}
