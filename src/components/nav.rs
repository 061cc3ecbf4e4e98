//! The main navigation: one real link per view.

use leptos::prelude::*;
use web_sys::MouseEvent;

use crate::url::{self, View};

/// Links to every view. Each is a real `<a href="?view=…">`, so it can be
/// opened in a new tab, copied, or followed with JavaScript off; a plain left
/// click is handled in-page (no reload) through `on_navigate`.
#[component]
pub fn Nav(
    /// The current `location.search`; links keep its other parameters.
    search: Signal<String>,
    /// The view on screen, marked with `aria-current="page"`.
    current: Signal<View>,
    /// Called with the target view on a plain left click.
    on_navigate: Callback<View>,
) -> impl IntoView {
    let links = View::ALL
        .into_iter()
        .map(|view| {
            let href = move || search.with(|s| url::with_view(s, view));
            let is_current = move || current.get() == view;
            let on_click = move |ev: MouseEvent| {
                if is_modified_click(&ev) {
                    return; // let the browser open a tab, a window, a download…
                }
                ev.prevent_default();
                on_navigate.run(view);
            };
            view! {
                <li>
                    <a
                        class="nav__link"
                        class:nav__link--current=is_current
                        href=href
                        aria-current=move || is_current().then_some("page")
                        data-testid=format!("nav-{}", view.as_str())
                        on:click=on_click
                    >
                        {view.label()}
                    </a>
                </li>
            }
        })
        .collect_view();

    view! {
        <nav class="nav" aria-label="Views">
            <ul class="nav__list">{links}</ul>
        </nav>
    }
}

/// A click the browser should handle itself: not the primary button, a
/// modifier held (new tab/window), or already handled by someone else.
fn is_modified_click(ev: &MouseEvent) -> bool {
    ev.default_prevented()
        || ev.button() != 0
        || ev.ctrl_key()
        || ev.meta_key()
        || ev.shift_key()
        || ev.alt_key()
}
