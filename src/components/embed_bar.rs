//! The only chrome an embedded view keeps: a link to the full page.

use leptos::prelude::*;

use crate::url;

/// "Open in cachescope": the same state without `embed`, in a new tab, so a
/// reader can leave the host page and keep exploring.
#[component]
pub fn EmbedBar(
    /// The current `location.search`.
    search: Signal<String>,
) -> impl IntoView {
    view! {
        <div class="embed-bar">
            <a
                class="embed-bar__link"
                href=move || search.with(|s| url::full_page_link(s))
                target="_blank"
                rel="noopener"
                data-testid="open-full"
            >
                "Open in cachescope ↗"
            </a>
        </div>
    }
}
