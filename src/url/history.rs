//! Writing the address into the browser's history: a new entry, the
//! current one, or one entry per burst of changes. Natively (tests, docs)
//! these do nothing and the address is empty.

/// How a new address goes into the browser's history.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Write {
    /// A new history entry now: a discrete change Back should undo (a
    /// preset, a strategy, a view).
    Push,
    /// The current entry, now: where the reader is inside one state (the
    /// Lab's timeline position, or the first canonical form of a loaded link).
    Replace,
    /// One entry per settled change: the first change of a burst pushes an
    /// entry, later ones only update it once the burst has been quiet for
    /// [`SETTLE_MS`]. A slider dragged through fifty values leaves one Back
    /// step, and the browser is never asked to rewrite its history on every
    /// input event (Chromium throttles that and warns in the console).
    Settle,
    /// The current entry, once changes have been quiet for [`SETTLE_MS`]
    /// (or at once when [`flush_pending`] is called): where the reader is
    /// inside one state (the Lab's timeline while stepping or scrubbing).
    Defer,
}

/// How long a burst of changes must be quiet before its last value is
/// written ([`Write::Settle`]), ms.
pub const SETTLE_MS: u32 = 400;

/// The browser side: read the address bar and write history entries.
#[cfg(target_arch = "wasm32")]
mod browser {
    use std::cell::RefCell;

    use gloo_timers::callback::Timeout;

    use super::{Write, SETTLE_MS};

    /// An open burst of [`Write::Settle`] changes: the newest address not
    /// yet written, and the timer that writes it.
    struct Burst {
        pending: Option<String>,
        _timer: Timeout,
    }

    thread_local! {
        static BURST: RefCell<Option<Burst>> = const { RefCell::new(None) };
    }

    /// The current `location.search` (empty string when unavailable).
    pub fn current_search() -> String {
        web_sys::window()
            .and_then(|w| w.location().search().ok())
            .unwrap_or_default()
    }

    fn history() -> Option<web_sys::History> {
        web_sys::window().and_then(|w| w.history().ok())
    }

    // A refused pushState/replaceState (a sandboxed iframe) leaves the
    // address bar as it is; the page still changes, which is the better
    // failure.
    fn push(search: &str) {
        if let Some(h) = history() {
            let _ = h.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(search));
        }
    }

    fn replace(search: &str) {
        if let Some(h) = history() {
            let _ = h.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(search));
        }
    }

    /// Pushes a history entry for the relative URL `search` (as built by
    /// [`super::with_view`]), keeping the current path, so Back returns to
    /// the previous state. A pending settled change is written first, to the
    /// entry it belongs to. Nothing happens when the address would not change.
    pub fn push_search(search: &str) {
        flush_pending();
        if search != current_search() {
            push(search);
        }
    }

    /// Writes `search` into history as `how` says (see [`Write`]).
    pub fn write_search(search: &str, how: Write) {
        match how {
            Write::Push => push_search(search),
            Write::Replace => {
                discard_pending();
                if search != current_search() {
                    replace(search);
                }
            }
            Write::Settle | Write::Defer => BURST.with(|b| {
                let mut burst = b.borrow_mut();
                let pending = if burst.is_some() || how == Write::Defer {
                    Some(search.to_owned())
                } else if search != current_search() {
                    push(search);
                    None
                } else {
                    return;
                };
                *burst = Some(Burst {
                    pending,
                    _timer: Timeout::new(SETTLE_MS, flush_pending),
                });
            }),
        }
    }

    /// Writes the newest settled change now (Copy link and the Embed dialog
    /// call this, so they never read an address that lags the page).
    pub fn flush_pending() {
        let burst = BURST.with(|b| b.borrow_mut().take());
        if let Some(search) = burst.and_then(|b| b.pending) {
            if search != current_search() {
                replace(&search);
            }
        }
    }

    /// Forgets a pending settled change (Back/Forward moved to another
    /// entry: the change must not land on it).
    pub fn discard_pending() {
        BURST.with(|b| b.borrow_mut().take());
    }
}

#[cfg(target_arch = "wasm32")]
pub use browser::{current_search, discard_pending, flush_pending, push_search, write_search};

/// Native stand-ins so components compile and unit-test off the browser: the
/// address bar is always empty and writing does nothing.
#[cfg(not(target_arch = "wasm32"))]
mod native {
    use super::Write;

    /// Always empty natively.
    pub fn current_search() -> String {
        String::new()
    }

    /// No history natively.
    pub fn push_search(_search: &str) {}

    /// No history natively.
    pub fn write_search(_search: &str, _how: Write) {}

    /// Nothing is pending natively.
    pub fn flush_pending() {}

    /// Nothing is pending natively.
    pub fn discard_pending() {}
}

#[cfg(not(target_arch = "wasm32"))]
pub use native::{current_search, discard_pending, flush_pending, push_search, write_search};
