//! Where every output lives, relative to the site root, and where the project keeps its own files.
//! URLs never change once published, so this is the one place they are decided.

use std::path::{Path, PathBuf};

/// The project's own working directory beside the content (development key, build cache): never
/// committed, never published. `<content>/../.hallmark/`.
pub(crate) fn work_dir(content_dir: &Path) -> PathBuf {
    let parent = match content_dir.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ if content_dir.as_os_str().is_empty() || content_dir == Path::new(".") => PathBuf::from(".."),
        _ => PathBuf::from("."),
    };
    parent.join(".hallmark")
}

pub(crate) use super::site_files::SiteFiles;

/// The PNG file signature.
pub(crate) const PNG_SIGNATURE: &[u8; 8] = b"\x89PNG\r\n\x1a\n";
/// The iTXt keyword of a baked Open Badges 3.0 PNG.
pub(crate) const PNG_KEYWORD: &str = "openbadgecredential";
/// The namespace of the element that carries a credential in a baked Open Badges 3.0 SVG.
pub(crate) const SVG_NAMESPACE: &str = "https://purl.imsglobal.org/ob/v3p0";

/// The keyword of the PNG chunk (`iTXt` or `tEXt`) that Open Badges 2.0 bakes an assertion into.
/// hallmark bakes 2.0 badges for backpacks (`[outputs] open_badges_2`) but does not verify them;
/// its verifiers name them as such.
// Shared with the browser verifier through rules.js, which a test generates from these constants.
pub(crate) const OB2_PNG_KEYWORD: &str = "openbadges";
/// The SVG namespace of Open Badges 2.0's baking element, `openbadges:assertion`.
pub(crate) const OB2_SVG_NAMESPACE: &str = "http://openbadges.org";

/// Bits in one status list: the minimum the Bitstring Status List spec sets, for herd privacy.
pub(crate) const STATUS_LIST_BITS: u64 = 131_072;

/// The directory that holds one directory per credential.
pub(crate) const CREDENTIALS_DIR: &str = "c";

/// A credential's landing page directory.
pub(crate) fn credential_page(id: &str) -> String {
    format!("{CREDENTIALS_DIR}/{id}/")
}

/// A credential's signed JSON, in its directory.
pub(crate) const JSON_FILE: &str = "credential.json";

/// A credential's proof of inclusion in the public log, in its directory.
pub(crate) const LOG_PROOF_FILE: &str = "log.tlog-proof";

/// A credential's signed JSON.
pub(crate) fn credential_json(id: &str) -> String {
    format!("c/{id}/{JSON_FILE}")
}

/// A badge's page directory.
pub(crate) fn badge_page(slug: &str) -> String {
    format!("badges/{slug}/")
}

/// A badge's Achievement JSON.
pub(crate) fn achievement_json(slug: &str) -> String {
    format!("badges/{slug}/achievement.json")
}

/// A badge's artwork.
pub(crate) fn badge_image(slug: &str, ext: &str) -> String {
    format!("badges/{slug}/image.{ext}")
}

/// A badge's artwork rendered to a 512×512 PNG (social cards, LinkedIn, baked downloads).
pub(crate) fn badge_png(slug: &str) -> String {
    format!("badges/{slug}/badge-512.png")
}

/// The page where anyone can check a credential file or a baked badge image.
pub(crate) const VERIFY_PAGE: &str = "verify/";

/// The issuer's Open Badges Profile.
pub(crate) const ISSUER_JSON: &str = "issuer.json";

/// The theme's stylesheet.
pub(crate) const STYLESHEET: &str = "assets/hallmark.css";

/// A brand's style sheet, named by a hash of its text: every page drawn with that brand links it.
pub(crate) fn brand_stylesheet(key: &str) -> String {
    format!("assets/brand-{key}.css")
}

/// The in-browser verifier (it loads `assets/badges.js` beside it when needed).
pub(crate) const SCRIPT: &str = "assets/verify.js";

/// Which status list (numbered from 1) holds `index`, and the bit within it.
pub(crate) fn status_position(index: u64) -> (u64, u64) {
    (index / STATUS_LIST_BITS + 1, index % STATUS_LIST_BITS)
}

/// What a status list records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Purpose {
    Revocation,
    Suspension,
}

impl Purpose {
    /// Both purposes, in the order credentials list their status entries.
    pub(crate) const ALL: [Purpose; 2] = [Purpose::Revocation, Purpose::Suspension];

    /// The `statusPurpose` value.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Purpose::Revocation => "revocation",
            Purpose::Suspension => "suspension",
        }
    }
}

/// A status list credential: `status/revocation/1.json`, `status/suspension/1.json`, ...
pub(crate) fn status_list(purpose: Purpose, list: u64) -> String {
    format!("status/{}/{list}.json", purpose.as_str())
}

/// A credential's share redirect page (`[reports] share_pages`): `linkedin` or `wallet`. A fetch of
/// it in the host's access log is a click, counted by `hallmark report engagement`.
pub(crate) fn share_page(id: &str, to: &str) -> String {
    format!("c/{id}/share/{to}/")
}

/// The issuer's Open Badges 2.0 `Issuer` profile (with `[outputs] open_badges_2`).
pub(crate) const OB2_ISSUER_JSON: &str = "issuer-ob2.json";

/// A badge's Open Badges 2.0 `BadgeClass`.
pub(crate) fn ob2_badge_class(slug: &str) -> String {
    format!("badges/{slug}/badgeclass.json")
}

/// A credential's Open Badges 2.0 hosted `Assertion`.
pub(crate) fn ob2_assertion(id: &str) -> String {
    format!("c/{id}/{OB2_ASSERTION_FILE}")
}

/// A credential's Open Badges 2.0 hosted `Assertion`, in its directory.
pub(crate) const OB2_ASSERTION_FILE: &str = "assertion.json";

/// A credential's badge artwork (`svg` or `png`, as the badge's) with its 2.0 assertion baked in.
pub(crate) fn ob2_baked_badge(id: &str, ext: &str) -> String {
    format!("c/{id}/badge-ob2.{ext}")
}

/// A credential's printable certificate (`[certificates] pdf = true`).
pub(crate) fn credential_pdf(id: &str) -> String {
    format!("c/{id}/{PDF_FILE}")
}

/// A credential's printable certificate, in its directory.
pub(crate) const PDF_FILE: &str = "certificate.pdf";

/// A credential's calendar entry for its expiry date.
pub(crate) fn credential_ics(id: &str) -> String {
    format!("c/{id}/{ICS_FILE}")
}

/// A credential's calendar entry, in its directory.
pub(crate) const ICS_FILE: &str = "expiry.ics";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_indexes_fill_one_list_then_the_next() {
        assert_eq!(status_position(0), (1, 0));
        assert_eq!(status_position(131_071), (1, 131_071));
        assert_eq!(status_position(131_072), (2, 0));
    }
}
