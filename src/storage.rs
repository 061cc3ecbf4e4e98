//! Browser storage that never throws.
//!
//! `window.localStorage` throws a `SecurityError` in a sandboxed iframe
//! (`sandbox="allow-scripts"` gives the page an opaque origin), when cookies
//! are blocked, and in some private modes. Every access goes through these
//! two functions, which treat any failure as "no storage": a preference is
//! then simply not remembered, and the page works as before.

/// The stored value of `key`, or `None` when absent or storage is unusable.
pub fn get(key: &str) -> Option<String> {
    #[cfg(target_arch = "wasm32")]
    {
        web_sys::window()?
            .local_storage()
            .ok()??
            .get_item(key)
            .ok()?
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        let _ = key;
        None
    }
}

/// Whether storage works here: a probe key can be written and removed.
/// Callers use it to leave out what only makes sense when remembered (the
/// tour's first-visit invitation could never be dismissed for good).
pub fn available() -> bool {
    #[cfg(target_arch = "wasm32")]
    {
        const PROBE: &str = "cachescope.probe";
        web_sys::window()
            .and_then(|w| w.local_storage().ok().flatten())
            .is_some_and(|s| s.set_item(PROBE, "1").is_ok() && s.remove_item(PROBE).is_ok())
    }
    #[cfg(not(target_arch = "wasm32"))]
    false
}

/// Stores `value` under `key`; returns whether it was stored.
pub fn set(key: &str, value: &str) -> bool {
    #[cfg(target_arch = "wasm32")]
    {
        web_sys::window()
            .and_then(|w| w.local_storage().ok().flatten())
            .is_some_and(|s| s.set_item(key, value).is_ok())
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        let _ = (key, value);
        false
    }
}
