//! "Embed": a dialog that writes the `<iframe>` snippet for the current
//! state, with a live preview of exactly what the snippet shows.

use leptos::ev;
use leptos::prelude::*;

use super::copy_link::copy_text;
use crate::embed::{iframe_snippet, DEFAULT_HEIGHT};
use crate::url::{self, Route, Theme, View};
use cachescope_charts::ChartId;

/// `origin + pathname` of the page: the snippet needs an absolute address.
fn page_base() -> String {
    #[cfg(target_arch = "wasm32")]
    {
        let location = web_sys::window().map(|w| w.location());
        let part = |f: fn(&web_sys::Location) -> Result<String, wasm_bindgen::JsValue>| {
            location
                .as_ref()
                .and_then(|l| f(l).ok())
                .unwrap_or_default()
        };
        format!(
            "{}{}",
            part(web_sys::Location::origin),
            part(web_sys::Location::pathname)
        )
    }
    #[cfg(not(target_arch = "wasm32"))]
    String::new()
}

/// The height offered for an embed of one chart, in CSS pixels: the chart,
/// its control and caption.
const ONE_CHART_HEIGHT: u32 = 560;

/// Smallest and largest height offered, in CSS pixels.
const HEIGHT_RANGE: (u32, u32) = (200, 4000);

/// The "Embed" button and its modal dialog. The dialog is a native
/// `<dialog>` opened with `showModal()`: focus moves into it and is trapped,
/// Escape and the Close button close it, and focus returns to the button.
#[component]
pub fn EmbedDialog() -> impl IntoView {
    let dialog = NodeRef::<leptos::html::Dialog>::new();
    let textarea = NodeRef::<leptos::html::Textarea>::new();
    // The state is read when the dialog opens; the preview only exists while
    // it is open, so a closed dialog costs nothing.
    let search = RwSignal::new(String::new());
    let open = RwSignal::new(false);
    let theme = RwSignal::new(Theme::Auto);
    let height = RwSignal::new(DEFAULT_HEIGHT);
    // Off by default: a sandboxed frame works only where the host sends a
    // CORS header (see `iframe_snippet`), and a snippet must work anywhere.
    let sandbox = RwSignal::new(false);
    let copied = RwSignal::new(String::new());
    // Compare can embed one chart instead of the whole view.
    let chart = RwSignal::new(None::<ChartId>);
    let is_compare = move || search.with(|s| Route::parse(s).view == View::Compare);

    let relative = move || search.with(|s| url::embed_link(s, theme.get(), chart.get()));
    let title = move || {
        let view = search.with(|s| Route::parse(s).view.label());
        match chart.get().filter(|_| is_compare()) {
            Some(c) => format!("cachescope: {view}, {}", c.label()),
            None => format!("cachescope: {view}"),
        }
    };
    let snippet = move || {
        iframe_snippet(
            &format!("{}{}", page_base(), relative()),
            &title(),
            height.get(),
            sandbox.get(),
        )
    };

    let show = move |_| {
        // The whole state is in the address; a change still settling is
        // written first, so the snippet shows exactly what the page shows.
        url::flush_pending();
        search.set(url::current_search());
        copied.set(String::new());
        open.set(true);
        if let Some(d) = dialog.get_untracked() {
            let _ = d.show_modal();
        }
    };
    let close = move |_| {
        if let Some(d) = dialog.get_untracked() {
            d.close();
        }
    };
    let copy = move |_| {
        copy_text(&snippet(), move |ok| {
            copied.set(
                if ok {
                    "Snippet copied"
                } else {
                    "Copy the selected snippet"
                }
                .to_owned(),
            );
            if !ok {
                if let Some(t) = textarea.get_untracked() {
                    let _ = t.focus();
                    t.select();
                }
            }
        });
    };
    let on_height = move |ev: ev::Event| {
        let value = event_target_value(&ev).trim().parse::<u32>().ok();
        if let Some(h) = value {
            height.set(h.clamp(HEIGHT_RANGE.0, HEIGHT_RANGE.1));
        }
    };
    let on_chart = move |ev: ev::Event| {
        let value = event_target_value(&ev);
        let picked = value.parse::<ChartId>().ok();
        chart.set(picked);
        // One chart needs far less room than the whole view.
        height.set(if picked.is_some() {
            ONE_CHART_HEIGHT
        } else {
            DEFAULT_HEIGHT
        });
    };
    let on_theme = move |ev: ev::Event| {
        theme.set(Theme::from_query_value(&event_target_value(&ev)).unwrap_or_default());
    };
    let theme_options = Theme::ALL
        .into_iter()
        .map(|t| view! { <option value=t.as_str() selected=move || theme.get() == t>{t.as_str()}</option> })
        .collect_view();

    view! {
        <button
            type="button"
            class="tool-button"
            title="Get the HTML to put this view, live, in a blog post or documentation"
            aria-haspopup="dialog"
            data-testid="embed-open"
            on:click=show
        >
            "Embed"
        </button>
        <dialog
            node_ref=dialog
            class="embed-dialog"
            aria-labelledby="embed-dialog-title"
            data-testid="embed-dialog"
            on:close=move |_| open.set(false)
        >
            <div class="embed-dialog__head">
                <h2 id="embed-dialog-title">"Embed this view"</h2>
                <button type="button" class="tool-button" data-testid="embed-close" on:click=close>
                    "Close"
                </button>
            </div>
            <p class="embed-dialog__lede">
                "Paste this into any HTML page. It shows the current state and loads nothing from \
                 anywhere else. Add the few lines from the README to let the frame grow to fit \
                 its content."
            </p>
            <div class="embed-dialog__options">
                {move || is_compare().then(|| view! {
                    <label>
                        "Show "
                        <select data-testid="embed-chart" on:change=on_chart>
                            <option value="" selected=move || chart.get().is_none()>"the whole view"</option>
                            {ChartId::ALL
                                .into_iter()
                                .map(|c| view! {
                                    <option value=c.as_str() selected=move || chart.get() == Some(c)>
                                        {c.label()}
                                    </option>
                                })
                                .collect_view()}
                        </select>
                    </label>
                })}
                <label>
                    "Theme "
                    <select data-testid="embed-theme" on:change=on_theme>
                        {theme_options}
                    </select>
                </label>
                <label class="embed-dialog__sandbox">
                    <input
                        type="checkbox"
                        data-testid="embed-sandbox"
                        prop:checked=move || sandbox.get()
                        on:change=move |ev| sandbox.set(event_target_checked(&ev))
                    />
                    "Sandbox the frame"
                    <span class="embed-dialog__hint">
                        "Only where cachescope's host sends Access-Control-Allow-Origin: *, \
                         as GitHub Pages does; elsewhere the frame cannot load."
                    </span>
                </label>
                <label>
                    "Height (px) "
                    <input
                        type="number"
                        min=HEIGHT_RANGE.0
                        max=HEIGHT_RANGE.1
                        step="10"
                        prop:value=move || height.get().to_string()
                        data-testid="embed-height"
                        on:change=on_height
                    />
                </label>
            </div>
            <label class="embed-dialog__code">
                "HTML"
                <textarea node_ref=textarea readonly rows="4" data-testid="embed-snippet" prop:value=snippet></textarea>
            </label>
            <div class="embed-dialog__actions">
                <button type="button" class="tool-button tool-button--primary" data-testid="embed-copy" on:click=copy>
                    "Copy HTML"
                </button>
                <span role="status" data-testid="embed-copy-status">{move || copied.get()}</span>
            </div>
            <h3 class="embed-dialog__preview-title">"Preview"</h3>
            {move || {
                open.get()
                    .then(|| {
                        // Same origin as this page, so no sandbox here: the
                        // snippet adds it for other people's pages.
                        view! {
                            <iframe
                                class="embed-dialog__preview"
                                src=relative
                                title=move || format!("Preview: {}", title())
                                width="100%"
                                height=move || height.get().to_string()
                                data-testid="embed-preview"
                            ></iframe>
                        }
                    })
            }}
        </dialog>
    }
}
