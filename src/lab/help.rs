//! The keyboard-shortcut overlay (`?`).

use leptos::prelude::*;

use crate::lab::state::use_lab;

/// Every shortcut: key, what it does.
pub const SHORTCUTS: [(&str, &str); 8] = [
    ("Space", "play or pause"),
    ("→", "step one event forward"),
    ("←", "step one event back"),
    ("+ / −", "faster / slower"),
    ("Home", "back to the start"),
    ("c", "crash the cache"),
    ("a", "write behind the cache's back"),
    ("?", "show or hide this help"),
];

/// The overlay, shown while `help_open`.
#[component]
pub fn HelpOverlay() -> impl IntoView {
    let lab = use_lab();
    view! {
        <Show when=move || lab.help_open.get()>
            <div class="lab-help" role="dialog" aria-modal="true" aria-labelledby="lab-help-title" data-testid="help">
                <div class="lab-help__box">
                    <h2 id="lab-help-title">"Keyboard shortcuts"</h2>
                    <dl>
                        {SHORTCUTS
                            .into_iter()
                            .map(|(k, what)| view! {
                                <div class="lab-help__row">
                                    <dt><kbd>{k}</kbd></dt>
                                    <dd>{what}</dd>
                                </div>
                            })
                            .collect_view()}
                    </dl>
                    <button type="button" class="lab-button" on:click=move |_| lab.help_open.set(false)>
                        "Close (Esc)"
                    </button>
                </div>
            </div>
        </Show>
    }
}
