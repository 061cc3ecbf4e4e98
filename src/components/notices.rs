//! The one place the page lists what it rejected or ignored in its address.

use leptos::prelude::*;

/// A list of plain-sentence notices (from [`crate::url::PageOptions`]);
/// renders nothing when there are none. Each notice is text, never HTML, so
/// a hostile link can at most be quoted back.
#[component]
pub fn Notices(
    /// The sentences to show, in order.
    notices: Signal<Vec<String>>,
) -> impl IntoView {
    move || {
        let list = notices.get();
        (!list.is_empty()).then(|| {
            let items = list
                .into_iter()
                .map(|text| view! { <li>{text}</li> })
                .collect_view();
            view! {
                <div class="notice notices" role="status" data-testid="notices">
                    <strong>"Some of this link was not used:"</strong>
                    <ul class="notices__list">{items}</ul>
                </div>
            }
        })
    }
}
