//! The notice shown when a link asks for a view that does not exist.

use leptos::prelude::*;

use crate::url::View;

/// Says that the requested view is unknown and which view is shown instead,
/// so a mistyped or outdated link does not fail silently.
#[component]
pub fn UnknownViewNotice(
    /// The requested view name, already decoded and shortened by
    /// [`crate::url::Route::parse`]; rendered as text, never as HTML.
    requested: String,
) -> impl IntoView {
    let names = View::ALL
        .iter()
        .map(|v| v.as_str())
        .collect::<Vec<_>>()
        .join(", ");
    view! {
        <div class="notice" role="status" data-testid="unknown-view-notice">
            <strong>"Unknown view “" {requested} "”."</strong>
            " Showing " {View::default().label()} " instead. Known views: " {names} "."
        </div>
    }
}
