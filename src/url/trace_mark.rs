//! Compare's `trace=local`: a link cannot carry a trace file (it never
//! leaves the page), so while one is shown the address says so, and a page
//! opened from such a link tells its reader that the numbers it shows are
//! of the drawn workload, not of the trace.
//!
//! ```
//! use cachescope_app::url::{names_local_trace, trace_mark_search};
//! let on = trace_mark_search("?view=compare&capacity=50", true);
//! assert_eq!(on, "?view=compare&capacity=50&trace=local");
//! assert!(names_local_trace(&on));
//! assert_eq!(trace_mark_search(&on, false), "?view=compare&capacity=50");
//! assert!(!names_local_trace("?view=compare"));
//! ```

use super::keys::TRACE_KEY;
use super::query::{first, set_params};

/// `search` with the mark set (`on`) or removed.
pub fn trace_mark_search(search: &str, on: bool) -> String {
    set_params(search, &[(TRACE_KEY, on.then_some("local"))])
}

/// Whether `search` says a local trace was shown (whatever its value: a
/// link can only ever have meant that).
pub fn names_local_trace(search: &str) -> bool {
    first(search, TRACE_KEY).is_some()
}
