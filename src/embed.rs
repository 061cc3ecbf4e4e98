//! Embed mode: the `<iframe>` snippet, and telling the parent page our height.
//!
//! An embedded view (`?embed=1`) cannot know how tall the host page made its
//! iframe, and the host cannot read a cross-origin (or sandboxed) document.
//! So the embedded page posts `{type: "cachescope:height", height}` to its
//! parent on load and whenever its content changes size; a few optional
//! lines of script on the host page (see README.md, "Embedding", and
//! `public/embed-demo.js`) resize the iframe. Without them the iframe simply
//! keeps the height its snippet gives it.

/// The `type` of the message posted to the parent frame.
pub const HEIGHT_MESSAGE: &str = "cachescope:height";

/// The default iframe height in CSS pixels: enough for a view's first
/// screen; the optional host script then sizes the frame to its content.
pub const DEFAULT_HEIGHT: u32 = 720;

/// The `sandbox` attribute of a sandboxed snippet.
///
/// `allow-scripts` is all the app needs (it makes no request beyond its own
/// files and stores nothing when storage is refused); `allow-popups
/// allow-popups-to-escape-sandbox` only let the small "open in cachescope"
/// link open the full page in a normal tab.
pub const SANDBOX: &str = "allow-scripts allow-popups allow-popups-to-escape-sandbox";

/// The `<iframe>` element a blog post pastes, for the absolute URL `src`.
///
/// With `sandbox` the frame gets [`SANDBOX`], and with it an opaque origin:
/// the browser then fetches the app's files as cross-origin CORS requests,
/// which work only if the host sends `Access-Control-Allow-Origin: *` (GitHub
/// Pages does; `python3 -m http.server` and most dev servers do not). So the
/// Embed dialog offers the snippet without it by default, which works on any
/// static host. Attribute values are escaped, so any URL or title yields
/// well-formed HTML.
///
/// ```
/// use cachescope_app::embed::iframe_snippet;
/// let html = iframe_snippet("https://x.example/?view=lab&embed=1", "Lab", 600, false);
/// assert!(html.starts_with(r#"<iframe src="https://x.example/?view=lab&amp;embed=1" title="Lab""#));
/// assert!(html.contains(r#"height="600""#));
/// assert!(!html.contains("sandbox"));
/// assert!(iframe_snippet("https://x.example/", "Lab", 600, true).contains(r#"sandbox="allow-scripts "#));
/// ```
pub fn iframe_snippet(src: &str, title: &str, height: u32, sandbox: bool) -> String {
    let sandbox = if sandbox {
        format!("sandbox=\"{SANDBOX}\" ")
    } else {
        String::new()
    };
    format!(
        "<iframe src=\"{}\" title=\"{}\" loading=\"lazy\" width=\"100%\" height=\"{height}\" \
         {sandbox}style=\"border:0\"></iframe>",
        escape_attr(src),
        escape_attr(title)
    )
}

/// Escapes text for a double-quoted HTML attribute value (and so for a text
/// node too).
pub(crate) fn escape_attr(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
    out
}

/// The height to report for an element `rect_height` CSS pixels tall:
/// rounded up (a fraction short would show a scroll bar), and clamped so a
/// broken layout can never ask the host for an absurd frame.
pub fn reported_height(rect_height: f64) -> u32 {
    if rect_height.is_finite() && rect_height > 0.0 {
        rect_height.ceil().min(100_000.0) as u32
    } else {
        0
    }
}

#[cfg(target_arch = "wasm32")]
mod browser {
    use std::cell::Cell;
    use std::rc::Rc;

    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;
    use web_sys::js_sys::{Array, Object, Reflect};

    /// Posts the height of `root` to the parent frame now and on every
    /// resize. Does nothing when the page is not framed. The observer lives
    /// as long as the page (its closure is leaked on purpose: there is one
    /// per page load, and the app root never goes away).
    pub fn report_height(root: &web_sys::Element) {
        let Some(window) = web_sys::window() else {
            return;
        };
        let framed = match window.parent() {
            Ok(Some(parent)) => !Object::is(&parent, &window),
            _ => false,
        };
        if !framed {
            return;
        }
        let last = Rc::new(Cell::new(0u32));
        let target = root.clone();
        let post = move || {
            let height = super::reported_height(target.get_bounding_client_rect().height());
            if height == 0 || height == last.get() {
                return;
            }
            last.set(height);
            let message = Object::new();
            let _ = Reflect::set(&message, &"type".into(), &super::HEIGHT_MESSAGE.into());
            let _ = Reflect::set(&message, &"height".into(), &f64::from(height).into());
            if let Ok(Some(parent)) = web_sys::window()
                .ok_or(JsValue::NULL)
                .and_then(|w| w.parent())
            {
                // "*": a sandboxed embed has an opaque origin and cannot know
                // the host's; the message holds nothing but a number.
                let _ = parent.post_message(&message, "*");
            }
        };
        post();
        let callback = Closure::<dyn FnMut(Array)>::new(move |_entries: Array| post());
        if let Ok(observer) = web_sys::ResizeObserver::new(callback.as_ref().unchecked_ref()) {
            observer.observe(root);
            callback.forget();
        }
    }
}

#[cfg(target_arch = "wasm32")]
pub use browser::report_height;

/// Natively there is no parent frame.
#[cfg(not(target_arch = "wasm32"))]
pub fn report_height<T>(_root: &T) {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snippet_has_every_attribute_a_blog_needs() {
        let html = iframe_snippet(
            "https://a.example/c/?view=compare&seed=7&embed=1",
            "cachescope: Compare",
            640,
            true,
        );
        for part in [
            r#"src="https://a.example/c/?view=compare&amp;seed=7&amp;embed=1""#,
            r#"title="cachescope: Compare""#,
            r#"loading="lazy""#,
            r#"width="100%""#,
            r#"height="640""#,
            r#"sandbox="allow-scripts"#,
            r#"style="border:0""#,
        ] {
            assert!(html.contains(part), "{part} missing in {html}");
        }
        assert!(html.ends_with("></iframe>"));
    }

    #[test]
    fn snippet_escapes_hostile_values() {
        let html = iframe_snippet(
            "https://a/?x=\"><script>alert(1)</script>",
            "t\"<b>",
            1,
            false,
        );
        assert!(!html.contains("<script>"));
        assert!(!html.contains("<b>"));
        assert_eq!(html.matches('"').count() % 2, 0);
        assert!(html.contains("&quot;&gt;&lt;script&gt;"));
    }

    #[test]
    fn reported_height_rounds_up_and_rejects_nonsense() {
        assert_eq!(reported_height(512.2), 513);
        assert_eq!(reported_height(512.0), 512);
        assert_eq!(reported_height(f64::NAN), 0);
        assert_eq!(reported_height(-4.0), 0);
        assert_eq!(reported_height(1e12), 100_000);
    }
}
