//! The site-wide files: home, badge pages and achievements, issuer profile, DID document, status
//! lists, assets.

use super::{did_keys, json_bytes, status, Shared};
use crate::document::{credential, did};
use crate::ground::error::{Error, Result};
use crate::ground::layout;
use crate::render::views::*;
use crate::site::output::Sink;
use crate::site::plan::Plan;

/// Produces the site-wide files: home, badges, issuer, DID document, status lists, assets.
/// Returns the files written, with their lengths.
pub(crate) fn produce_site(shared: &Shared<'_>, plan: &Plan<'_>, sink: &dyn Sink) -> Result<Vec<(String, u64)>> {
    let mut files: Vec<(String, u64)> = Vec::new();
    let mut put = |rel: &str, bytes: Vec<u8>| -> Result<()> {
        files.push((rel.to_string(), bytes.len() as u64));
        sink.put(rel, bytes)
    };
    let snapshot = shared.snapshot;
    let base = &snapshot.settings.base_url;
    let cfg = &snapshot.settings.config;

    // Home page: programs in config order (sorted by slug), then badges without a program.
    let programs = cfg
        .programs
        .iter()
        .map(|(slug, p)| ProgramView {
            slug,
            name: &p.name,
            description: p.description.as_deref(),
            badges: snapshot
                .badges
                .values()
                .filter(|b| b.program.as_deref() == Some(slug))
                .filter_map(|b| shared.badge_view(&b.slug))
                .collect(),
        })
        .collect();
    let other_badges =
        snapshot.badges.values().filter(|b| b.program.is_none()).filter_map(|b| shared.badge_view(&b.slug)).collect();
    let index = IndexPage {
        common: shared.common(),
        page: PageView { title: cfg.site.title.clone(), canonical_url: base.to_string() },
        noindex: false,
        programs,
        other_badges,
    };
    put("index.html", shared.theme.render("index.html", &index)?.into_bytes())?;
    let not_found = BadgePageless {
        common: shared.common(),
        page: PageView { title: "Page not found".into(), canonical_url: base.to_string() },
        noindex: true,
    };
    put("404.html", shared.theme.render("404.html", &not_found)?.into_bytes())?;
    let verify = BadgePageless {
        common: shared.common(),
        page: PageView { title: "Verify a credential".into(), canonical_url: base.join(layout::VERIFY_PAGE) },
        noindex: false,
    };
    put(&format!("{}index.html", layout::VERIFY_PAGE), shared.theme.render("verify.html", &verify)?.into_bytes())?;

    for badge in snapshot.badges.values() {
        let view = shared.badge_view(&badge.slug).expect("badge is in the snapshot");
        let page = BadgePage {
            common: shared.common(),
            page: PageView { title: badge.name.clone(), canonical_url: base.join(&layout::badge_page(&badge.slug)) },
            noindex: false,
            badge: &view,
        };
        put(
            &format!("{}index.html", layout::badge_page(&badge.slug)),
            shared.theme.render("badge.html", &page)?.into_bytes(),
        )?;
        let achievement = &shared.achievements[badge.slug.as_str()];
        put(&layout::achievement_json(&badge.slug), json_bytes(&credential::achievement_document(achievement)))?;
        if let (Some(src), Some(ext)) = (&badge.image, badge.image_ext()) {
            let bytes = std::fs::read(src).map_err(|e| Error::io("read", src, e))?;
            let png = crate::render::artwork::image_to_png_cached(&bytes, 512)
                .map_err(|e| Error::Usage(format!("{}: {e}", src.display()).into()))?;
            put(&layout::badge_png(&badge.slug), png)?;
            put(&layout::badge_image(&badge.slug, ext), bytes)?;
        }
    }

    put(layout::ISSUER_JSON, json_bytes(&credential::issuer_document(&cfg.issuer, base)))?;
    let keys = did_keys(snapshot, shared.key);
    put(base.did_document_rel(), json_bytes(&did::did_document(base, &keys)))?;

    for (path, doc) in status::status_lists(shared, plan)? {
        put(&path, json_bytes(&doc))?;
    }

    for (name, bytes) in &shared.theme.assets {
        put(&format!("assets/{name}"), bytes.clone())?;
    }
    for rel in &snapshot.static_files {
        let src = snapshot.content_dir.join(rel);
        let bytes = std::fs::read(&src).map_err(|e| Error::io("read", &src, e))?;
        put(&rel.to_string_lossy().replace('\\', "/"), bytes)?;
    }
    put(".nojekyll", Vec::new())?;
    put("robots.txt", b"User-agent: *\nAllow: /\n".to_vec())?;
    Ok(files)
}

/// The home and 404 pages need no badge.
#[derive(serde::Serialize)]
struct BadgePageless<'a> {
    #[serde(flatten)]
    common: Common<'a>,
    page: PageView,
    noindex: bool,
}
