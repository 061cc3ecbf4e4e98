//! The page frame: pieces every view shares. One component per file.

pub mod footer;
pub mod header;
pub mod nav;
pub mod unknown_view_notice;

pub use footer::Footer;
pub use header::Header;
pub use nav::Nav;
pub use unknown_view_notice::UnknownViewNotice;
