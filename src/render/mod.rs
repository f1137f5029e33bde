//! Pages: theme resolution, template context views, Markdown.

pub mod artwork;
pub mod bake;
pub mod compact;
pub mod ics;
pub mod markdown;
pub mod qr;
pub mod theme;
pub mod views;

pub use theme::Theme;
