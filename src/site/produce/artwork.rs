//! A badge's artwork bytes: its own file as committed, or the artwork hallmark draws from its look
//! and brand when it has none.

use std::path::PathBuf;

use crate::ground::error::{Error, Result};
use crate::model::brand::Brand;
use crate::model::content::badge::Badge;
use crate::model::content::Snapshot;
use crate::render::badge_art;

/// The brand `badge` is drawn with: the site's, overridden by its program's and its own.
pub(crate) fn badge_brand(snapshot: &Snapshot, badge: &Badge) -> Brand {
    let cfg = &snapshot.settings.config;
    let program = badge.program.as_ref().and_then(|p| cfg.programs.get(p)).and_then(|p| p.brand.as_ref());
    Brand::resolve(&[cfg.brand.as_ref(), program, badge.brand.as_ref().map(|b| &b.brand)])
}

/// `badge`'s artwork: its extension and bytes, and the file they came from (none when drawn).
pub(crate) fn badge_artwork(snapshot: &Snapshot, badge: &Badge) -> Result<(String, Vec<u8>, Option<PathBuf>)> {
    match (&badge.image, badge.image_ext()) {
        (Some(path), Some(ext)) => {
            let bytes = std::fs::read(path).map_err(|e| Error::io("read", path, e))?;
            Ok((ext.to_string(), bytes, Some(path.clone())))
        }
        _ => {
            let brand = badge_brand(snapshot, badge);
            let lang = Some(snapshot.settings.config.site.language.as_str());
            let svg =
                badge_art::generate(&badge_art::Request { name: &badge.name, lang, look: &badge.look, brand: &brand })?;
            Ok(("svg".into(), svg, None))
        }
    }
}
