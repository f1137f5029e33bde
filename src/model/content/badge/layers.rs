//! The badge's own layers over the site's and its program's: `[brand]` and `[certificate]`.

use std::path::Path;

use super::Checks;
use crate::ground::error::Problem;

impl Checks<'_> {
    /// The brand tokens, if the badge sets any: their values (contrast is checked with the site's).
    pub(super) fn brand(&mut self) -> Option<crate::model::brand::Located> {
        let brand = self.front.matter.brand.as_ref()?;
        let mut found = crate::ground::error::Problems::new();
        crate::model::brand::check_values(brand, "brand", &|k| self.key_at(&format!("brand.{k}")), &mut found);
        for problem in found.sorted() {
            self.error(problem);
        }
        let locate = |k: &str| if k.is_empty() { self.key_at("brand") } else { self.key_at(&format!("brand.{k}")) };
        Some(crate::model::brand::Located::new(brand, "brand", &locate))
    }

    /// The problems of the `[certificate]` settings, if the badge sets any: their values, and
    /// seal and signature images that exist in the content directory.
    pub(super) fn certificate(&self, content_dir: &Path) -> Vec<Problem> {
        let Some(cfg) = self.front.matter.certificate.as_ref() else { return Vec::new() };
        crate::model::certificate::check_layer(cfg, content_dir, &|k| self.key_at(k))
    }
}
