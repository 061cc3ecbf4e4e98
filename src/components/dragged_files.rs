//! What a drag carries, for the page's drop targets (the data bar's
//! page-wide scenario drop and Compare's trace panel).

use web_sys::{DragEvent, File};

/// Whether the drag carries files (not text or a link dragged within the
/// page).
pub fn carries_files(e: &DragEvent) -> bool {
    e.data_transfer()
        .is_some_and(|dt| dt.types().includes(&"Files".into(), 0))
}

/// The first file dropped, if any (a drop takes one file).
pub fn first_file(e: &DragEvent) -> Option<File> {
    e.data_transfer()
        .and_then(|dt| dt.files())
        .and_then(|files| files.get(0))
}
