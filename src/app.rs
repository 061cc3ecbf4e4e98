//! The root component: owns the address-bar state and lays out the frame.

use leptos::ev;
use leptos::prelude::*;

use crate::components::theme_toggle::{apply_theme, stored_theme};
use crate::components::tour::Tour;
use crate::components::{DebugPanic, EmbedBar, Footer, Header, Notices, UnknownViewNotice};
use crate::embed;
use crate::url::{self, PageOptions, Route, View};
use crate::views::{ChooseView, CompareView, LabView};

/// The address bar as the views see it, provided by [`App`] as context.
///
/// Views read their state from the query string when they mount, write it
/// back with [`Address::write`] whenever it changes, and re-read it when
/// [`Address::arrivals`] moves (Back/Forward brought another entry).
#[derive(Clone, Copy)]
pub struct Address {
    /// Mirror of `location.search`, updated by every write (navigation
    /// links and the embed bar read it).
    pub search: RwSignal<String>,
    /// Bumped when the address changed from outside the page (popstate).
    pub arrivals: RwSignal<u64>,
    /// The current view's own sentences about its link (a knob value out of
    /// range, an unknown event time), tagged with the view that wrote them
    /// so they disappear with it.
    pub notices: RwSignal<(View, Vec<String>)>,
}

impl Address {
    /// Writes `next` into history (see [`url::Write`]) and the mirror.
    pub fn write(&self, next: &str, how: url::Write) {
        url::write_search(next, how);
        if self.search.with_untracked(|s| s != next) {
            self.search.set(next.to_owned());
        }
    }

    /// Replaces `view`'s notices about its link.
    pub fn set_notices(&self, view: View, notices: Vec<String>) {
        self.notices.set((view, notices));
    }
}

/// Writes `next` through the app's [`Address`], or straight into history
/// when a view is mounted without the app (tests).
pub fn write_address(next: &str, how: url::Write) {
    write_via(use_context::<Address>(), next, how);
}

/// [`write_address`] with the context looked up beforehand (an async task
/// has no owner to look it up from).
pub fn write_via(address: Option<Address>, next: &str, how: url::Write) {
    match address {
        Some(a) => a.write(next, how),
        None => url::write_search(next, how),
    }
}

/// Shows `view`'s notices about its link in the page's notice box.
pub fn show_link_notices(view: View, notices: Vec<String>) {
    if let Some(a) = use_context::<Address>() {
        a.set_notices(view, notices);
    }
}

/// Runs `reload` whenever Back/Forward brings another address (not on the
/// first run): a view re-reads its state from [`url::current_search`].
pub fn on_arrival(reload: impl Fn() + 'static) {
    if let Some(a) = use_context::<Address>() {
        let reload = StoredValue::new_local(reload);
        Effect::new(move |prev: Option<u64>| {
            let n = a.arrivals.get();
            if prev.is_some_and(|p| p != n) {
                reload.with_value(|f| f());
            }
            n
        });
    }
}

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
    // The address as it arrived (load, Back/Forward, navigation): the page's
    // own notices are about this link, and stay while the view rewrites the
    // address into its canonical form.
    let loaded = RwSignal::new(search.get_untracked());
    let address = Address {
        search,
        arrivals: RwSignal::new(0),
        notices: RwSignal::new((View::default(), Vec::new())),
    };
    provide_context(address);
    let route = Memo::new(move |_| search.with(|s| Route::parse(s)));
    let options = Memo::new(move |_| loaded.with(|s| PageOptions::parse(s)));
    let current = Signal::derive(move || route.with(|r| r.view));
    // Embedding is decided by the link that loaded the page: an embed never
    // grows a header, and a full page never loses it, while navigating.
    let embedded = options.with_untracked(|o| o.embed);

    let popstate = window_event_listener(ev::popstate, move |_| {
        url::discard_pending();
        let now = url::current_search();
        loaded.set(now.clone());
        search.set(now);
        address.arrivals.update(|n| *n += 1);
    });
    on_cleanup(move || popstate.remove());
    // A change still settling (a scrub, a slider) reaches the address before
    // the page goes away, so a reload or a bookmark made right after keeps it.
    let pagehide = window_event_listener(ev::pagehide, |_| url::flush_pending());
    on_cleanup(move || pagehide.remove());

    // Opens exactly this address (a new history entry).
    let open_search = Callback::new(move |next: String| {
        url::push_search(&next);
        loaded.set(next.clone());
        search.set(next);
    });
    let navigate = Callback::new(move |view: View| {
        open_search.run(url::with_view(&search.get_untracked(), view));
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

    let notices = Signal::derive(move || {
        let mut list = options.with(|o| o.notices.clone());
        address.notices.with(|(view, own)| {
            if *view == current.get() {
                list.extend(own.iter().cloned());
            }
        });
        list
    });
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
                        <Tour current=current on_navigate=navigate on_open=open_search />
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
