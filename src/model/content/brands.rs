//! The brand of every page: the site's `[brand]`, each program's and each badge's, checked for
//! files that exist and for colours that contrast enough (WCAG 2.2 AA) once all are read.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use super::Badge;
use crate::ground::error::Problems;
use crate::model::brand::{self, Located};
use crate::model::config::Reading;

/// Checks the logo and favicon files of every brand layer, and the contrast of every brand a page
/// is drawn with: the site's, each program's that sets one, each badge's that sets one.
pub(super) fn check(content_dir: &Path, reading: &Reading, badges: &BTreeMap<String, Badge>, problems: &mut Problems) {
    let Some(config) = reading.config.as_ref() else { return };
    let locate_in = |table: &str| {
        let table = table.to_string();
        move |k: &str| if k.is_empty() { reading.locate(&table) } else { reading.locate(&format!("{table}.{k}")) }
    };
    let site = config.brand.as_ref().map(|b| Located::new(b, "brand", &locate_in("brand")));
    let programs: BTreeMap<&str, Located> = config
        .programs
        .iter()
        .filter_map(|(slug, p)| {
            let shown = format!("programs.{slug}.brand");
            Some((slug.as_str(), Located::new(p.brand.as_ref()?, &shown, &locate_in(&shown))))
        })
        .collect();
    let mut seen = BTreeSet::new();
    let default = Located::new(&brand::BrandConfig::default(), "brand", &locate_in("brand"));
    let site_layer = site.as_ref().unwrap_or(&default);
    for layer in site.iter().chain(programs.values()) {
        brand::check_files(&layer.brand, &layer.shown, content_dir, &|k| at_key(layer, k), problems);
    }
    if site.is_some() {
        brand::check_contrast(&[site_layer], problems, &mut seen);
    }
    for program in programs.values() {
        brand::check_contrast(&[site_layer, program], problems, &mut seen);
    }
    for badge in badges.values() {
        let Some(own) = &badge.brand else { continue };
        brand::check_files(&own.brand, &own.shown, content_dir, &|k| at_key(own, k), problems);
        let program = badge.program.as_deref().and_then(|p| programs.get(p));
        let layers: Vec<&Located> = [Some(site_layer), program, Some(own)].into_iter().flatten().collect();
        brand::check_contrast(&layers, problems, &mut seen);
    }
}

/// Where key `k` of a layer is written.
fn at_key(layer: &Located, k: &str) -> crate::ground::error::Location {
    layer.at.get(k).cloned().unwrap_or_else(|| layer.table.clone())
}
