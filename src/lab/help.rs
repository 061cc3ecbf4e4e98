//! The keyboard-shortcut overlay (`?`).

use leptos::prelude::*;

use crate::lab::state::use_lab;

/// Every shortcut: key, what it does.
pub const SHORTCUTS: [(&str, &str); 9] = [
    ("Space", "play or pause"),
    ("→", "step one event forward"),
    ("←", "step one event back"),
    ("+ / −", "faster / slower"),
    ("s", "slow motion (0.25×) on / off"),
    ("Home", "back to the start"),
    ("c", "crash the cache"),
    ("a", "write behind the cache's back"),
    ("?", "show or hide this help"),
];

/// The overlay, open while `help_open`: a native `<dialog>` opened with
/// `showModal()`, so focus moves into it (to its Close button) and stays
/// there, Escape closes it, and focus returns to where it was.
#[component]
pub fn HelpOverlay() -> impl IntoView {
    let lab = use_lab();
    let dialog = NodeRef::<leptos::html::Dialog>::new();
    let close = NodeRef::<leptos::html::Button>::new();
    Effect::new(move |_| {
        let open = lab.help_open.get();
        let Some(d) = dialog.get() else {
            return;
        };
        if open && !d.open() {
            let _ = d.show_modal();
            // showModal's own focusing is not reliable on a reopen (the
            // narrow layout sometimes kept it on the page): say where.
            if let Some(b) = close.get_untracked() {
                let _ = b.focus();
            }
        } else if !open && d.open() {
            d.close();
        }
    });
    view! {
        <dialog
            node_ref=dialog
            class="lab-help"
            aria-labelledby="lab-help-title"
            data-testid="help"
            // Escape, the Close button or `?` again: the state follows.
            on:close=move |_| lab.help_open.set(false)
        >
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
            <button type="button" class="lab-button" data-testid="help-close" node_ref=close on:click=move |_| lab.help_open.set(false)>
                "Close (Esc)"
            </button>
        </dialog>
    }
}
