//! Component tests in a real browser: `cargo test --target wasm32-unknown-unknown`
//! runs them in headless Chromium through wasm-bindgen-test-runner.
//!
//! Each test mounts the real [`App`] into its own element, drives it the way a
//! user would (clicks, Back) and reads the page through `data-testid`s. The
//! address bar is shared by all tests in the page, so each test sets it first.
#![cfg(target_arch = "wasm32")]
#![forbid(unsafe_code)]

use std::time::Duration;

use cachescope_app::App;
use gloo_timers::future::TimeoutFuture;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::{Element, HtmlElement};

mod charts;
mod compare;
mod lab;

wasm_bindgen_test_configure!(run_in_browser);

fn window() -> web_sys::Window {
    web_sys::window().expect("a browser window")
}

/// Replaces the address bar's query string without a reload, keeping the path
/// the test runner serves the page at.
fn set_search(search: &str) {
    let path = window().location().pathname().expect("pathname");
    window()
        .history()
        .expect("history")
        .replace_state_with_url(&JsValue::NULL, "", Some(&format!("{path}{search}")))
        .expect("replaceState");
}

fn search() -> String {
    window().location().search().expect("search")
}

/// Lets Leptos apply pending DOM updates and effects (it batches them).
async fn settle() {
    TimeoutFuture::new(0).await;
    TimeoutFuture::new(0).await;
}

/// Polls until `cond` holds, for asynchronous browser events such as
/// `popstate` after `history.back()`; panics with `what` after `timeout`.
async fn wait_until(what: &str, timeout: Duration, cond: impl Fn() -> bool) {
    let step = 10u32;
    let mut waited = 0u32;
    while !cond() {
        assert!(
            u128::from(waited) < timeout.as_millis(),
            "timed out waiting for {what}"
        );
        TimeoutFuture::new(step).await;
        waited += step;
    }
}

/// The app mounted into a fresh `<div>`; dropping it unmounts the app and
/// removes the element, so tests do not see each other's DOM.
struct Mounted {
    root: HtmlElement,
    handle: Option<Box<dyn std::any::Any>>,
}

impl Mounted {
    async fn app(search: &str) -> Mounted {
        set_search(search);
        let document = window().document().expect("document");
        let root: HtmlElement = document
            .create_element("div")
            .expect("create div")
            .unchecked_into();
        document
            .body()
            .expect("body")
            .append_child(&root)
            .expect("append");
        let handle = leptos::mount::mount_to(root.clone(), App);
        let mounted = Mounted {
            root,
            handle: Some(Box::new(handle)),
        };
        settle().await;
        mounted
    }

    fn find(&self, test_id: &str) -> Option<Element> {
        self.root
            .query_selector(&format!("[data-testid=\"{test_id}\"]"))
            .expect("valid selector")
    }

    fn get(&self, test_id: &str) -> Element {
        self.find(test_id)
            .unwrap_or_else(|| panic!("no element with data-testid={test_id}"))
    }

    fn text(&self, test_id: &str) -> String {
        self.get(test_id).text_content().unwrap_or_default()
    }

    async fn click(&self, test_id: &str) {
        self.get(test_id).unchecked_into::<HtmlElement>().click();
        settle().await;
    }

    fn current_nav(&self) -> Vec<String> {
        let links = self
            .root
            .query_selector_all("nav a[aria-current=\"page\"]")
            .expect("valid selector");
        (0..links.length())
            .filter_map(|i| links.item(i))
            .filter_map(|n| n.text_content())
            .collect()
    }
}

impl Drop for Mounted {
    fn drop(&mut self) {
        drop(self.handle.take());
        self.root.remove();
    }
}

#[wasm_bindgen_test]
async fn frame_shows_product_nav_footer_and_lab_by_default() {
    let app = Mounted::app("").await;
    assert_eq!(app.text("app-title"), "cachescope");
    assert_eq!(app.text("view-title"), "Lab");
    assert!(app.find("view-lab").is_some());
    assert_eq!(app.current_nav(), ["Lab"]);
    for (id, href) in [
        ("nav-lab", "?view=lab"),
        ("nav-compare", "?view=compare"),
        ("nav-choose", "?view=choose"),
    ] {
        assert_eq!(app.get(id).get_attribute("href").as_deref(), Some(href));
    }
    assert!(app
        .text("privacy-note")
        .contains("no requests leave the page"));
    // The footer names the build; it links to the source only when the
    // build was told where that is (never to a made-up address).
    let meta = app.get("footer-meta");
    let version = concat!("cachescope v", env!("CARGO_PKG_VERSION"));
    assert!(meta.text_content().unwrap_or_default().ends_with(version));
    let links = meta.query_selector_all("a").unwrap().length();
    assert_eq!(
        links,
        u32::from(option_env!("CACHESCOPE_SOURCE_URL").is_some_and(|u| !u.trim().is_empty()))
    );
    assert!(app.find("unknown-view-notice").is_none());
    assert_eq!(window().document().unwrap().title(), "Lab · cachescope");
}

#[wasm_bindgen_test]
async fn clicking_a_nav_link_switches_view_and_address_without_reload() {
    let app = Mounted::app("?seed=7").await;
    app.click("nav-compare").await;
    assert_eq!(app.text("view-title"), "Compare");
    assert!(app.find("view-compare").is_some());
    assert!(app.find("view-lab").is_none());
    assert_eq!(app.current_nav(), ["Compare"]);
    // The other parameters survive, in the address bar and in every link.
    assert_eq!(search(), "?seed=7&view=compare");
    assert_eq!(
        app.get("nav-choose").get_attribute("href").as_deref(),
        Some("?seed=7&view=choose")
    );
    assert_eq!(window().document().unwrap().title(), "Compare · cachescope");

    app.click("nav-choose").await;
    assert_eq!(app.text("view-title"), "Choose");
    assert_eq!(search(), "?seed=7&view=choose");
}

#[wasm_bindgen_test]
async fn deep_link_opens_its_view() {
    let app = Mounted::app("?view=choose").await;
    assert_eq!(app.text("view-title"), "Choose");
    assert_eq!(app.current_nav(), ["Choose"]);
}

#[wasm_bindgen_test]
async fn unknown_view_shows_a_notice_until_the_user_navigates() {
    let app = Mounted::app("?view=<b>nope</b>").await;
    let notice = app.get("unknown-view-notice");
    let text = notice.text_content().unwrap_or_default();
    assert!(text.contains("Unknown view “<b>nope</b>”"), "{text}");
    assert!(text.contains("Showing Lab instead"), "{text}");
    // Rendered as text, never as markup.
    assert!(notice.query_selector("b").unwrap().is_none());
    assert_eq!(app.text("view-title"), "Lab");

    app.click("nav-compare").await;
    assert!(app.find("unknown-view-notice").is_none());
    assert_eq!(app.text("view-title"), "Compare");
    assert_eq!(search(), "?view=compare");
}

#[wasm_bindgen_test]
async fn back_returns_to_the_previous_view() {
    let app = Mounted::app("?view=lab").await;
    app.click("nav-compare").await;
    assert_eq!(app.text("view-title"), "Compare");

    window().history().unwrap().back().unwrap();
    wait_until("Back to show Lab", Duration::from_secs(3), || {
        app.find("view-title").and_then(|e| e.text_content()) == Some("Lab".into())
    })
    .await;
    assert_eq!(search(), "?view=lab");
    assert_eq!(app.current_nav(), ["Lab"]);
}
