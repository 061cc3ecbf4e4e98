//! The top-level views, one per file, chosen by `?view=` (see [`crate::url`]).

pub mod choose;
pub mod compare;
pub mod lab;

pub use choose::ChooseView;
pub use compare::CompareView;
pub use lab::LabView;
