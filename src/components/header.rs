//! The site header: product name, tagline, the main navigation and the
//! toolbar (tour, copy link, embed, export, theme) that applies to every view.

use leptos::prelude::*;

use super::tour::START_EVENT;
use super::{CopyLink, EmbedDialog, ExportMenu, Nav, ThemeToggle};
use crate::url::{Theme, View};

/// The line under the product name (also in index.html's boot skeleton).
pub const TAGLINE: &str = "Five caching strategies, one deterministic simulator";

/// The top bar of every page.
#[component]
pub fn Header(
    /// The current `location.search`, so navigation links keep the rest of
    /// the state when they switch views.
    search: Signal<String>,
    /// The view on screen, marked `aria-current` in the navigation.
    current: Signal<View>,
    /// Called with the target view when a navigation link is followed
    /// in-page (a plain left click).
    on_navigate: Callback<View>,
    /// The page's colour theme, switched by the toggle in the toolbar.
    theme: RwSignal<Theme>,
) -> impl IntoView {
    // The tour is a sibling of the header in the app: it listens for this
    // event on `window` (see `components::tour`).
    let start_tour = move |_| {
        if let Ok(e) = web_sys::Event::new(START_EVENT) {
            let _ = window().dispatch_event(&e);
        }
    };
    view! {
        <header class="site-header">
            <div class="site-header__inner">
                <div class="brand">
                    <svg class="brand__mark" viewBox="0 0 32 32" aria-hidden="true" focusable="false">
                        <rect x="3" y="5" width="26" height="6" rx="2" class="brand__tier brand__tier--app" />
                        <rect x="3" y="13" width="26" height="6" rx="2" class="brand__tier brand__tier--cache" />
                        <rect x="3" y="21" width="26" height="6" rx="2" class="brand__tier brand__tier--db" />
                    </svg>
                    <div class="brand__text">
                        <span class="brand__name" data-testid="app-title">
                            "cachescope"
                        </span>
                        <span class="brand__tagline">{TAGLINE}</span>
                    </div>
                </div>
                <Nav search=search current=current on_navigate=on_navigate />
                <div class="toolbar" role="group" aria-label="Share and display">
                    <button
                        type="button"
                        class="tool-button"
                        data-testid="tour-button"
                        title="A one-minute guided tour from the Lab to Compare"
                        on:click=start_tour
                    >
                        "Tour"
                    </button>
                    <CopyLink />
                    <EmbedDialog />
                    <ExportMenu />
                    <ThemeToggle theme=theme />
                </div>
            </div>
        </header>
    }
}
