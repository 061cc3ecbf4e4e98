//! The page frame: pieces every view shares. One component per file.

pub mod copy_link;
pub mod data_actions;
pub mod dragged_files;
pub mod embed_bar;
pub mod embed_dialog;
pub mod error_banner;
pub mod eviction_picker;
pub mod export_menu;
pub mod footer;
pub mod header;
pub mod info_tip;
pub mod nav;
pub mod notices;
pub mod theme_toggle;
pub mod tour;
pub mod unknown_view_notice;

pub use copy_link::CopyLink;
pub use embed_bar::EmbedBar;
pub use embed_dialog::EmbedDialog;
pub use error_banner::DebugPanic;
pub use eviction_picker::EvictionPicker;
pub use export_menu::ExportMenu;
pub use footer::Footer;
pub use header::Header;
pub use nav::Nav;
pub use notices::Notices;
pub use theme_toggle::ThemeToggle;
pub use unknown_view_notice::UnknownViewNotice;
