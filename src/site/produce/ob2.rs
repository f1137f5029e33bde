//! Open Badges 2.0 hosted copies (`[outputs] open_badges_2`): the issuer profile and a BadgeClass
//! per badge once per site, and per credential its Assertion and the badge artwork with that
//! assertion baked in (the 2.0 carrier, for backpacks that take an image). Two files per
//! credential, which is why they are off by default.

use std::collections::BTreeMap;
use std::sync::{Arc, OnceLock};

use serde_json::Value;

use super::{credential_json_bytes, json_bytes, Shared};
use crate::document::ob2::{self, AssertionInput};
use crate::ground::error::{Error, Result};
use crate::ground::layout;
use crate::render::views::Ob2View;
use crate::site::plan::{Planned, Standing};

/// A badge's artwork as committed (or as drawn): its extension and its bytes.
type Artwork = (String, Arc<[u8]>);

/// Each badge's artwork, read once per build when the first credential is baked (or the reason
/// one could not be read).
#[derive(Debug, Default)]
pub(crate) struct Artworks(OnceLock<std::result::Result<BTreeMap<String, Artwork>, String>>);

impl Artworks {
    fn get<'s>(&'s self, shared: &Shared<'_>, slug: &str) -> Result<Option<&'s Artwork>> {
        let all = self.0.get_or_init(|| {
            let mut map = BTreeMap::new();
            for badge in shared.snapshot.badges.values() {
                let (ext, bytes, _) =
                    super::artwork::badge_artwork(shared.snapshot, badge).map_err(|e| e.to_string())?;
                map.insert(badge.slug.clone(), (ext, Arc::from(bytes)));
            }
            Ok(map)
        });
        all.as_ref().map(|m| m.get(slug)).map_err(|e| Error::Usage(e.clone().into()))
    }

    /// A hash of a badge's artwork, for the build cache: a new artwork bakes every image again.
    pub(crate) fn key(&self, shared: &Shared<'_>, slug: &str) -> String {
        match self.get(shared, slug) {
            Ok(Some((ext, bytes))) => crate::ground::hash::sha256_hex(&[ext.as_bytes(), bytes].concat(), 16),
            _ => String::new(),
        }
    }
}

/// The issuer's 2.0 profile and every badge's BadgeClass.
pub(super) fn site_files(shared: &Shared<'_>) -> Vec<(String, Vec<u8>)> {
    let base = &shared.snapshot.settings.base_url;
    let mut files = vec![(
        layout::OB2_ISSUER_JSON.to_string(),
        json_bytes(&ob2::issuer(&shared.snapshot.settings.config.issuer, base)),
    )];
    for badge in shared.snapshot.badges.values() {
        files.push((layout::ob2_badge_class(&badge.slug), json_bytes(&ob2::badge_class(badge, base))));
    }
    files
}

/// Where a credential's 2.0 copies are: the assertion's URL (absolute and site-relative) and its
/// baked badge image's, with the image's extension.
pub(super) struct Places {
    pub assertion: String,
    pub baked: Option<(String, &'static str)>,
}

/// The places of `item`'s 2.0 copies.
fn places(shared: &Shared<'_>, item: &Planned<'_>) -> Places {
    let e = &item.entry;
    let ext = shared.snapshot.badges.get(e.badge()).and_then(|b| b.image_ext()).map(|x| match x {
        "png" => "png",
        _ => "svg",
    });
    Places {
        assertion: layout::ob2_assertion(e.id()),
        baked: ext.map(|ext| (layout::ob2_baked_badge(e.id(), ext), ext)),
    }
}

/// What the landing page links to: the assertion, and the baked image with a file name that
/// starts with `download_stem`.
pub(super) fn view(shared: &Shared<'_>, item: &Planned<'_>, download_stem: &str) -> Ob2View {
    let base = &shared.snapshot.settings.base_url;
    let places = places(shared, item);
    Ob2View {
        assertion_url: base.path_of(&places.assertion),
        badge_url: places.baked.as_ref().map(|(rel, _)| base.path_of(rel)),
        badge_download: places.baked.map(|(_, ext)| format!("{download_stem}-ob2.{ext}")),
    }
}

/// A credential's 2.0 assertion and its baked badge image.
pub(super) fn credential_files(shared: &Shared<'_>, item: &Planned<'_>) -> Result<Vec<(String, Vec<u8>)>> {
    let base = &shared.snapshot.settings.base_url;
    let Places { assertion: assertion_rel, baked } = places(shared, item);
    let revoked = match item.standing() {
        Standing::Revoked { reason, .. } => Some(reason.as_deref()),
        Standing::Active | Standing::Suspended { .. } => None,
    };
    let baked_url = baked.as_ref().map(|(rel, _)| base.join(rel));
    let input = AssertionInput { entry: &item.entry, base, revoked, baked_image: baked_url.as_deref() };
    let assertion: Value = ob2::assertion(input);
    let mut files = vec![(assertion_rel.clone(), credential_json_bytes(&assertion))];
    if let (Some((rel, _)), Some((ext, art))) = (baked, shared.artworks.get(shared, item.entry.badge())?) {
        let text = serde_json::to_string(&assertion).expect("JSON values always serialise");
        let baked = match ext.as_str() {
            "png" => crate::render::bake::bake_png_ob2(art, &text),
            _ => std::str::from_utf8(art).map_err(|_| "the SVG artwork is not UTF-8".to_string()).and_then(|svg| {
                crate::render::bake::bake_svg_ob2(svg, &text, &base.join(&assertion_rel)).map(String::into_bytes)
            }),
        }
        .map_err(|e| Error::Usage(format!("badge {}: {e}", item.entry.badge()).into()))?;
        files.push((rel, baked));
    }
    Ok(files)
}
