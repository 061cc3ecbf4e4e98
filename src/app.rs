//! The root component: owns the address-bar state and lays out the frame.

use leptos::ev;
use leptos::prelude::*;

use crate::components::{Footer, Header, UnknownViewNotice};
use crate::url::{self, Route, View};
use crate::views::{ChooseView, CompareView, LabView};

/// The whole app: header with navigation, the current view, footer.
///
/// State lives in the address bar. `search` mirrors `location.search`; the
/// route is derived from it, so a reload, a pasted link and Back/Forward all
/// go through the same parser. Navigating pushes a history entry and updates
/// the mirror; `popstate` (Back/Forward) re-reads the address bar.
#[component]
pub fn App() -> impl IntoView {
    let search = RwSignal::new(url::current_search());
    let route = Memo::new(move |_| search.with(|s| Route::parse(s)));
    let current = Signal::derive(move || route.with(|r| r.view));

    let popstate = window_event_listener(ev::popstate, move |_| {
        search.set(url::current_search());
    });
    on_cleanup(move || popstate.remove());

    let navigate = Callback::new(move |view: View| {
        let next = url::with_view(&search.get_untracked(), view);
        url::push_search(&next);
        search.set(next);
    });

    // The tab title names the view, so history entries and bookmarks say
    // where they lead.
    Effect::new(move |_| {
        let title = format!("{} · cachescope", current.get().label());
        document().set_title(&title);
    });

    view! {
        <div class="app">
            <a class="skip-link" href="#main">
                "Skip to content"
            </a>
            <Header search=search.into() current=current on_navigate=navigate />
            <main id="main" class="main" tabindex="-1" data-testid="main">
                {move || {
                    route
                        .with(|r| r.unknown.clone())
                        .map(|requested| view! { <UnknownViewNotice requested=requested /> })
                }}
                {move || match current.get() {
                    View::Lab => view! { <LabView /> }.into_any(),
                    View::Compare => view! { <CompareView /> }.into_any(),
                    View::Choose => view! { <ChooseView /> }.into_any(),
                }}
            </main>
            <Footer />
        </div>
    }
}
