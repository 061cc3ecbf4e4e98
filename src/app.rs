//! The root component: owns the address-bar state and lays out the frame.

use leptos::ev;
use leptos::prelude::*;

use crate::components::theme_toggle::{apply_theme, stored_theme};
use crate::components::tour::Tour;
use crate::components::{DebugPanic, EmbedBar, Footer, Header, Notices, UnknownViewNotice};
use crate::embed;
use crate::url::{self, PageOptions, Route, View};
use crate::views::{ChooseView, CompareView, LabView};

/// The whole app: header with navigation and toolbar, the current view,
/// footer; or, in embed mode (`?embed=1`), the view alone with a link to the
/// full page.
///
/// State lives in the address bar. `search` mirrors `location.search`; the
/// route and the page options are derived from it, so a reload, a pasted
/// link and Back/Forward all go through the same parser. Navigating pushes a
/// history entry and updates the mirror; `popstate` (Back/Forward) re-reads
/// the address bar.
#[component]
pub fn App() -> impl IntoView {
    let search = RwSignal::new(url::current_search());
    let route = Memo::new(move |_| search.with(|s| Route::parse(s)));
    let options = Memo::new(move |_| search.with(|s| PageOptions::parse(s)));
    let current = Signal::derive(move || route.with(|r| r.view));
    // Embedding is decided by the link that loaded the page: an embed never
    // grows a header, and a full page never loses it, while navigating.
    let embedded = options.with_untracked(|o| o.embed);

    let popstate = window_event_listener(ev::popstate, move |_| {
        search.set(url::current_search());
    });
    on_cleanup(move || popstate.remove());

    let navigate = Callback::new(move |view: View| {
        let next = url::with_view(&search.get_untracked(), view);
        url::push_search(&next);
        search.set(next);
    });

    // A theme in the link (an embed matching its host page) wins over the
    // visitor's remembered choice, which wins over the system setting.
    let theme = RwSignal::new(
        options
            .with_untracked(|o| o.theme)
            .or_else(stored_theme)
            .unwrap_or_default(),
    );
    Effect::new(move |_| apply_theme(theme.get()));

    // The tab title names the view, so history entries and bookmarks say
    // where they lead.
    Effect::new(move |_| {
        let title = format!("{} · cachescope", current.get().label());
        document().set_title(&title);
    });

    let root = NodeRef::<leptos::html::Div>::new();
    if embedded {
        Effect::new(move |_| {
            if let Some(el) = root.get() {
                embed::report_height(&el);
            }
        });
    }

    let notices = Signal::derive(move || options.with(|o| o.notices.clone()));
    let debug_panic = move || options.with(|o| o.debug_panic);

    view! {
        <div class="app" class:app--embed=embedded node_ref=root data-testid="app">
            {(!embedded)
                .then(|| {
                    view! {
                        <a class="skip-link" href="#main">
                            "Skip to content"
                        </a>
                        <Header
                            search=search.into()
                            current=current
                            on_navigate=navigate
                            theme=theme
                        />
                        <Tour current=current on_navigate=navigate />
                    }
                })}
            <main id="main" class="main" tabindex="-1" data-testid="main">
                <Notices notices=notices />
                {move || {
                    route
                        .with(|r| r.unknown.clone())
                        .map(|requested| view! { <UnknownViewNotice requested=requested /> })
                }}
                {move || debug_panic().then(|| view! { <DebugPanic /> })}
                {move || match current.get() {
                    View::Lab => view! { <LabView /> }.into_any(),
                    View::Compare => view! { <CompareView /> }.into_any(),
                    View::Choose => view! { <ChooseView /> }.into_any(),
                }}
            </main>
            {if embedded {
                view! { <EmbedBar search=search.into() /> }.into_any()
            } else {
                view! { <Footer /> }.into_any()
            }}
        </div>
    }
}
