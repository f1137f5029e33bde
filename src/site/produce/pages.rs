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
    let mut out = Written { sink, files: Vec::new() };
    for lang in &shared.languages {
        site_pages(shared, lang, &mut out)?;
        badge_pages(shared, lang, &mut out)?;
    }
    badge_files(shared, &mut out)?;
    issuer_files(shared, plan, &mut out)?;
    asset_files(shared, &mut out)?;
    if shared.ob2 {
        for (rel, bytes) in super::ob2::site_files(shared) {
            out.put(&rel, bytes)?;
        }
    }
    Ok(out.files)
}

/// The sink, and the files put into it so far with their lengths.
struct Written<'s> {
    sink: &'s dyn Sink,
    files: Vec<(String, u64)>,
}

impl Written<'_> {
    /// Puts the file at site-relative path `rel`, noting it and its length.
    fn put(&mut self, rel: &str, bytes: Vec<u8>) -> Result<()> {
        self.files.push((rel.to_string(), bytes.len() as u64));
        self.sink.put(rel, bytes)
    }
}

/// The home page (programs in config order, sorted by slug, then badges without a program), 404 and verify pages.
fn site_pages(shared: &Shared<'_>, lang: &str, out: &mut Written<'_>) -> Result<()> {
    let snapshot = shared.snapshot;
    let base = &snapshot.settings.base_url;
    let cfg = &snapshot.settings.config;
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
                .filter_map(|b| shared.badge_view(lang, &b.slug))
                .collect(),
        })
        .collect();
    let other_badges = snapshot
        .badges
        .values()
        .filter(|b| b.program.is_none())
        .filter_map(|b| shared.badge_view(lang, &b.slug))
        .collect();
    let locales = &shared.theme.locales;
    let home = shared.localized(lang, "");
    let index = IndexPage {
        common: shared.common(lang, ""),
        page: PageView { title: cfg.site.title.clone(), canonical_url: base.join(&home) },
        noindex: false,
        programs,
        other_badges,
    };
    out.put(&format!("{home}index.html"), shared.theme.render("index.html", &index)?.into_bytes())?;
    let not_found = BadgePageless {
        common: shared.common(lang, ""),
        page: PageView { title: locales.text(lang, "not-found-title", &[]), canonical_url: base.join(&home) },
        noindex: true,
    };
    out.put(&format!("{home}404.html"), shared.theme.render("404.html", &not_found)?.into_bytes())?;
    let verify_rel = shared.localized(lang, layout::VERIFY_PAGE);
    let verify = BadgePageless {
        common: shared.common(lang, layout::VERIFY_PAGE),
        page: PageView { title: locales.text(lang, "verify-title", &[]), canonical_url: base.join(&verify_rel) },
        noindex: false,
    };
    out.put(&format!("{verify_rel}index.html"), shared.theme.render("verify.html", &verify)?.into_bytes())
}

/// Each badge's page in language `lang`.
fn badge_pages(shared: &Shared<'_>, lang: &str, out: &mut Written<'_>) -> Result<()> {
    let base = &shared.snapshot.settings.base_url;
    for badge in shared.snapshot.badges.values() {
        let view = shared.badge_view(lang, &badge.slug).expect("badge is in the snapshot");
        let rel = layout::badge_page(&badge.slug);
        let page = BadgePage {
            common: shared.common_for(lang, &rel, &badge.slug),
            page: PageView { title: badge.name.clone(), canonical_url: base.join(&shared.localized(lang, &rel)) },
            noindex: false,
            badge: &view,
        };
        out.put(
            &format!("{}index.html", shared.localized(lang, &rel)),
            shared.theme.render("badge.html", &page)?.into_bytes(),
        )?;
    }
    Ok(())
}

/// Each badge's achievement document and artwork (as given or drawn, and as a PNG).
fn badge_files(shared: &Shared<'_>, out: &mut Written<'_>) -> Result<()> {
    let mut kept_pngs = Vec::new();
    for badge in shared.snapshot.badges.values() {
        let achievement = &shared.achievements[badge.slug.as_str()];
        out.put(
            &layout::achievement_json(&badge.slug),
            json_bytes(&credential::achievement_document(achievement, &shared.issuer_profile)),
        )?;
        let (ext, bytes, src) = super::artwork::badge_artwork(shared.snapshot, badge)?;
        let kept = shared.kept_pngs.as_deref().map(|dir| crate::render::artwork::kept_png(dir, &bytes, 512));
        let png = crate::render::artwork::image_to_png_kept(&bytes, 512, kept.as_deref()).map_err(|e| {
            let shown = src
                .map_or_else(|| format!("the artwork drawn for badge \"{}\"", badge.slug), |s| s.display().to_string());
            Error::Usage(format!("{shown}: {e}").into())
        })?;
        out.put(&layout::badge_png(&badge.slug), png)?;
        out.put(&layout::badge_image(&badge.slug, &ext), bytes)?;
        kept_pngs.extend(kept);
    }
    if let Some(dir) = &shared.kept_pngs {
        crate::render::artwork::forget_other_pngs(dir, &kept_pngs);
    }
    Ok(())
}

/// The issuer profile, the DID document and the status lists.
fn issuer_files(shared: &Shared<'_>, plan: &Plan<'_>, out: &mut Written<'_>) -> Result<()> {
    let snapshot = shared.snapshot;
    let base = &snapshot.settings.base_url;
    out.put(layout::ISSUER_JSON, json_bytes(&credential::issuer_document(&snapshot.settings.config.issuer, base)))?;
    let keys = did_keys(snapshot, shared.key);
    out.put(base.did_document_rel(), json_bytes(&did::did_document_with_log(base, &keys, shared.log.as_ref())))?;
    for (path, doc) in status::status_lists(shared, plan)? {
        out.put(&path, json_bytes(&doc))?;
    }
    Ok(())
}

/// The theme's assets, the files under `static/`, `.nojekyll` and `robots.txt`.
fn asset_files(shared: &Shared<'_>, out: &mut Written<'_>) -> Result<()> {
    let snapshot = shared.snapshot;
    for (name, bytes) in &shared.theme.assets {
        out.put(&format!("assets/{name}"), bytes.clone())?;
    }
    for lang in shared.languages.iter().filter(|l| l.as_str() != crate::render::locale::FALLBACK) {
        out.put(&format!("assets/messages-{lang}.json"), shared.theme.locales.browser_messages(lang))?;
    }
    for (path, css) in &shared.brands.sheets {
        out.put(path, css.clone().into_bytes())?;
    }
    for (path, bytes) in &shared.certificates.files {
        out.put(path, bytes.clone())?;
    }
    for rel in &snapshot.static_files {
        let src = snapshot.content_dir.join(rel);
        let bytes = std::fs::read(&src).map_err(|e| Error::io("read", &src, e))?;
        out.put(&rel.to_string_lossy().replace('\\', "/"), bytes)?;
    }
    out.put(".nojekyll", Vec::new())?;
    out.put("robots.txt", b"User-agent: *\nAllow: /\n".to_vec())
}

/// The home and 404 pages need no badge.
#[derive(serde::Serialize)]
struct BadgePageless<'a> {
    #[serde(flatten)]
    common: Common<'a>,
    page: PageView,
    noindex: bool,
}
