//! "Copy link": the address of the current view, on the clipboard.

use leptos::prelude::*;

/// The full address of the page as it is now.
pub fn current_href() -> String {
    #[cfg(target_arch = "wasm32")]
    {
        web_sys::window()
            .and_then(|w| w.location().href().ok())
            .unwrap_or_default()
    }
    #[cfg(not(target_arch = "wasm32"))]
    String::new()
}

/// Writes `text` to the clipboard and calls `done(true)` once it is there,
/// or `done(false)` when the browser has no clipboard API here (an insecure
/// context, an old browser) or refuses (permissions, a sandboxed frame).
/// Callers then show the text selected, for the visitor to copy by hand.
pub fn copy_text(text: &str, done: impl FnOnce(bool) + 'static) {
    #[cfg(target_arch = "wasm32")]
    {
        use wasm_bindgen::JsValue;
        use web_sys::js_sys::Reflect;

        let Some(navigator) = web_sys::window().map(|w| w.navigator()) else {
            return done(false);
        };
        // `navigator.clipboard` is undefined outside secure contexts; calling
        // a method on it would throw, so look before touching it.
        let available = Reflect::get(&navigator, &JsValue::from_str("clipboard"))
            .is_ok_and(|c| !c.is_undefined() && !c.is_null());
        if !available {
            return done(false);
        }
        let promise = navigator.clipboard().write_text(text);
        leptos::task::spawn_local(async move {
            done(wasm_bindgen_futures::JsFuture::from(promise).await.is_ok());
        });
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        let _ = text;
        done(false);
    }
}

/// Selects the whole content of an input or textarea after it is shown.
pub fn select_soon(node: NodeRef<leptos::html::Input>) {
    request_animation_frame(move || {
        if let Some(input) = node.get_untracked() {
            let _ = input.focus();
            input.select();
        }
    });
}

/// A button that copies the current address. When the clipboard refuses,
/// the address appears in a read-only field, selected, to copy by hand.
#[component]
pub fn CopyLink() -> impl IntoView {
    let status = RwSignal::new(String::new());
    let fallback = RwSignal::new(None::<String>);
    let input = NodeRef::<leptos::html::Input>::new();
    let on_click = move |_| {
        // A knob change still settling has not reached the address yet.
        crate::url::flush_pending();
        let href = current_href();
        status.set(String::new());
        fallback.set(None);
        let shown = href.clone();
        copy_text(&href, move |copied| {
            if copied {
                status.set("Link copied".to_owned());
            } else {
                status.set("Copy the link below".to_owned());
                fallback.set(Some(shown));
                select_soon(input);
            }
        });
    };
    view! {
        <span class="copy-link">
            <button
                type="button"
                class="tool-button"
                title="Copy the address of this view, with its whole state, to share it"
                data-testid="copy-link"
                on:click=on_click
            >
                "Copy link"
            </button>
            <span class="copy-link__status" role="status" data-testid="copy-link-status">
                {move || status.get()}
            </span>
            {move || {
                fallback
                    .get()
                    .map(|href| {
                        view! {
                            <input
                                node_ref=input
                                class="copy-link__fallback"
                                type="text"
                                readonly
                                aria-label="Link to this view"
                                data-testid="copy-link-fallback"
                                prop:value=href
                            />
                        }
                    })
            }}
        </span>
    }
}
