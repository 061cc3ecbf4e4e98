//! The panic banner: a Rust panic shows a message and a way out instead of a
//! page that silently stopped responding.
//!
//! The release build aborts on panic (`panic = "abort"`), and WebAssembly
//! cannot unwind, so after a panic nothing of the app runs again. The panic
//! hook still runs first: it logs the message (as `console_error_panic_hook`
//! does) and writes a banner into the page with plain DOM calls, which need
//! nothing of the dead app. "Reload with defaults" opens the page without its
//! query string, since a bad link is the likeliest cause.

use leptos::prelude::*;

/// The `id` of the banner element, so a second panic adds no second banner.
pub const BANNER_ID: &str = "panic-banner";

/// Installs the panic hook. Call once, before mounting the app.
pub fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        show_banner(&info.to_string());
    }));
}

/// The first `max` characters of `message` (panic messages can quote input).
fn short(message: &str, max: usize) -> String {
    let mut out: String = message.chars().take(max).collect();
    if message.chars().count() > max {
        out.push('…');
    }
    out
}

#[cfg(target_arch = "wasm32")]
fn show_banner(message: &str) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let Some(document) = window.document() else {
        return;
    };
    if document.get_element_by_id(BANNER_ID).is_some() {
        return;
    }
    let Some(body) = document.body() else {
        return;
    };
    let reload = window.location().pathname().unwrap_or_else(|_| "./".into());
    let build = || -> Result<web_sys::Element, wasm_bindgen::JsValue> {
        let banner = document.create_element("div")?;
        banner.set_id(BANNER_ID);
        banner.set_class_name("panic-banner");
        banner.set_attribute("role", "alert")?;
        banner.set_attribute("data-testid", "panic-banner")?;
        let title = document.create_element("strong")?;
        title.set_text_content(Some("cachescope stopped working."));
        let text = document.create_element("span")?;
        text.set_text_content(Some(
            " Something went wrong inside the simulator and this page cannot continue. ",
        ));
        let link = document.create_element("a")?;
        link.set_attribute("href", &reload)?;
        link.set_attribute("data-testid", "panic-reload")?;
        link.set_text_content(Some("Reload with defaults"));
        let detail = document.create_element("code")?;
        detail.set_class_name("panic-banner__detail");
        detail.set_text_content(Some(&short(message, 300)));
        for part in [&title, &text, &link, &detail] {
            banner.append_child(part)?;
        }
        Ok(banner)
    };
    if let Ok(banner) = build() {
        let _ = body.prepend_with_node_1(&banner);
    }
}

/// Natively there is no page: the hook only logs.
#[cfg(not(target_arch = "wasm32"))]
fn show_banner(message: &str) {
    let _ = short(message, 300);
}

/// The `?debug-panic=1` test hook: a component that panics while rendering,
/// so the end-to-end tests can prove the banner appears. A link can only
/// break the page it opens, which a reload without it repairs.
#[component]
pub fn DebugPanic() -> impl IntoView {
    // black_box: the panic happens at run time, and the return type stays
    // a real view (a bare `panic!()` would make this `!`).
    std::hint::black_box(None::<&'static str>)
        .expect("debug-panic=1 asked for a deliberate panic (a test hook)")
}

#[cfg(test)]
mod tests {
    #[test]
    fn short_cuts_long_messages_on_char_boundaries() {
        assert_eq!(super::short("abc", 5), "abc");
        assert_eq!(super::short("ééééé", 2), "éé…");
    }
}
