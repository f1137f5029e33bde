//! Pages: theme resolution, template context views, Markdown.

pub mod ics;
pub mod markdown;
pub mod theme;
pub mod views;

pub use theme::Theme;
