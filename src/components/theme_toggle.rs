//! The light/dark switch in the header, and applying a theme to the page.
//!
//! The stylesheet follows `prefers-color-scheme` unless `<html>` carries
//! `data-theme="light"` or `"dark"`; this module only sets or removes that
//! attribute. The visitor's choice is remembered in localStorage when the
//! browser allows it (never in a sandboxed embed: see [`crate::storage`]).

use leptos::prelude::*;

use crate::storage;
use crate::url::Theme;

/// The localStorage key of the remembered theme.
pub const STORAGE_KEY: &str = "cachescope.theme";

/// The theme the visitor chose earlier, if any and if storage works.
pub fn stored_theme() -> Option<Theme> {
    storage::get(STORAGE_KEY).and_then(|v| Theme::from_query_value(&v))
}

/// Sets `data-theme` on `<html>` (removed for [`Theme::Auto`]).
pub fn apply_theme(theme: Theme) {
    #[cfg(target_arch = "wasm32")]
    if let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let _ = match theme {
            Theme::Auto => root.remove_attribute("data-theme"),
            other => root.set_attribute("data-theme", other.as_str()),
        };
    }
    #[cfg(not(target_arch = "wasm32"))]
    let _ = theme;
}

/// Whether the system asks for a dark theme (`prefers-color-scheme: dark`).
fn system_prefers_dark() -> bool {
    #[cfg(target_arch = "wasm32")]
    {
        web_sys::window()
            .and_then(|w| w.match_media("(prefers-color-scheme: dark)").ok().flatten())
            .is_some_and(|m| m.matches())
    }
    #[cfg(not(target_arch = "wasm32"))]
    false
}

/// Whether `theme` shows dark colours right now.
fn is_dark(theme: Theme) -> bool {
    match theme {
        Theme::Dark => true,
        Theme::Light => false,
        Theme::Auto => system_prefers_dark(),
    }
}

/// A toggle button: pressed means dark. Its first state follows the
/// system; a click picks the other theme explicitly and remembers it.
#[component]
pub fn ThemeToggle(
    /// The page's theme; the app applies it to `<html>`.
    theme: RwSignal<Theme>,
) -> impl IntoView {
    let dark = move || is_dark(theme.get());
    let on_click = move |_| {
        let next = if is_dark(theme.get_untracked()) {
            Theme::Light
        } else {
            Theme::Dark
        };
        theme.set(next);
        storage::set(STORAGE_KEY, next.as_str());
    };
    view! {
        <button
            type="button"
            class="tool-button"
            // The visible text says the state, which a sighted reader could
            // not tell from "Dark theme" alone; it is also the name (WCAG
            // 2.5.3: the name contains the visible text).
            aria-pressed=move || if dark() { "true" } else { "false" }
            title="Switch between the light and the dark theme (remembered on this device)"
            data-testid="theme-toggle"
            on:click=on_click
        >
            <span aria-hidden="true">{move || if dark() { "☾ " } else { "☀ " }}</span>
            {move || if dark() { "Dark theme: on" } else { "Dark theme: off" }}
        </button>
    }
}
