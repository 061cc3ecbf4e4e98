//! One tooltip for every chart: the charts carry `data-tip` on their hover
//! targets; the charts' container listens (event delegation), and this box
//! shows the exact values next to the pointer, or, for keyboard focus, pinned
//! to the bottom of the window.

use leptos::ev;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// The tooltip state the container's handlers write.
#[derive(Clone, Copy)]
pub struct Tip {
    text: RwSignal<Option<String>>,
    x: RwSignal<i32>,
    y: RwSignal<i32>,
    pinned: RwSignal<bool>,
}

impl Tip {
    /// A hidden tooltip.
    pub fn new() -> Tip {
        Tip {
            text: RwSignal::new(None),
            x: RwSignal::new(0),
            y: RwSignal::new(0),
            pinned: RwSignal::new(false),
        }
    }

    fn tip_of(target: Option<web_sys::EventTarget>) -> Option<String> {
        target?
            .dyn_into::<web_sys::Element>()
            .ok()?
            .get_attribute("data-tip")
    }

    /// `mouseover` handler: show the target's tip near the pointer.
    pub fn on_over(self, e: ev::MouseEvent) {
        match Tip::tip_of(e.target()) {
            Some(t) => {
                self.x.set(e.client_x() + 12);
                self.y.set(e.client_y() + 14);
                self.pinned.set(false);
                self.text.set(Some(t));
            }
            None => self.text.set(None),
        }
    }

    /// `focusin` handler: show the focused target's tip at the top.
    pub fn on_focus(self, e: ev::FocusEvent) {
        match Tip::tip_of(e.target()) {
            Some(t) => {
                self.pinned.set(true);
                self.text.set(Some(t));
            }
            None => self.text.set(None),
        }
    }

    /// Hides it.
    pub fn hide(self) {
        self.text.set(None);
    }
}

impl Default for Tip {
    fn default() -> Self {
        Tip::new()
    }
}

/// The floating box (position: fixed).
#[component]
pub fn Tooltip(
    /// The state the container's handlers write.
    tip: Tip,
) -> impl IntoView {
    view! {
        <div
            class="chart-tip"
            role="status"
            data-testid="chart-tip"
            class:chart-tip--shown=move || tip.text.with(Option::is_some)
            class:chart-tip--pinned=move || tip.pinned.get()
            style:left=move || format!("{}px", tip.x.get())
            style:top=move || format!("{}px", tip.y.get())
        >
            {move || tip.text.get().unwrap_or_default()}
        </div>
    }
}

/// A one-column chart grid whose charts' hover targets show their line in
/// one [`Tooltip`] (the sweep's and the trace's curve).
#[component]
pub fn OneChartGrid(children: Children) -> impl IntoView {
    let tip = Tip::new();
    view! {
        <div
            class="charts__grid charts__grid--one"
            on:mouseover=move |e| tip.on_over(e)
            on:mouseleave=move |_| tip.hide()
            on:focusin=move |e| tip.on_focus(e)
            on:focusout=move |_| tip.hide()
        >
            <Tooltip tip=tip />
            {children()}
        </div>
    }
}
