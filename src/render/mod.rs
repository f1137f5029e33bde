//! Pages: theme resolution, template context views, Markdown.

pub(crate) mod artwork;
pub(crate) mod badge_art;
pub mod bake;
pub(crate) mod brand;
pub(crate) mod certificate;
pub(crate) mod compact;
pub(crate) mod fonts;
pub(crate) mod ics;
pub(crate) mod links;
pub(crate) mod locale;
pub(crate) mod markdown;
pub(crate) mod measure;
pub(crate) mod outcome_views;
pub mod pdf;
pub(crate) mod plain;
pub(crate) mod qr;
pub(crate) mod theme;
pub(crate) mod views;

pub(crate) use theme::Theme;
