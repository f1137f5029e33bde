//! The brand each page is drawn with: the site's on its own pages, and on a badge's pages the
//! site's overridden by the badge's program and the badge itself; with the style sheet of each
//! brand that needs one.

use std::collections::BTreeMap;

use crate::ground::layout;
use crate::model::brand::Brand;
use crate::model::content::Snapshot;
use crate::render::brand;
use crate::render::views::BrandView;

/// The brands of one build.
#[derive(Debug, Default)]
pub(crate) struct Brands {
    /// The site's own pages' (home, verify, 404).
    pub site: BrandView,
    /// Each badge's pages', by slug.
    badges: BTreeMap<String, BrandView>,
    /// Every style sheet a page links, by its path in the site.
    pub sheets: BTreeMap<String, String>,
}

impl Brands {
    /// Resolves the site's brand and every badge's.
    pub(crate) fn new(snapshot: &Snapshot) -> Brands {
        let cfg = &snapshot.settings.config;
        let mut brands = Brands::default();
        brands.site = brands.view(snapshot, &Brand::resolve(&[cfg.brand.as_ref()]));
        for badge in snapshot.badges.values() {
            let resolved = super::artwork::badge_brand(snapshot, badge);
            let view = brands.view(snapshot, &resolved);
            brands.badges.insert(badge.slug.clone(), view);
        }
        brands
    }

    /// The view of `resolved`, its style sheet noted.
    fn view(&mut self, snapshot: &Snapshot, resolved: &Brand) -> BrandView {
        let base = &snapshot.settings.base_url;
        let css_url = brand::stylesheet(resolved).map(|css| {
            let path = layout::brand_stylesheet(&brand::stylesheet_key(&css));
            let url = base.path_of(&path);
            self.sheets.insert(path, css);
            url
        });
        BrandView {
            css_url,
            favicon_url: resolved.favicon.as_ref().map(|f| base.path_of(f)),
            logo_url: resolved.logo.as_ref().map(|l| base.path_of(l)),
        }
    }

    /// The brand of badge `slug`'s pages (the site's for a badge it does not know).
    pub(crate) fn of_badge(&self, slug: &str) -> &BrandView {
        self.badges.get(slug).unwrap_or(&self.site)
    }

    /// What a badge's pages depend on of its brand, for the incremental build's keys: empty when
    /// it is the site's (whose brand is in the configuration, which every key covers).
    pub(crate) fn key_of_badge(&self, slug: &str) -> String {
        match self.badges.get(slug) {
            Some(view) => format!("{view:?}"),
            None => String::new(),
        }
    }
}
